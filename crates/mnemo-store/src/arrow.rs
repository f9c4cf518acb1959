//! Conversions between domain types and Arrow record batches.

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{
    Array, ArrayRef, BooleanArray, FixedSizeListArray, Float32Array, Float64Array, ListArray,
    RecordBatch, StringArray, TimestampMicrosecondArray, UInt32Array,
};
use arrow_schema::{DataType, Field, SchemaRef};
use mnemo_core::{Edge, Error, Memory, Operation, OperationKind, Result, Space, Timestamp};
use std::sync::Arc;

fn storage(e: impl std::fmt::Display) -> Error {
    Error::Storage(e.to_string())
}

fn micros(t: Option<Timestamp>) -> Option<i64> {
    t.map(|t| t.timestamp_micros())
}

fn ts_array(values: Vec<Option<i64>>) -> ArrayRef {
    Arc::new(TimestampMicrosecondArray::from(values).with_timezone("UTC"))
}

fn str_array<'a>(values: impl IntoIterator<Item = Option<&'a str>>) -> ArrayRef {
    Arc::new(StringArray::from_iter(values))
}

fn batch(schema: &SchemaRef, columns: Vec<ArrayRef>) -> Result<RecordBatch> {
    RecordBatch::try_new(schema.clone(), columns).map_err(storage)
}

/// One memory as its row is written: the memory, its vector, and its search context (the text
/// around it that the full-text index reads with it, e.g. the turn before it in its session).
#[derive(Debug, Clone, Copy)]
pub struct MemoryRow<'a> {
    pub memory: &'a Memory,
    pub vector: &'a [f32],
    pub context: &'a str,
}

impl<'a> MemoryRow<'a> {
    /// A row without context.
    pub fn new(memory: &'a Memory, vector: &'a [f32]) -> Self {
        MemoryRow {
            memory,
            vector,
            context: "",
        }
    }
}

/// The document the full-text index reads (its `search_text` column): title, body, tags, and
/// the memory's search context. What is shown and edited stays the memory's own text.
pub fn fts_document(m: &Memory, context: &str) -> String {
    let mut s = m.embedding_text();
    if !m.tags.is_empty() {
        s.push('\n');
        s.push_str(
            &m.tags
                .iter()
                .map(|t| format!("#{t}"))
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    if !context.is_empty() {
        s.push('\n');
        s.push_str(context);
    }
    s
}

pub fn memories_to_batch(
    schema: &SchemaRef,
    rows: &[MemoryRow],
    dims: usize,
) -> Result<RecordBatch> {
    let ms: Vec<&Memory> = rows.iter().map(|r| r.memory).collect();
    let mut tags = ListBuilder::new(StringBuilder::new());
    for m in &ms {
        for t in &m.tags {
            tags.values().append_value(t);
        }
        tags.append(true);
    }
    let mut flat = Vec::with_capacity(rows.len() * dims);
    for MemoryRow {
        memory: m,
        vector: v,
        ..
    } in rows
    {
        if v.len() != dims {
            return Err(Error::invalid(
                "vector",
                format!(
                    "memory {} has {} dimensions; this store holds {dims}",
                    m.id,
                    v.len()
                ),
            ));
        }
        flat.extend_from_slice(v);
    }
    let vectors = FixedSizeListArray::try_new(
        Arc::new(Field::new("item", DataType::Float32, true)),
        dims as i32,
        Arc::new(Float32Array::from(flat)),
        None,
    )
    .map_err(storage)?;
    let search: Vec<String> = (rows.iter())
        .map(|r| fts_document(r.memory, r.context))
        .collect();
    let properties: Vec<Option<String>> = (ms.iter())
        .map(|m| (!m.properties.is_empty()).then(|| serde_json::to_string(&m.properties)))
        .map(Option::transpose)
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| Error::invalid("properties", e.to_string()))?;
    batch(
        schema,
        vec![
            str_array(ms.iter().map(|m| Some(m.id.as_str()))),
            str_array(ms.iter().map(|m| Some(m.kind.as_str()))),
            str_array(ms.iter().map(|m| Some(m.title.as_str()))),
            str_array(ms.iter().map(|m| Some(m.text.as_str()))),
            Arc::new(tags.finish()),
            str_array(ms.iter().map(|m| Some(m.space.as_str()))),
            str_array(ms.iter().map(|m| Some(m.source.as_str()))),
            str_array(ms.iter().map(|m| m.session.as_deref())),
            str_array(ms.iter().map(|m| m.external_id.as_deref())),
            ts_array(ms.iter().map(|m| micros(m.occurred_at)).collect()),
            ts_array(ms.iter().map(|m| micros(m.valid_from)).collect()),
            ts_array(ms.iter().map(|m| micros(m.valid_until)).collect()),
            ts_array(
                ms.iter()
                    .map(|m| Some(m.created_at.timestamp_micros()))
                    .collect(),
            ),
            ts_array(
                ms.iter()
                    .map(|m| Some(m.updated_at.timestamp_micros()))
                    .collect(),
            ),
            Arc::new(Float32Array::from_iter_values(
                ms.iter().map(|m| m.importance),
            )),
            Arc::new(BooleanArray::from_iter(ms.iter().map(|m| Some(m.pinned)))),
            str_array(ms.iter().map(|m| Some(m.status.as_str()))),
            Arc::new(UInt32Array::from_iter_values(
                ms.iter().map(|m| m.access_count),
            )),
            ts_array(ms.iter().map(|m| micros(m.last_accessed_at)).collect()),
            str_array(ms.iter().map(|m| Some(m.embedder.as_str()))),
            Arc::new(UInt32Array::from_iter_values(ms.iter().map(|m| m.version))),
            str_array(search.iter().map(|s| Some(s.as_str()))),
            Arc::new(vectors),
            string_lists(ms.iter().map(|m| &m.aliases)),
            string_lists(ms.iter().map(|m| &m.merged_from)),
            str_array(ms.iter().map(|m| m.merged_into.as_deref())),
            str_array(ms.iter().map(|m| Some(m.written_by.as_str()))),
            str_array(ms.iter().map(|m| m.held.as_deref())),
            str_array(properties.iter().map(Option::as_deref)),
        ],
    )
}

/// Who wrote a memory stored before writers were recorded: agents' memories carried their
/// name as source (set by the server); everything else came from the person.
fn writer_before_v4(source: &str) -> String {
    if source.starts_with("agent:") {
        source
    } else {
        "user"
    }
    .to_string()
}

/// A list column of strings; an empty list is written as null (as upgraded stores read).
fn string_lists<'a>(rows: impl Iterator<Item = &'a Vec<String>>) -> ArrayRef {
    let mut b = ListBuilder::new(StringBuilder::new());
    for list in rows {
        for v in list {
            b.values().append_value(v);
        }
        b.append(!list.is_empty());
    }
    Arc::new(b.finish())
}

/// Row `i` of a list column of strings; null is empty.
fn strings_at(a: &ListArray, i: usize) -> Result<Vec<String>> {
    if a.is_null(i) {
        return Ok(Vec::new());
    }
    let values = a.value(i);
    let values = (values.as_any().downcast_ref::<StringArray>())
        .ok_or_else(|| Error::Storage("a list column is not a list of strings".into()))?;
    Ok(values.iter().flatten().map(str::to_string).collect())
}

/// Typed access to a batch's columns by name, with an error naming a missing column.
pub struct Cols<'a>(pub &'a RecordBatch);

impl<'a> Cols<'a> {
    fn col<T: 'static>(&self, name: &str) -> Result<&'a T> {
        self.0
            .column_by_name(name)
            .and_then(|c| c.as_any().downcast_ref::<T>())
            .ok_or_else(|| {
                Error::Storage(format!("column {name} missing or of an unexpected type"))
            })
    }
    pub fn str(&self, name: &str) -> Result<&'a StringArray> {
        self.col(name)
    }
    pub fn ts(&self, name: &str) -> Result<&'a TimestampMicrosecondArray> {
        self.col(name)
    }
    pub fn f32(&self, name: &str) -> Result<&'a Float32Array> {
        self.col(name)
    }
    pub fn f64(&self, name: &str) -> Result<&'a Float64Array> {
        self.col(name)
    }
    pub fn u32(&self, name: &str) -> Result<&'a UInt32Array> {
        self.col(name)
    }
    pub fn u64(&self, name: &str) -> Result<&'a arrow_array::UInt64Array> {
        self.col(name)
    }
    pub fn bool(&self, name: &str) -> Result<&'a BooleanArray> {
        self.col(name)
    }
    pub fn list(&self, name: &str) -> Result<&'a ListArray> {
        self.col(name)
    }
    pub fn vectors(&self, name: &str) -> Result<&'a FixedSizeListArray> {
        self.col(name)
    }
}

pub fn opt_str(a: &StringArray, i: usize) -> Option<String> {
    (!a.is_null(i)).then(|| a.value(i).to_string())
}

pub fn opt_ts(a: &TimestampMicrosecondArray, i: usize) -> Option<Timestamp> {
    if a.is_null(i) {
        None
    } else {
        chrono::DateTime::from_timestamp_micros(a.value(i))
    }
}

pub fn req_ts(a: &TimestampMicrosecondArray, i: usize) -> Result<Timestamp> {
    opt_ts(a, i)
        .ok_or_else(|| Error::Storage("a required timestamp is null or out of range".into()))
}

pub fn memories_from_batch(b: &RecordBatch, out: &mut Vec<Memory>) -> Result<()> {
    let c = Cols(b);
    let (id, kind, title, text, tags, space, source, session, ext) = (
        c.str("id")?,
        c.str("kind")?,
        c.str("title")?,
        c.str("text")?,
        c.list("tags")?,
        c.str("space")?,
        c.str("source")?,
        c.str("session")?,
        c.str("external_id")?,
    );
    let (occ, vf, vu, created, updated, last) = (
        c.ts("occurred_at")?,
        c.ts("valid_from")?,
        c.ts("valid_until")?,
        c.ts("created_at")?,
        c.ts("updated_at")?,
        c.ts("last_accessed_at")?,
    );
    let (importance, pinned, status, access, embedder, version) = (
        c.f32("importance")?,
        c.bool("pinned")?,
        c.str("status")?,
        c.u32("access_count")?,
        c.str("embedder")?,
        c.u32("version")?,
    );
    let (aliases, merged_from, merged_into) = (
        c.list("aliases")?,
        c.list("merged_from")?,
        c.str("merged_into")?,
    );
    let (written_by, held) = (c.str("written_by")?, c.str("held")?);
    let properties = c.str("properties")?;
    for i in 0..b.num_rows() {
        out.push(Memory {
            id: id.value(i).to_string(),
            kind: kind.value(i).parse()?,
            title: title.value(i).to_string(),
            text: text.value(i).to_string(),
            tags: strings_at(tags, i)?,
            space: space.value(i).to_string(),
            source: source.value(i).to_string(),
            session: opt_str(session, i),
            external_id: opt_str(ext, i),
            occurred_at: opt_ts(occ, i),
            valid_from: opt_ts(vf, i),
            valid_until: opt_ts(vu, i),
            created_at: req_ts(created, i)?,
            updated_at: req_ts(updated, i)?,
            importance: importance.value(i),
            pinned: pinned.value(i),
            status: status.value(i).parse()?,
            access_count: access.value(i),
            last_accessed_at: opt_ts(last, i),
            embedder: embedder.value(i).to_string(),
            version: version.value(i),
            aliases: strings_at(aliases, i)?,
            merged_from: strings_at(merged_from, i)?,
            merged_into: opt_str(merged_into, i),
            written_by: opt_str(written_by, i).unwrap_or_else(|| writer_before_v4(source.value(i))),
            held: opt_str(held, i),
            properties: properties_at(properties, i)?,
        });
    }
    Ok(())
}

/// A memory's own fields: JSON text, null when it has none.
fn properties_at(a: &StringArray, i: usize) -> Result<mnemo_core::Properties> {
    match opt_str(a, i) {
        None => Ok(Default::default()),
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| Error::Storage(format!("a memory's properties are not JSON: {e}"))),
    }
}

pub fn vectors_from_batch(b: &RecordBatch, out: &mut Vec<(String, Vec<f32>)>) -> Result<()> {
    let c = Cols(b);
    let ids = c.str("id")?;
    let vectors = c.vectors("vector")?;
    for i in 0..b.num_rows() {
        let v = vectors.value(i);
        let v = v
            .as_any()
            .downcast_ref::<Float32Array>()
            .ok_or_else(|| Error::Storage("vector column is not float32".into()))?;
        out.push((ids.value(i).to_string(), v.values().to_vec()));
    }
    Ok(())
}

pub fn edges_to_batch(schema: &SchemaRef, es: &[Edge]) -> Result<RecordBatch> {
    batch(
        schema,
        vec![
            str_array(es.iter().map(|e| Some(e.id.as_str()))),
            str_array(es.iter().map(|e| Some(e.from.as_str()))),
            str_array(es.iter().map(|e| Some(e.to.as_str()))),
            str_array(es.iter().map(|e| Some(e.kind.as_str()))),
            str_array(es.iter().map(|e| Some(e.relation.as_str()))),
            Arc::new(Float32Array::from_iter_values(es.iter().map(|e| e.weight))),
            ts_array(es.iter().map(|e| micros(e.valid_from)).collect()),
            ts_array(es.iter().map(|e| micros(e.valid_until)).collect()),
            str_array(es.iter().map(|e| Some(e.provenance.as_str()))),
            Arc::new(BooleanArray::from_iter(
                es.iter().map(|e| Some(e.automatic)),
            )),
            Arc::new(BooleanArray::from_iter(
                es.iter().map(|e| Some(e.confirmed)),
            )),
            ts_array(
                es.iter()
                    .map(|e| Some(e.created_at.timestamp_micros()))
                    .collect(),
            ),
        ],
    )
}

pub fn edges_from_batch(b: &RecordBatch, out: &mut Vec<Edge>) -> Result<()> {
    let c = Cols(b);
    let (id, from, to, kind, relation, weight) = (
        c.str("id")?,
        c.str("from_id")?,
        c.str("to_id")?,
        c.str("kind")?,
        c.str("relation")?,
        c.f32("weight")?,
    );
    let (vf, vu, prov, auto, conf, created) = (
        c.ts("valid_from")?,
        c.ts("valid_until")?,
        c.str("provenance")?,
        c.bool("automatic")?,
        c.bool("confirmed")?,
        c.ts("created_at")?,
    );
    for i in 0..b.num_rows() {
        out.push(Edge {
            id: id.value(i).to_string(),
            from: from.value(i).to_string(),
            to: to.value(i).to_string(),
            kind: kind.value(i).parse()?,
            relation: relation.value(i).to_string(),
            weight: weight.value(i),
            valid_from: opt_ts(vf, i),
            valid_until: opt_ts(vu, i),
            provenance: prov.value(i).to_string(),
            automatic: auto.value(i),
            confirmed: conf.value(i),
            created_at: req_ts(created, i)?,
        });
    }
    Ok(())
}

/// Operations as rows of the log, all of them part of commit `seq`.
pub fn operations_to_batch(schema: &SchemaRef, ops: &[Operation], seq: u64) -> Result<RecordBatch> {
    batch(
        schema,
        vec![
            str_array(ops.iter().map(|o| Some(o.id.as_str()))),
            str_array(ops.iter().map(|o| Some(o.kind.as_str()))),
            str_array(ops.iter().map(|o| Some(o.actor.as_str()))),
            ts_array(ops.iter().map(|o| Some(o.at.timestamp_micros())).collect()),
            str_array(ops.iter().map(|o| Some(o.target.as_str()))),
            str_array(ops.iter().map(|o| Some(o.space.as_str()))),
            str_array(ops.iter().map(|o| o.before.as_deref().map(|j| j.get()))),
            str_array(ops.iter().map(|o| o.after.as_deref().map(|j| j.get()))),
            Arc::new(arrow_array::UInt64Array::from(vec![seq; ops.len()])),
            str_array(ops.iter().map(|o| Some(o.action.as_str()))),
            str_array(ops.iter().map(|o| o.undoes.as_deref())),
            str_array(
                ops.iter()
                    .map(|o| Some(o.via.as_str()).filter(|v| !v.is_empty())),
            ),
        ],
    )
}

fn parse_json(s: Option<String>) -> Result<Option<mnemo_core::Json>> {
    s.map(|s| serde_json::value::RawValue::from_string(s).map_err(storage))
        .transpose()
}

pub fn operations_from_batch(b: &RecordBatch, out: &mut Vec<Operation>) -> Result<()> {
    let start = out.len();
    operation_headers_from_batch(b, out)?;
    let c = Cols(b);
    let (before, after) = (c.str("before")?, c.str("after")?);
    for (i, o) in out[start..].iter_mut().enumerate() {
        o.before = parse_json(opt_str(before, i))?;
        o.after = parse_json(opt_str(after, i))?;
    }
    Ok(())
}

/// Operations without their documents: every column but `before` and `after`.
pub fn operation_headers_from_batch(b: &RecordBatch, out: &mut Vec<Operation>) -> Result<()> {
    let c = Cols(b);
    let (id, kind, actor, at, target, space) = (
        c.str("id")?,
        c.str("kind")?,
        c.str("actor")?,
        c.ts("at")?,
        c.str("target")?,
        c.str("space")?,
    );
    let (action, undoes, via) = (c.str("action")?, c.str("undoes")?, c.str("via")?);
    for i in 0..b.num_rows() {
        out.push(Operation {
            id: id.value(i).to_string(),
            kind: OperationKind::parse(kind.value(i)).ok_or_else(|| {
                Error::Storage(format!("unknown operation kind {:?}", kind.value(i)))
            })?,
            actor: actor.value(i).to_string(),
            at: req_ts(at, i)?,
            target: target.value(i).to_string(),
            space: space.value(i).to_string(),
            before: None,
            after: None,
            action: opt_str(action, i).unwrap_or_else(|| id.value(i).to_string()),
            undoes: opt_str(undoes, i),
            via: opt_str(via, i).unwrap_or_default(),
        });
    }
    Ok(())
}

pub fn spaces_to_batch(schema: &SchemaRef, spaces: &[Space]) -> Result<RecordBatch> {
    batch(
        schema,
        vec![
            str_array(spaces.iter().map(|s| Some(s.name.as_str()))),
            str_array(spaces.iter().map(|s| Some(s.description.as_str()))),
            ts_array(
                spaces
                    .iter()
                    .map(|s| Some(s.created_at.timestamp_micros()))
                    .collect(),
            ),
            str_array(spaces.iter().map(|s| Some(s.colour.as_str()))),
            Arc::new(BooleanArray::from_iter(
                spaces.iter().map(|s| Some(s.archived)),
            )),
        ],
    )
}

pub fn spaces_from_batch(b: &RecordBatch, out: &mut Vec<Space>) -> Result<()> {
    let c = Cols(b);
    let (name, desc, created) = (c.str("name")?, c.str("description")?, c.ts("created_at")?);
    let (colour, archived) = (c.str("colour")?, c.bool("archived")?);
    for i in 0..b.num_rows() {
        out.push(Space {
            name: name.value(i).to_string(),
            description: desc.value(i).to_string(),
            created_at: req_ts(created, i)?,
            colour: opt_str(colour, i).unwrap_or_default(),
            archived: !archived.is_null(i) && archived.value(i),
        });
    }
    Ok(())
}

pub fn strings_batch(schema: &SchemaRef, columns: Vec<Vec<&str>>) -> Result<RecordBatch> {
    batch(
        schema,
        columns
            .into_iter()
            .map(|c| str_array(c.into_iter().map(Some)))
            .collect(),
    )
}

pub fn access_to_batch(schema: &SchemaRef, rows: &[(&str, u32, Timestamp)]) -> Result<RecordBatch> {
    batch(
        schema,
        vec![
            str_array(rows.iter().map(|r| Some(r.0))),
            Arc::new(UInt32Array::from_iter_values(rows.iter().map(|r| r.1))),
            ts_array(rows.iter().map(|r| Some(r.2.timestamp_micros())).collect()),
        ],
    )
}

/// The access log per memory: (count, last access). Entries hold running totals, not
/// increments, so that a row rewritten with the total it had is not counted twice: the highest wins.
pub fn access_from_batch(
    b: &RecordBatch,
    out: &mut std::collections::HashMap<String, (u32, Timestamp)>,
) -> Result<()> {
    let c = Cols(b);
    let (id, count, at) = (c.str("id")?, c.u32("count")?, c.ts("at")?);
    for i in 0..b.num_rows() {
        let at_i = req_ts(at, i)?;
        let e = out.entry(id.value(i).to_string()).or_insert((0, at_i));
        e.0 = e.0.max(count.value(i));
        e.1 = e.1.max(at_i);
    }
    Ok(())
}
