//! The LoCoMo evaluation: every turn of a conversation becomes an episode in its own space (dia_id
//! as external id, the session's date as its time), imported through the ordinary JSONL path;
//! every question with evidence is asked against that space, and evidence recall@k is averaged.

use anyhow::{Context, Result};
use mnemo_core::{RetrievalConfig, RetrievalQuery};
use mnemo_engine::{AddOptions, Engine, ImportLine, RecallOptions};
use serde_json::Value;
use std::collections::HashSet;
use std::path::Path;

pub struct Question {
    pub text: String,
    pub evidence: Vec<String>,
    pub category: Category,
}

/// LoCoMo's question categories (its `category` field, 1 to 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    MultiHop,
    Temporal,
    OpenDomain,
    SingleHop,
    Adversarial,
    Other,
}

impl Category {
    fn from_code(code: Option<u64>) -> Category {
        match code {
            Some(1) => Category::MultiHop,
            Some(2) => Category::Temporal,
            Some(3) => Category::OpenDomain,
            Some(4) => Category::SingleHop,
            Some(5) => Category::Adversarial,
            _ => Category::Other,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Category::MultiHop => "multi-hop",
            Category::Temporal => "temporal",
            Category::OpenDomain => "open-domain",
            Category::SingleHop => "single-hop",
            Category::Adversarial => "adversarial",
            Category::Other => "other",
        }
    }
}

/// One question's outcome at each k: the share of its evidence found (evidence recall), and
/// whether any of it was (recall_any, as other systems report).
#[derive(Debug, Clone)]
pub struct QuestionScore {
    pub category: Category,
    pub recall: Vec<f64>,
    pub any: Vec<f64>,
}

pub struct Conversation {
    pub name: String,
    pub lines: Vec<ImportLine>,
    pub questions: Vec<Question>,
}

/// "1:56 pm on 8 May, 2023" → RFC 3339 (UTC).
fn session_time(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let s = s.trim().replace("  ", " ");
    chrono::NaiveDateTime::parse_from_str(&s, "%I:%M %p on %d %B, %Y")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(&s, "%l:%M %p on %e %B, %Y"))
        .ok()
        .map(|t| t.and_utc())
}

pub fn load(path: &Path) -> Result<Conversation> {
    let raw =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let d: Value =
        serde_json::from_str(&raw).with_context(|| format!("parsing {}", path.display()))?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut lines = Vec::new();
    for n in 1.. {
        let Some(turns) = d.get(format!("session_{n}")).and_then(Value::as_array) else {
            if d.get(format!("session_{n}_date_time")).is_some() {
                continue; // a date without turns
            }
            break;
        };
        let date = d
            .get(format!("session_{n}_date_time"))
            .and_then(Value::as_str)
            .and_then(session_time);
        for (i, t) in turns.iter().enumerate() {
            let speaker = t["speaker"].as_str().unwrap_or("");
            let text = t["text"].as_str().unwrap_or("");
            let id = t["dia_id"].as_str().unwrap_or("").to_string();
            // Turns of a session keep their order: one second apart from the session's start.
            let at = date.map(|d| (d + chrono::Duration::seconds(i as i64)).to_rfc3339());
            lines.push(ImportLine {
                text: format!("{speaker}: {text}"),
                external_id: Some(id),
                occurred_at: at,
                session: Some(format!("session {n}")),
                ..Default::default()
            });
        }
    }
    let questions = d["qa"]
        .as_array()
        .map(|qs| {
            qs.iter()
                .filter_map(|q| {
                    let evidence: Vec<String> = q["evidence"]
                        .as_array()?
                        .iter()
                        .filter_map(|e| e.as_str().map(str::to_string))
                        .collect();
                    (!evidence.is_empty()).then(|| Question {
                        text: q["question"].as_str().unwrap_or("").to_string(),
                        evidence,
                        category: Category::from_code(q["category"].as_u64()),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(Conversation {
        name,
        lines,
        questions,
    })
}

/// Imports a conversation into space `locomo-<name>` through the JSONL import path.
pub async fn import(engine: &Engine, c: &Conversation) -> Result<String> {
    let space = format!("locomo-{}", c.name);
    let mut buf = Vec::new();
    for l in &c.lines {
        serde_json::to_writer(&mut buf, l)?;
        buf.push(b'\n');
    }
    let options = AddOptions {
        space: Some(space.clone()),
        ..Default::default()
    };
    engine
        .import_jsonl(
            std::io::Cursor::new(buf),
            &format!("locomo/{}.json", c.name),
            &options,
            "bench",
            &|_| {},
        )
        .await?;
    Ok(space)
}

/// Mean evidence recall at each k, over questions with evidence.
pub async fn recall_at(
    engine: &Engine,
    space: &str,
    c: &Conversation,
    config: &RetrievalConfig,
    ks: &[usize],
) -> Result<Vec<f64>> {
    let scores = score(engine, space, c, config, ks).await?;
    let n = scores.len().max(1) as f64;
    Ok((0..ks.len())
        .map(|i| scores.iter().map(|s| s.recall[i]).sum::<f64>() / n)
        .collect())
}

/// Every question's outcome at each k.
pub async fn score(
    engine: &Engine,
    space: &str,
    c: &Conversation,
    config: &RetrievalConfig,
    ks: &[usize],
) -> Result<Vec<QuestionScore>> {
    let max_k = *ks.iter().max().unwrap_or(&10);
    let mut out = Vec::with_capacity(c.questions.len());
    for q in &c.questions {
        let query = RetrievalQuery {
            text: q.text.clone(),
            spaces: vec![space.to_string()],
            limit: max_k as u32,
            ..Default::default()
        };
        let options = RecallOptions {
            actor: "bench".into(),
            config: Some(config.clone()),
            config_name: None,
            ..Default::default()
        };
        let r = engine.recall(query, options).await?;
        let ranked: Vec<Option<&str>> = r
            .results
            .iter()
            .map(|r| r.memory.external_id.as_deref())
            .collect();
        let evidence: HashSet<&str> = q.evidence.iter().map(String::as_str).collect();
        let found = |k: usize| {
            (ranked.iter().take(k).flatten())
                .filter(|id| evidence.contains(*id))
                .count()
        };
        out.push(QuestionScore {
            category: q.category,
            recall: (ks.iter())
                .map(|&k| found(k) as f64 / evidence.len() as f64)
                .collect(),
            any: ks.iter().map(|&k| (found(k) > 0) as u8 as f64).collect(),
        });
    }
    Ok(out)
}

/// Configurations compared: each channel alone, then the default pipeline a stage at a time
/// (both channels fused, then graph expansion, then the time a question names, then the replies
/// to turns that ask: the full default).
pub fn modes() -> Vec<(&'static str, RetrievalConfig)> {
    let full = RetrievalConfig::default();
    let mut named = full.clone();
    named.rerank.reply = 0.0;
    let mut graph = named.clone();
    graph.rerank.date = 0.0;
    let mut vector = graph.clone();
    vector.keyword_k = 0;
    vector.expansion.enabled = false;
    let mut keyword = graph.clone();
    keyword.vector_k = 0;
    keyword.expansion.enabled = false;
    let mut fused = graph.clone();
    fused.expansion.enabled = false;
    vec![
        ("vector only", vector),
        ("keyword only", keyword),
        ("+ vector (fused)", fused),
        ("+ graph", graph),
        ("+ named time", named),
        ("+ replies = default", full),
    ]
}
