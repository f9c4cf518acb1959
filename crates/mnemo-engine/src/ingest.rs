//! Preparing memories for the writer, off its path: validation, parallel batched embedding,
//! mention extraction, and the similarity search that proposes `similar` links.

use mnemo_core::{
    Edge, EdgeKind, Error, Memory, MemoryKind, MemoryStatus, NewMemory, Result, normalize_tag,
};
use std::collections::{HashMap, HashSet};

use crate::plan::{Batch, Prepared};
use crate::Engine;

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

/// Validates writer input into drafts; links resolve against the store and the batch itself.
pub fn drafts_from_inputs(
    engine: &Engine,
    mut inputs: Vec<NewMemory>,
    actor: &str,
    options: &AddOptions,
) -> Result<Vec<Draft>> {
    let now = mnemo_core::now();
    let space = options
        .space
        .as_deref()
        .unwrap_or(mnemo_core::DEFAULT_SPACE);
    let source = options.source.as_deref().unwrap_or(actor);
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
                    actor,
                ));
            }
        }
        Ok::<(), Error>(())
    })?;
    Ok(drafts)
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
        provenance: format!("linked by {actor}"),
        automatic: false,
        confirmed: true,
        created_at: mnemo_core::now(),
    }
}

pub(crate) async fn prepare(
    engine: &Engine,
    inputs: Vec<NewMemory>,
    actor: &str,
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
    // Inline #tags join the memory's tags.
    for d in drafts.iter_mut().filter(|d| !d.restore) {
        for t in mnemo_link::inline_tags(&d.memory.text) {
            let t = normalize_tag(&t);
            if !t.is_empty() && !d.memory.tags.contains(&t) {
                d.memory.tags.push(t);
            }
        }
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

async fn nearest(
    engine: &Engine,
    d: &Draft,
    k: usize,
    statuses: &[MemoryStatus],
) -> Result<Vec<mnemo_store::SearchHit>> {
    if d.restore || d.memory.kind == MemoryKind::Entity {
        return Ok(Vec::new());
    }
    let space = [d.memory.space.clone()];
    let scope = crate::scope::SearchScope::plan(engine, &space, statuses);
    let hits = engine
        .store()
        .vector_search(
            d.vector.as_deref().expect("embedded"),
            scope.fetch(k as u32),
            scope.spaces(),
            scope.statuses(),
        )
        .await?;
    Ok(scope.keep(engine, hits, k as u32))
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// For each draft, the most similar existing memories (by LanceDB search) and earlier drafts in
/// the same batch, above the link threshold, best first. Entities are neither linked nor targets.
async fn find_similar(
    engine: &Engine,
    drafts: &[Draft],
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Vec<Vec<(String, f32)>>> {
    let link = &engine.shared.link;
    let k = link.similar_max + 1;
    let active = [MemoryStatus::Active];
    let total = drafts.len();
    let mut searches = Vec::with_capacity(total);
    // A few searches in flight at once keep LanceDB busy without flooding it.
    for chunk in drafts.chunks(8) {
        let found =
            futures::future::try_join_all(chunk.iter().map(|d| nearest(engine, d, k, &active)))
                .await?;
        searches.extend(found);
        progress(Progress {
            stage: "linking",
            done: searches.len() as u32,
            total: total as u32,
        });
    }

    let kinds: HashMap<String, MemoryKind> = engine.read(|st| {
        searches
            .iter()
            .flatten()
            .filter_map(|h| st.memories.get(&h.id).map(|m| (h.id.clone(), m.kind)))
            .collect()
    });
    let mut out = Vec::with_capacity(drafts.len());
    for (i, (d, hits)) in drafts.iter().zip(searches).enumerate() {
        if d.restore || d.memory.kind == MemoryKind::Entity {
            out.push(Vec::new());
            continue;
        }
        let mut found: Vec<(String, f32)> = hits
            .into_iter()
            .filter(|h| {
                h.score >= link.similar_threshold
                    && kinds.get(&h.id).is_some_and(|k| *k != MemoryKind::Entity)
            })
            .map(|h| (h.id, h.score))
            .collect();
        let v = d.vector.as_deref().expect("embedded");
        for e in drafts[i.saturating_sub(BATCH_SIMILAR_WINDOW)..i].iter() {
            if e.memory.space != d.memory.space || e.memory.kind == MemoryKind::Entity || e.restore
            {
                continue;
            }
            let cos = dot(v, e.vector.as_deref().expect("embedded"));
            if cos >= link.similar_threshold {
                found.push((e.memory.id.clone(), cos));
            }
        }
        found.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        found.dedup_by(|a, b| a.0 == b.0);
        found.truncate(link.similar_max);
        out.push(found);
    }
    Ok(out)
}
