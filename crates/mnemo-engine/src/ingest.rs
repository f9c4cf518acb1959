//! Preparing memories for the writer, off its path: validation, parallel batched embedding,
//! mention extraction, and the similarity search that proposes `similar` links.

use mnemo_core::{
    Actor, Edge, EdgeKind, Error, Memory, MemoryKind, MemoryStatus, NewMemory, Result,
    normalize_tag,
};
use std::collections::{BTreeMap, HashMap, HashSet};

use crate::Engine;
use crate::link_index::Similar;
use crate::plan::{Batch, Prepared};

/// How an add or import behaves.
#[derive(Debug, Clone)]
pub struct AddOptions {
    /// The space for inputs that name none.
    pub space: Option<String>,
    /// The source for inputs that name none (defaults to the actor).
    pub source: Option<String>,
    /// Propose `similar` links by nearest-neighbour search (costly for very large imports).
    pub link_similar: bool,
}

impl Default for AddOptions {
    fn default() -> Self {
        AddOptions {
            space: None,
            source: None,
            link_similar: true,
        }
    }
}

/// Progress of a long job, for progress bars.
#[derive(Debug, Clone, Copy, serde::Serialize, specta::Type, schemars::JsonSchema)]
pub struct Progress {
    pub stage: &'static str,
    pub done: u32,
    pub total: u32,
}

/// A validated memory, before embedding and linking.
pub struct Draft {
    pub memory: Memory,
    pub vector: Option<Vec<f32>>,
    pub entities: Vec<String>,
    pub links: Vec<Edge>,
    pub restore: bool,
}

/// Texts per embedding call: large enough to keep every core busy, small enough for smooth progress.
const EMBED_CHUNK: usize = 512;
/// Earlier memories of the same batch each new one is compared with for `similar` links.
const BATCH_SIMILAR_WINDOW: usize = 5_000;

/// Inline #tags join the memory's tags.
pub(crate) fn add_inline_tags(m: &mut Memory) {
    for t in mnemo_link::inline_tags(&m.text) {
        let t = normalize_tag(&t);
        if !t.is_empty() && !m.tags.contains(&t) {
            m.tags.push(t);
        }
    }
}

/// Validates writer input into drafts; links resolve against the store and the batch itself.
pub fn drafts_from_inputs(
    engine: &Engine,
    mut inputs: Vec<NewMemory>,
    actor: &Actor,
    options: &AddOptions,
) -> Result<Vec<Draft>> {
    let now = mnemo_core::now();
    let space = options
        .space
        .as_deref()
        .unwrap_or(mnemo_core::DEFAULT_SPACE);
    let source = options.source.as_deref().unwrap_or(&actor.name);
    let embedder = engine.embedder().id().to_string();
    let many = inputs.len() > 1;
    let ctx = |i: usize| {
        if many {
            format!("memories[{i}].")
        } else {
            String::new()
        }
    };
    let mut drafts = Vec::with_capacity(inputs.len());
    let mut batch_ext: HashMap<(String, String), String> = HashMap::new();
    for (i, input) in inputs.iter_mut().enumerate() {
        let m = input
            .build(mnemo_core::new_id(), now, space, source, &embedder)
            .map_err(|e| e.in_context(&ctx(i)))?;
        if let Some(x) = &m.external_id
            && batch_ext
                .insert((m.space.clone(), x.clone()), m.id.clone())
                .is_some()
        {
            return Err(Error::invalid(
                format!("{}external_id", ctx(i)),
                format!("{x:?} appears twice in this batch"),
            ));
        }
        // Moved, not copied: a bulk import carries a 1.5 kB vector per memory.
        let (vector, entities) = (input.vector.take(), std::mem::take(&mut input.entities));
        drafts.push(Draft {
            memory: m,
            vector,
            entities,
            links: vec![],
            restore: false,
        });
    }
    engine.read(|st| {
        for (i, (draft, input)) in drafts.iter_mut().zip(&inputs).enumerate() {
            for (j, l) in input.links.iter().enumerate() {
                let to = batch_ext
                    .get(&(draft.memory.space.clone(), l.to.clone()))
                    .cloned()
                    .or_else(|| st.resolve(&draft.memory.space, &l.to))
                    .ok_or_else(|| {
                        Error::invalid(
                            format!("{}links[{j}].to", ctx(i)),
                            format!("no memory with external id or id {:?}", l.to),
                        )
                    })?;
                draft.links.push(manual_edge(
                    &draft.memory.id,
                    &to,
                    l.relation.as_deref(),
                    &actor.name,
                ));
            }
        }
        Ok::<(), Error>(())
    })?;
    Ok(drafts)
}

/// The provenance of a link a writer made by hand: how an agent's own links are told apart.
pub fn linked_by(actor: &str) -> String {
    format!("linked by {actor}")
}

/// An edge a writer asked for: the relation picks a built-in kind when it names one.
pub fn manual_edge(from: &str, to: &str, relation: Option<&str>, actor: &str) -> Edge {
    let relation = relation
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .unwrap_or("related");
    let kind = relation.parse::<EdgeKind>().unwrap_or(EdgeKind::Related);
    Edge {
        id: mnemo_core::new_id(),
        from: from.to_string(),
        to: to.to_string(),
        kind,
        relation: relation.to_string(),
        weight: 1.0,
        valid_from: None,
        valid_until: None,
        provenance: linked_by(actor),
        automatic: false,
        confirmed: true,
        created_at: mnemo_core::now(),
    }
}

pub(crate) async fn prepare(
    engine: &Engine,
    inputs: Vec<NewMemory>,
    actor: &Actor,
    options: &AddOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Batch> {
    let started = std::time::Instant::now();
    let drafts = drafts_from_inputs(engine, inputs, actor, options)?;
    let validated = started.elapsed();
    let prepared = prepare_drafts(engine, drafts, options, progress).await?;
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    tracing::debug!(
        validate_ms = ms(validated),
        link_ms = ms(started.elapsed() - validated),
        "add prepared"
    );
    Ok(prepared)
}

/// Embeds what lacks a vector (memories, and names of entities the store lacks), extracts
/// mentions, and finds similar memories: everything the writer's planner needs.
pub(crate) async fn prepare_drafts(
    engine: &Engine,
    mut drafts: Vec<Draft>,
    options: &AddOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Batch> {
    let dims = engine.embedder().dimensions();
    for (i, d) in drafts.iter().enumerate() {
        if let Some(v) = &d.vector
            && v.len() != dims
        {
            return Err(Error::invalid(
                format!("memories[{i}].vector"),
                format!("has {} dimensions; this store holds {dims}", v.len()),
            ));
        }
    }
    for d in drafts.iter_mut().filter(|d| !d.restore) {
        add_inline_tags(&mut d.memory);
    }

    let missing: Vec<usize> = (0..drafts.len())
        .filter(|&i| drafts[i].vector.is_none())
        .collect();
    let texts: Vec<String> = missing
        .iter()
        .map(|&i| drafts[i].memory.embedding_text())
        .collect();
    let vectors = embed_all(engine, texts, "embedding", progress).await?;
    for (i, v) in missing.into_iter().zip(vectors) {
        drafts[i].vector = Some(v);
    }

    let mentions = extract_all(&drafts);
    let names = unknown_names(engine, &drafts, &mentions);
    let vectors = embed_all(engine, names.clone(), "embedding entities", progress).await?;
    let similar = if options.link_similar {
        find_similar(engine, &drafts, progress).await?
    } else {
        vec![Vec::new(); drafts.len()]
    };
    let items = (drafts.into_iter().zip(mentions).zip(similar))
        .map(|((d, mentions), similar)| Prepared {
            vector: d.vector.expect("embedded above"),
            memory: d.memory,
            mentions,
            links: d.links,
            similar,
            restore: d.restore,
        })
        .collect();
    Ok(Batch {
        items,
        names: names.into_iter().zip(vectors).collect(),
        embedder: engine.embedder().id().to_string(),
        hubs: Default::default(),
    })
}

/// Mentioned names of entities the store does not know yet, in the form first written, each once.
fn unknown_names(
    engine: &Engine,
    drafts: &[Draft],
    mentions: &[Vec<(String, String, &'static str)>],
) -> Vec<String> {
    let mut seen: HashSet<(String, String)> = HashSet::new();
    let mut named: HashSet<String> = HashSet::new();
    let mut names: Vec<String> = Vec::new();
    engine.read(|st| {
        for (d, found) in drafts.iter().zip(mentions) {
            for (name, key, _) in found {
                let sk = (d.memory.space.clone(), key.clone());
                if !st.entities.contains_key(&sk) && seen.insert(sk) && named.insert(name.clone()) {
                    names.push(name.clone());
                }
            }
        }
    });
    names
}

/// Each draft's mentions: (display name, normalised key, how it was found). Scanning text is
/// pure CPU work, so a large batch is split across the cores.
fn extract_all(drafts: &[Draft]) -> Vec<Vec<(String, String, &'static str)>> {
    let one = |d: &Draft| -> Vec<(String, String, &'static str)> {
        if d.restore {
            return Vec::new();
        }
        let m = &d.memory;
        mnemo_link::extract_mentions(&m.title, &m.text, &d.entities, &m.tags)
            .into_iter()
            .map(|x| (x.name, x.key, x.origin.as_str()))
            .collect()
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if drafts.len() < 1_000 || threads == 1 {
        return drafts.iter().map(one).collect();
    }
    let per_thread = drafts.len().div_ceil(threads);
    std::thread::scope(|s| {
        let parts: Vec<_> = drafts
            .chunks(per_thread)
            .map(|c| s.spawn(move || c.iter().map(one).collect::<Vec<_>>()))
            .collect();
        parts
            .into_iter()
            .flat_map(|p| p.join().expect("mention extraction does not panic"))
            .collect()
    })
}

pub(crate) async fn embed_all(
    engine: &Engine,
    texts: Vec<String>,
    stage: &'static str,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Vec<Vec<f32>>> {
    let total = texts.len();
    let mut out = Vec::with_capacity(total);
    for chunk in texts.chunks(EMBED_CHUNK) {
        out.extend(engine.shared.embeds.embed(chunk.to_vec()).await?);
        progress(Progress {
            stage,
            done: out.len() as u32,
            total: total as u32,
        });
    }
    Ok(out)
}

/// Whether a draft gets `similar` links, and can be the target of one.
fn linkable(d: &Draft) -> bool {
    !d.restore && d.memory.kind != MemoryKind::Entity
}

/// For each draft, the most similar Active memories of its space, stored or earlier in the batch
/// (within [`BATCH_SIMILAR_WINDOW`]), scoring at least the link threshold: best first, equal
/// scores by id, at most `similar_max`. Entities and restores are neither linked nor targets.
async fn find_similar(
    engine: &Engine,
    drafts: &[Draft],
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Vec<Similar>> {
    let mut spaces: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, d) in drafts.iter().enumerate().filter(|(_, d)| linkable(d)) {
        spaces.entry(d.memory.space.as_str()).or_default().push(i);
    }
    let total = drafts.len() as u32;
    let mut out = vec![Vec::new(); drafts.len()];
    let mut done = total - spaces.values().map(|m| m.len() as u32).sum::<u32>();
    for (space, members) in spaces {
        let stored = stored_similar(engine, drafts, &members, space).await?;
        let batch = batch_similar(engine, drafts, &members, BATCH_SIMILAR_WINDOW);
        for ((&i, mut found), batch) in members.iter().zip(stored).zip(batch) {
            found.extend(batch);
            found.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let mut seen = HashSet::new();
            found.retain(|(id, _)| seen.insert(id.clone()));
            found.truncate(engine.shared.link.similar_max);
            out[i] = found;
        }
        done += members.len() as u32;
        progress(Progress {
            stage: "linking",
            done,
            total,
        });
    }
    Ok(out)
}

/// Similar earlier drafts (at most `window` drafts back) of one space's `members` (draft
/// indices, ascending), by exact scores.
fn batch_similar(
    engine: &Engine,
    drafts: &[Draft],
    members: &[usize],
    window: usize,
) -> Vec<Similar> {
    let link = &engine.shared.link;
    let vectors: Vec<&[f32]> = members.iter().map(|&i| vector(&drafts[i])).collect();
    // The window counts every draft, as the batch is written in order.
    let first: Vec<usize> = members
        .iter()
        .map(|&i| members.partition_point(|&j| j < i.saturating_sub(window)))
        .collect();
    let id = |m: usize| &drafts[members[m]].memory.id;
    let hits = crate::similar::top_k(
        &vectors,
        &vectors,
        |m| first[m]..m,
        |a, b| id(a).cmp(id(b)),
        link.similar_threshold,
        link.similar_max,
    );
    let named = |h: Vec<(usize, f32)>| h.into_iter().map(|(m, s)| (id(m).clone(), s)).collect();
    hits.into_iter().map(named).collect()
}

fn vector(d: &Draft) -> &[f32] {
    d.vector.as_deref().expect("embedded")
}

/// Up to this many memories of a batch find their links in the in-memory link index; larger
/// batches (imports) choose between an exact product and LanceDB searches by cost.
const LINK_INDEX_QUERIES: usize = 64;

/// Similar stored memories of one space's `members`: none when the space has no Active memory;
/// small batches by the link index;
/// by an exact product over their vectors when that costs less than searching LanceDB; else by
/// LanceDB searches.
async fn stored_similar(
    engine: &Engine,
    drafts: &[Draft],
    members: &[usize],
    space: &str,
) -> Result<Vec<Similar>> {
    let key = (space.to_string(), MemoryStatus::Active);
    let (active, rows) = engine.read(|st| {
        let active = st.scope_counts.get(&key).copied().unwrap_or(0);
        (active, st.memories.len())
    });
    if active == 0 {
        return Ok(vec![Vec::new(); members.len()]);
    }
    if members.len() <= LINK_INDEX_QUERIES {
        let link = &engine.shared.link;
        let queries: Vec<(String, Vec<f32>)> = (members.iter())
            .map(|&i| (space.to_string(), vector(&drafts[i]).to_vec()))
            .collect();
        let found = (engine.shared.links)
            .similar(engine, queries, link.similar_threshold, link.similar_max)
            .await?;
        if let Some(found) = found {
            return Ok(found);
        }
    }
    let cost = ExactCost::new(members.len(), active, rows, engine.embedder().dimensions());
    if cost.secs() < members.len() as f64 * SEARCH_SECS && active <= EXACT_MAX_ROWS {
        exact_stored(engine, drafts, members, space, cost.scan()).await
    } else {
        searched_stored(engine, drafts, members).await
    }
}

// Costs measured on 2 cores against a 20k-memory store (`mnemo import` of 2k lines): one LanceDB
// search (8 in flight, with its vector index); a vector read by a whole-table scan, and by id.
const SEARCH_SECS: f64 = 1.75e-3;
const SCAN_SECS_PER_ROW: f64 = 8e-6;
const LOOKUP_SECS_PER_ROW: f64 = 30e-6;
/// Above this many stored vectors, an exact product holds too much memory (1.5 kB each).
const EXACT_MAX_ROWS: usize = 100_000;

/// What comparing `queries` with `active` stored vectors (of `rows` in the store) exactly costs.
struct ExactCost {
    queries: usize,
    active: usize,
    rows: usize,
    dims: usize,
}

impl ExactCost {
    fn new(queries: usize, active: usize, rows: usize, dims: usize) -> Self {
        ExactCost {
            queries,
            active,
            rows,
            dims,
        }
    }

    /// Whether reading the whole table is quicker than reading the space's vectors by id (and
    /// holds no more than an exact product may).
    fn scan(&self) -> bool {
        self.rows as f64 * SCAN_SECS_PER_ROW < self.active as f64 * LOOKUP_SECS_PER_ROW
            && self.rows <= EXACT_MAX_ROWS
    }

    fn secs(&self) -> f64 {
        let load = match self.scan() {
            true => self.rows as f64 * SCAN_SECS_PER_ROW,
            false => self.active as f64 * LOOKUP_SECS_PER_ROW,
        };
        let products = self.queries as f64 * self.active as f64 * self.dims as f64;
        load + products / crate::similar::products_per_sec()
    }
}

/// Every Active non-entity memory of the space against every member, exactly.
async fn exact_stored(
    engine: &Engine,
    drafts: &[Draft],
    members: &[usize],
    space: &str,
    scan: bool,
) -> Result<Vec<Similar>> {
    let ids: HashSet<String> = engine.read(|st| {
        (st.memories.values())
            .filter(|m| m.space == space && crate::link_index::linkable(m))
            .map(|m| m.id.clone())
            .collect()
    });
    let stored: Vec<(String, Vec<f32>)> = if scan {
        let all = engine.store().load_vectors(None).await?;
        all.into_iter().filter(|(id, _)| ids.contains(id)).collect()
    } else {
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        engine.store().load_vectors(Some(&ids)).await?
    };
    let link = &engine.shared.link;
    let queries: Vec<&[f32]> = members.iter().map(|&i| vector(&drafts[i])).collect();
    let targets: Vec<&[f32]> = stored.iter().map(|(_, v)| v.as_slice()).collect();
    let hits = crate::similar::top_k(
        &queries,
        &targets,
        |_| 0..targets.len(),
        |a, b| stored[a].0.cmp(&stored[b].0),
        link.similar_threshold,
        link.similar_max,
    );
    let named = |h: Vec<(usize, f32)>| h.into_iter().map(|(t, s)| (stored[t].0.clone(), s));
    Ok(hits.into_iter().map(|h| named(h).collect()).collect())
}

/// One LanceDB search per member, a few in flight, keeping non-entities that reach the threshold.
/// (One query with many vectors was no quicker: LanceDB runs them through its index one by one.)
async fn searched_stored(
    engine: &Engine,
    drafts: &[Draft],
    members: &[usize],
) -> Result<Vec<Similar>> {
    let link = &engine.shared.link;
    // One more than needed: an entity among the nearest is dropped below.
    let k = link.similar_max + 1;
    let mut searches = Vec::with_capacity(members.len());
    // A few searches in flight at once keep LanceDB busy without flooding it.
    for chunk in members.chunks(8) {
        let found = chunk.iter().map(|&i| nearest(engine, &drafts[i], k));
        searches.extend(futures::future::try_join_all(found).await?);
    }
    Ok(engine.read(|st| {
        let keep = |h: &mnemo_store::SearchHit| {
            h.score >= link.similar_threshold
                && (st.memories.get(&h.id)).is_some_and(|m| m.kind != MemoryKind::Entity)
        };
        (searches.into_iter())
            .map(|hits| {
                hits.into_iter()
                    .filter(keep)
                    .map(|h| (h.id, h.score))
                    .collect()
            })
            .collect()
    }))
}

/// The `k` nearest Active memories of the draft's space, by LanceDB.
async fn nearest(engine: &Engine, d: &Draft, k: usize) -> Result<Vec<mnemo_store::SearchHit>> {
    let space = [d.memory.space.clone()];
    let active = [MemoryStatus::Active];
    let scope = crate::scope::SearchScope::plan(engine, &space, &active);
    let hits = (engine.store())
        .vector_search(
            vector(d),
            scope.fetch(k as u32),
            scope.spaces(),
            scope.statuses(),
        )
        .await?;
    Ok(scope.keep(engine, hits, k as u32))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::similar::dot;

    async fn engine(dir: &tempfile::TempDir) -> Engine {
        let embedder = mnemo_embed::PocketEmbedder::new().expect("bundled model loads");
        Engine::open(&dir.path().to_string_lossy(), std::sync::Arc::new(embedder))
            .await
            .expect("store opens")
    }

    /// Unit vectors around three directions, moved by noise of norm 0.3 to 0.9: pair scores
    /// spread from about 0.55 to 0.92, across the link threshold (0.75).
    struct Vectors(u64, Vec<Vec<f32>>);

    impl Vectors {
        fn new(dims: usize) -> Self {
            let mut v = Vectors(0x9e37_79b9_7f4a_7c15, Vec::new());
            let centres = (0..3).map(|_| v.random(dims)).collect();
            v.1 = centres;
            v
        }

        fn unit(&mut self) -> f32 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 >> 40) as f32 / (1u64 << 24) as f32
        }

        fn random(&mut self, dims: usize) -> Vec<f32> {
            normalised((0..dims).map(|_| self.unit() - 0.5).collect())
        }

        fn next(&mut self) -> Vec<f32> {
            let pick = (self.unit() * 3.0) as usize;
            let c = self.1[pick].clone();
            let r = 0.3 + 0.6 * self.unit();
            let e = self.random(c.len());
            normalised(c.iter().zip(&e).map(|(x, e)| x + r * e).collect())
        }
    }

    fn normalised(mut v: Vec<f32>) -> Vec<f32> {
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter_mut().for_each(|x| *x /= n);
        v
    }

    fn input(i: usize, space: &str, kind: &str, status: &str, v: Vec<f32>) -> NewMemory {
        NewMemory {
            text: format!("memory number {i}"),
            space: Some(space.into()),
            kind: Some(kind.into()),
            status: Some(status.into()),
            vector: Some(v),
            ..Default::default()
        }
    }

    /// A store of 30 memories in spaces a and b (one an entity, one archived, both in a), and
    /// a batch of 50 drafts in a and b (one an entity).
    async fn store_and_drafts(engine: &Engine) -> Vec<Draft> {
        let mut v = Vectors::new(engine.embedder().dimensions());
        let mut stored: Vec<NewMemory> = (0..30)
            .map(|i| input(i, ["a", "b"][i % 3 / 2], "note", "active", v.next()))
            .collect();
        stored[4].kind = Some("entity".into());
        stored[7].status = Some("archived".into());
        let options = AddOptions::default();
        engine
            .add_many(stored, "t", &options, &|_| {})
            .await
            .unwrap();
        let mut batch: Vec<NewMemory> = (30..80)
            .map(|i| input(i, ["a", "b"][i % 2], "note", "active", v.next()))
            .collect();
        batch[10].kind = Some("entity".into());
        drafts_from_inputs(engine, batch, &"t".into(), &options).unwrap()
    }

    /// What `find_similar` must find, by scoring every candidate pair.
    async fn brute_force(engine: &Engine, drafts: &[Draft], window: usize) -> Vec<Similar> {
        let vectors: HashMap<String, Vec<f32>> = engine
            .store()
            .load_vectors(None)
            .await
            .unwrap()
            .into_iter()
            .collect();
        let stored: Vec<(String, String)> = engine.read(|st| {
            (st.memories.values())
                .filter(|m| m.status == MemoryStatus::Active && m.kind != MemoryKind::Entity)
                .map(|m| (m.id.clone(), m.space.clone()))
                .collect()
        });
        let link = &engine.shared.link;
        (drafts.iter().enumerate())
            .map(|(i, d)| {
                if !linkable(d) {
                    return Vec::new();
                }
                let space = &d.memory.space;
                let from_store = (stored.iter().filter(|(_, s)| s == space))
                    .map(|(id, _)| (id.clone(), dot(vector(d), &vectors[id])));
                let from_batch = (drafts[i.saturating_sub(window)..i].iter())
                    .filter(|e| linkable(e) && e.memory.space == *space)
                    .map(|e| (e.memory.id.clone(), dot(vector(d), vector(e))));
                let mut all: Similar = from_store
                    .chain(from_batch)
                    .filter(|h| h.1 >= link.similar_threshold)
                    .collect();
                all.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                all.truncate(link.similar_max);
                all
            })
            .collect()
    }

    #[tokio::test]
    async fn concurrent_single_adds_link_like_brute_force() {
        let dir = tempfile::tempdir().unwrap();
        let engine = engine(&dir).await;
        let drafts = store_and_drafts(&engine).await;
        // Fifty lookups at once: answered together, each with its own links.
        let lookups =
            (drafts.iter()).map(|d| find_similar(&engine, std::slice::from_ref(d), &|_| {}));
        let got = futures::future::join_all(lookups).await;
        let mut linked = 0;
        for (d, got) in drafts.iter().zip(got) {
            let one = std::slice::from_ref(d);
            let got = got.unwrap();
            linked += got[0].len();
            assert_eq!(got, brute_force(&engine, one, 0).await);
        }
        assert!(linked > 0, "the vectors are made to link");
        engine.close().await.unwrap();
    }

    #[tokio::test]
    async fn similar_links_are_the_best_of_store_and_batch_by_brute_force() {
        let dir = tempfile::tempdir().unwrap();
        let engine = engine(&dir).await;
        let drafts = store_and_drafts(&engine).await;
        let got = find_similar(&engine, &drafts, &|_| {}).await.unwrap();
        assert_eq!(
            got,
            brute_force(&engine, &drafts, BATCH_SIMILAR_WINDOW).await
        );

        let (stored, unlinkable): (Vec<_>, Vec<_>) = engine.read(|st| {
            let ids = |keep: &dyn Fn(&Memory) -> bool| -> Vec<String> {
                st.memories
                    .values()
                    .filter(|m| keep(m))
                    .map(|m| m.id.clone())
                    .collect()
            };
            let off = |m: &Memory| m.kind == MemoryKind::Entity || m.status != MemoryStatus::Active;
            (ids(&|m| !off(m)), ids(&off))
        });
        let targets: Vec<&String> = got.iter().flatten().map(|(id, _)| id).collect();
        assert!(
            targets.iter().any(|id| stored.contains(id)),
            "links to the store"
        );
        assert!(
            targets.iter().any(|id| !stored.contains(id)),
            "links within the batch"
        );
        assert!(!targets.iter().any(|id| unlinkable.contains(id)));
        assert!(
            got.iter()
                .any(|h| h.len() == engine.shared.link.similar_max)
        );
        assert!(got[10].is_empty(), "an entity gets no similar links");
    }

    #[tokio::test]
    async fn batch_links_reach_back_only_over_the_window() {
        let dir = tempfile::tempdir().unwrap();
        let engine = engine(&dir).await;
        let drafts = store_and_drafts(&engine).await;
        let members: Vec<usize> = (0..drafts.len())
            .filter(|&i| linkable(&drafts[i]) && drafts[i].memory.space == "a")
            .collect();
        let got = batch_similar(&engine, &drafts, &members, 6);
        let only_batch = |i: &usize| -> Vec<(String, f32)> {
            let d = &drafts[*i];
            let mut all: Similar = (drafts[i.saturating_sub(6)..*i].iter())
                .filter(|e| linkable(e) && e.memory.space == "a")
                .map(|e| (e.memory.id.clone(), dot(vector(d), vector(e))))
                .filter(|h| h.1 >= engine.shared.link.similar_threshold)
                .collect();
            all.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            all.truncate(engine.shared.link.similar_max);
            all
        };
        assert_eq!(got, members.iter().map(only_batch).collect::<Vec<_>>());
        assert!(got.iter().any(|h| !h.is_empty()));
        let whole = batch_similar(&engine, &drafts, &members, BATCH_SIMILAR_WINDOW);
        assert_ne!(got, whole, "a longer window finds more");
    }

    #[test]
    fn bulk_imports_compare_exactly_and_single_adds_to_a_large_store_search() {
        let bulk = ExactCost::new(20_000, 20_000, 20_000, 384);
        assert!(bulk.scan() && bulk.secs() < 20_000.0 * SEARCH_SECS);
        let one = ExactCost::new(1, 50_000, 50_000, 384);
        assert!(one.secs() > SEARCH_SECS);
        // A small space in a large store: its vectors are read by id, not by a scan.
        let small = ExactCost::new(5_000, 2_000, 90_000, 384);
        assert!(!small.scan() && small.secs() < 5_000.0 * SEARCH_SECS);
        assert!(!ExactCost::new(100, 100, EXACT_MAX_ROWS + 1, 384).scan());
    }

    #[tokio::test]
    async fn lancedb_search_and_exact_product_agree_on_a_small_store() {
        let dir = tempfile::tempdir().unwrap();
        let engine = engine(&dir).await;
        let drafts = store_and_drafts(&engine).await;
        for space in ["a", "b"] {
            let members: Vec<usize> = (0..drafts.len())
                .filter(|&i| linkable(&drafts[i]) && drafts[i].memory.space == space)
                .collect();
            let exact = exact_stored(&engine, &drafts, &members, space, false)
                .await
                .unwrap();
            let scanned = exact_stored(&engine, &drafts, &members, space, true)
                .await
                .unwrap();
            assert_eq!(exact, scanned, "vectors read by id or by a scan");
            let searched = searched_stored(&engine, &drafts, &members).await.unwrap();
            assert!(exact.iter().any(|h| !h.is_empty()));
            // Below the index threshold LanceDB searches exactly too; its cosines differ by
            // rounding. Searches fetch one more than kept, in case one is an entity.
            for (e, s) in exact.iter().zip(&searched) {
                let max = engine.shared.link.similar_max;
                let ids = |h: &Similar| {
                    h.iter()
                        .take(max)
                        .map(|(id, _)| id.clone())
                        .collect::<Vec<_>>()
                };
                assert_eq!(ids(e), ids(s));
                assert!(e.iter().zip(s).all(|(a, b)| (a.1 - b.1).abs() < 1e-4));
            }
        }
    }
}
