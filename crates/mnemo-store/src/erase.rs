//! Erasing purged memories from every file of the store: their log entries and traces are
//! redacted in place, then every table is compacted, the full-text and vector indexes rebuilt,
//! and every older version and unreferenced file removed, so no file still holds their text.

use arrow_array::RecordBatch;
use lancedb::table::{CompactionOptions, OptimizeAction};
use mnemo_core::Result;

use crate::arrow::Cols;
use crate::commit::WriteGuard;
use crate::store::{MemoryStore, merge_upsert, retry, scan, sql_str, storage};

/// A stored trace as the eraser reads and rewrites it.
#[derive(Debug, Clone)]
pub struct StoredTrace {
    pub id: String,
    pub query: String,
    pub json: String,
}

/// `column LIKE '%needle%'` for any of the needles. `%` and `_` in a needle stay wildcards
/// (Lance's filters take no ESCAPE): a row matched too widely is only checked and left as it is.
fn mentions_any(columns: &[&str], needles: &[&str]) -> String {
    let terms: Vec<String> = (columns.iter())
        .flat_map(|c| {
            needles
                .iter()
                .map(move |n| format!("`{c}` LIKE {}", sql_str(&format!("%{n}%"))))
        })
        .collect();
    format!("({})", terms.join(" OR "))
}

fn id_list(ids: &[&str]) -> String {
    ids.iter()
        .map(|i| sql_str(i))
        .collect::<Vec<_>>()
        .join(", ")
}

impl MemoryStore {
    /// Replaces what the log holds of `ids` — entries about them (not the purge records) and the
    /// links that touched them — with `note`. Returns how many entries were redacted.
    pub async fn redact_operations(
        &self,
        _guard: &WriteGuard,
        ids: &[&str],
        note: &str,
    ) -> Result<usize> {
        if ids.is_empty() {
            return Ok(0);
        }
        let about = format!("(target IN ({}) AND kind <> 'purge')", id_list(ids));
        let links = format!(
            "(kind IN ('link', 'unlink') AND {})",
            mentions_any(&["before", "after"], ids)
        );
        let filter = format!("{about} OR {links}");
        let n = (self.operations.count_rows(Some(filter.clone())).await).map_err(storage)?;
        if n > 0 {
            retry(|| async {
                self.operations
                    .update()
                    .only_if(filter.clone())
                    .column("before", "CAST(NULL AS STRING)")
                    .column("after", sql_str(note))
                    .execute()
                    .await
                    .map(|_| ())
            })
            .await?;
        }
        Ok(n)
    }

    /// Stored traces whose JSON mentions any of `needles` (ids, texts).
    pub async fn traces_mentioning(&self, needles: &[&str]) -> Result<Vec<StoredTrace>> {
        if needles.is_empty() {
            return Ok(Vec::new());
        }
        let filter = mentions_any(&["trace", "query"], needles);
        let columns = ["id", "query", "trace"].map(String::from).to_vec();
        let batches = scan(&self.traces, Some(filter), Some(columns)).await?;
        let mut out = Vec::new();
        for b in &batches {
            let c = Cols(b);
            let (id, query, json) = (c.str("id")?, c.str("query")?, c.str("trace")?);
            for i in 0..b.num_rows() {
                out.push(StoredTrace {
                    id: id.value(i).to_string(),
                    query: query.value(i).to_string(),
                    json: json.value(i).to_string(),
                });
            }
        }
        Ok(out)
    }

    /// Writes redacted traces over the stored ones (same ids).
    pub async fn replace_traces(&self, _guard: &WriteGuard, traces: &[StoredTrace]) -> Result<()> {
        if traces.is_empty() {
            return Ok(());
        }
        let ids: Vec<&str> = traces.iter().map(|t| t.id.as_str()).collect();
        let filter = format!("id IN ({})", id_list(&ids));
        let batches = scan(&self.traces, Some(filter), None).await?;
        let by_id: std::collections::HashMap<&str, &StoredTrace> =
            traces.iter().map(|t| (t.id.as_str(), t)).collect();
        for b in batches {
            let batch = redacted_batch(&b, &by_id)?;
            merge_upsert(&self.traces, "id", batch).await?;
        }
        Ok(())
    }

    /// Leaves no file holding what was removed or redacted: compacts every table (deletions
    /// materialised), rebuilds the full-text index and any vector index, and removes every
    /// older version and every file no version needs. Other processes reading an old version
    /// at this moment get an error and read again.
    pub async fn scrub(&self, _guard: &WriteGuard) -> Result<()> {
        for (_, table) in self.tables() {
            retry(|| async {
                let compact = OptimizeAction::Compact {
                    options: CompactionOptions {
                        materialize_deletions: true,
                        materialize_deletions_threshold: 0.0,
                        ..Default::default()
                    },
                    remap_options: None,
                };
                table.optimize(compact).await.map(|_| ())
            })
            .await?;
        }
        self.rebuild_fts_index().await?;
        if self.vector_index().await?.is_some() {
            let rows = self.memories.count_rows(None).await.map_err(storage)?;
            self.build_vector_index(rows).await?;
        }
        for (_, table) in self.tables() {
            retry(|| async {
                let prune = OptimizeAction::Prune {
                    older_than: Some(chrono::Duration::zero()),
                    delete_unverified: Some(true),
                    error_if_tagged_old_versions: Some(false),
                };
                table.optimize(prune).await.map(|_| ())
            })
            .await?;
        }
        Ok(())
    }
}

/// `b` with the query and trace columns taken from the redacted traces.
fn redacted_batch(
    b: &RecordBatch,
    by_id: &std::collections::HashMap<&str, &StoredTrace>,
) -> Result<RecordBatch> {
    let c = Cols(b);
    let id = c.str("id")?;
    let pick = |f: fn(&StoredTrace) -> &str, column: &str| -> Result<arrow_array::ArrayRef> {
        let old = c.str(column)?;
        let values = (0..b.num_rows()).map(|i| {
            by_id
                .get(id.value(i))
                .map_or(old.value(i).to_string(), |t| f(t).to_string())
        });
        Ok(std::sync::Arc::new(
            arrow_array::StringArray::from_iter_values(values),
        ))
    };
    let mut columns = b.columns().to_vec();
    let schema = b.schema();
    for (name, f) in [
        (
            "query",
            (|t: &StoredTrace| t.query.as_str()) as fn(&StoredTrace) -> &str,
        ),
        ("trace", |t: &StoredTrace| t.json.as_str()),
    ] {
        let i = schema.index_of(name).map_err(storage)?;
        columns[i] = pick(f, name)?;
    }
    RecordBatch::try_new(schema, columns).map_err(storage)
}
