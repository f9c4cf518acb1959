//! `mnemo eval`: configurations scored on a labelled query set — a file, or the person's
//! judgments in the store — as a table or one JSON object per configuration.

use anyhow::{Context, Result, bail};
use mnemo_api::{Api, Caller, ops};
use mnemo_core::{Memory, RetrievalQuery};
use mnemo_engine::{Evaluation, LabelledQuery};
use serde::Deserialize;
use std::io::BufRead;
use std::path::Path;

/// One line of a labelled file: a `query --batch` line with the relevant memories.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    text: String,
    #[serde(default)]
    space: Option<String>,
    #[serde(default)]
    kinds: Vec<String>,
    /// Memory ids or external ids.
    relevant: Vec<String>,
}

pub async fn run(api: &Api, configs: Vec<String>, set: Option<&Path>, json: bool) -> Result<()> {
    let set = match set {
        Some(file) => Some(read_set(api, file)?),
        None => None,
    };
    let request = ops::EvaluateRequest { configs, set };
    let evaluations = api
        .call::<ops::Evaluate>(request, &Caller::user().via("cli"))
        .await?;
    if evaluations.first().is_some_and(|e| e.queries == 0) {
        bail!("no labelled queries: give --set FILE, or judge results in the app first");
    }
    if json {
        for e in &evaluations {
            println!("{}", serde_json::to_string(&as_json(e))?);
        }
        return Ok(());
    }
    print_table(&evaluations);
    Ok(())
}

/// Reads every line first, so that a bad one is reported (with its number) before anything runs.
fn read_set(api: &Api, file: &Path) -> Result<Vec<LabelledQuery>> {
    let f = std::fs::File::open(file).with_context(|| format!("opening {}", file.display()))?;
    let memories = api.engine().memories(None);
    let mut set = Vec::new();
    for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let at = || format!("{}: line {}", file.display(), i + 1);
        let l: Line = serde_json::from_str(&line).with_context(at)?;
        let relevant = (l.relevant.iter())
            .map(|r| resolve(&memories, r, l.space.as_deref()))
            .collect::<Result<Vec<_>>>()
            .with_context(at)?;
        let query = RetrievalQuery {
            text: l.text,
            spaces: l.space.into_iter().collect(),
            kinds: crate::parse_kinds(&l.kinds).with_context(at)?,
            ..Default::default()
        };
        set.push(LabelledQuery { query, relevant });
    }
    Ok(set)
}

/// A memory by id, else by external id (in the query's space when it names one).
fn resolve(memories: &[Memory], r: &str, space: Option<&str>) -> Result<String> {
    if memories.iter().any(|m| m.id == r) {
        return Ok(r.to_string());
    }
    let by_external = |m: &&Memory| {
        (m.external_id.as_deref() == Some(r) || m.aliases.iter().any(|a| a == r))
            && space.is_none_or(|s| m.space == s)
    };
    match memories.iter().find(by_external) {
        Some(m) => Ok(m.id.clone()),
        None => bail!("relevant {r:?} is neither a memory id nor an external id in this store"),
    }
}

fn as_json(e: &Evaluation) -> serde_json::Value {
    serde_json::json!({
        "config": e.config,
        "queries": e.queries,
        "recall@1": e.recall_at_1,
        "recall@5": e.recall_at_5,
        "recall@10": e.recall_at_10,
        "recall@20": e.recall_at_20,
        "mrr": e.mrr,
        "ndcg@10": e.ndcg_at_10,
    })
}

fn print_table(evaluations: &[Evaluation]) {
    println!(
        "{:<20} {:>7} {:>6} {:>6} {:>6} {:>6} {:>6} {:>8}",
        "configuration", "queries", "R@1", "R@5", "R@10", "R@20", "MRR", "nDCG@10"
    );
    for e in evaluations {
        println!(
            "{:<20} {:>7} {:>6.3} {:>6.3} {:>6.3} {:>6.3} {:>6.3} {:>8.3}",
            e.config,
            e.queries,
            e.recall_at_1,
            e.recall_at_5,
            e.recall_at_10,
            e.recall_at_20,
            e.mrr,
            e.ndcg_at_10
        );
    }
    if let [a, b] = evaluations {
        let pairs = a.per_query.iter().zip(&b.per_query);
        let (mut wins, mut losses) = (0, 0);
        for (x, y) in pairs {
            match y.reciprocal_rank.partial_cmp(&x.reciprocal_rank) {
                Some(std::cmp::Ordering::Greater) => wins += 1,
                Some(std::cmp::Ordering::Less) => losses += 1,
                _ => {}
            }
        }
        println!(
            "{} against {}: better on {wins} queries, worse on {losses} (by the rank of the first relevant memory)",
            b.config, a.config
        );
    }
}
