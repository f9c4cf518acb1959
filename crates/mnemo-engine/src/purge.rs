//! Purge: forgetting that really forgets. The memories and their edges go in one change whose log
//! entries say only that something was purged, by whom and when; then what the log and the
//! stored traces held of them is redacted and every old version of every table is removed, so
//! their text is in no file of the store. A purge cut short is finished at the next open.

use mnemo_core::{Actor, Error, MemoryStatus, Result, Timestamp, now};
use serde_json::Value;
use std::collections::HashSet;

use crate::Engine;
use crate::plan::purge::PurgeReport;
use crate::writer::{Command, Write, WriteInput, WriteReply};

/// Meta key holding the ids of a purge whose redaction has not finished.
pub(crate) const PENDING: &str = "purge_pending";
/// What replaces a purged memory's words in traces.
const REDACTED: &str = "[purged]";

impl Engine {
    /// Erases memories for good (see the module). Only a person may; it cannot be undone.
    pub async fn purge(&self, ids: Vec<String>, actor: impl Into<Actor>) -> Result<PurgeReport> {
        let actor: Actor = actor.into();
        let name = actor.name.clone();
        let texts = self.words_of(&ids);
        self.note_pending_purge(&ids).await?;
        let mut report = self
            .send(|reply| {
                Command::Write(Write {
                    actor,
                    input: WriteInput::Purge(ids.clone()),
                    reply: WriteReply::Purge(reply),
                })
            })
            .await?;
        let (ops, traces) = self.finish_erasure(&name, &ids, texts).await?;
        report.redacted_operations = ops;
        report.redacted_traces = traces;
        Ok(report)
    }

    /// Memories' words, to find in traces' queries and results; read before they go.
    pub(crate) fn words_of(&self, ids: &[String]) -> Vec<String> {
        self.read(|st| {
            (ids.iter().filter_map(|id| st.memories.get(id)))
                .flat_map(|m| [m.text.clone(), m.title.clone()])
                .filter(|t| t.chars().count() >= 4)
                .collect()
        })
    }

    /// After erased memories' change committed: their words leave the log, the traces and
    /// every old version of the store's files. Returns the log entries and traces redacted.
    pub(crate) async fn finish_erasure(
        &self,
        actor: &str,
        ids: &[String],
        texts: Vec<String>,
    ) -> Result<(u32, u32)> {
        self.redact_recent_traces(ids, &texts);
        self.scrub(actor, ids.to_vec(), texts).await
    }

    /// The memories forgotten before `t` (forgotten, and unchanged since): what "purge
    /// everything forgotten more than N days ago" erases.
    pub fn forgotten_before(&self, t: Timestamp) -> Vec<String> {
        self.read(|st| {
            let mut ids: Vec<String> = (st.memories.values())
                .filter(|m| m.status == MemoryStatus::Forgotten && m.updated_at < t)
                .map(|m| m.id.clone())
                .collect();
            ids.sort();
            ids
        })
    }

    /// Finishes a purge a kill cut short (its memories are gone; their log entries and traces
    /// may not be redacted yet). Their words are no longer known: traces are redacted by id.
    pub async fn finish_pending_purge(&self) -> Result<()> {
        let Some(json) = self.shared.store.meta(PENDING).await? else {
            return Ok(());
        };
        let ids: Vec<String> = serde_json::from_str(&json).unwrap_or_default();
        if !ids.is_empty() {
            tracing::info!(memories = ids.len(), "finishing a purge cut short");
            self.scrub("mnemo", ids, Vec::new()).await?;
        }
        Ok(())
    }

    pub(crate) async fn note_pending_purge(&self, ids: &[String]) -> Result<()> {
        let json = serde_json::to_string(ids).map_err(|e| Error::Storage(e.to_string()))?;
        let guard = self.shared.store.lock_writes().await?;
        self.shared.store.set_meta(&guard, PENDING, &json).await
    }

    async fn scrub(&self, actor: &str, ids: Vec<String>, texts: Vec<String>) -> Result<(u32, u32)> {
        let actor = actor.to_string();
        self.send(|reply| Command::Scrub {
            actor,
            ids,
            texts,
            reply,
        })
        .await
    }

    /// This process's in-memory traces lose the purged words too.
    fn redact_recent_traces(&self, ids: &[String], texts: &[String]) {
        let ids: HashSet<&str> = ids.iter().map(String::as_str).collect();
        let mut recent = self.shared.recent_traces.lock().expect("recent traces");
        for t in recent.iter_mut() {
            let Ok(json) = serde_json::to_string(&*t) else {
                continue;
            };
            let (redacted, changed) = redact_trace_json(&json, &ids, texts);
            if changed && let Ok(back) = serde_json::from_str(&redacted) {
                *t = back;
            }
        }
    }
}

/// A trace's JSON with the purged memories' words gone: every object with a purged `id` loses
/// its `text` and `title`, every string holding one of `texts` becomes "[purged]", and so does
/// the query of a trace that found a purged memory (a query that found it may describe it).
/// Returns the JSON and whether anything changed.
pub(crate) fn redact_trace_json(
    json: &str,
    ids: &HashSet<&str>,
    texts: &[String],
) -> (String, bool) {
    let Ok(mut v) = serde_json::from_str::<Value>(json) else {
        return (json.to_string(), false);
    };
    let mut changed = redact(&mut v, ids, texts);
    if mentions(&v, ids)
        && let Some(q) = v.pointer_mut("/query/text")
        && q.as_str() != Some(REDACTED)
    {
        *q = Value::String(REDACTED.into());
        changed = true;
    }
    (v.to_string(), changed)
}

/// Whether any string of `v` is one of `ids`.
fn mentions(v: &Value, ids: &HashSet<&str>) -> bool {
    match v {
        Value::String(s) => ids.contains(s.as_str()),
        Value::Array(items) => items.iter().any(|i| mentions(i, ids)),
        Value::Object(o) => o.values().any(|f| mentions(f, ids)),
        _ => false,
    }
}

/// The query column of a redacted trace: its JSON's query text.
pub(crate) fn query_of(json: &str) -> Option<String> {
    let v: Value = serde_json::from_str(json).ok()?;
    v.pointer("/query/text")?.as_str().map(str::to_string)
}

fn redact(v: &mut Value, ids: &HashSet<&str>, texts: &[String]) -> bool {
    match v {
        Value::String(s) if texts.iter().any(|t| s.contains(t.as_str())) => {
            *s = REDACTED.to_string();
            true
        }
        Value::Array(items) => items
            .iter_mut()
            .fold(false, |c, i| redact(i, ids, texts) | c),
        Value::Object(o) => {
            let purged = (o.get("id").and_then(Value::as_str)).is_some_and(|id| ids.contains(id));
            let mut changed = false;
            if purged {
                for key in ["text", "title", "search_text"] {
                    if let Some(field) = o.get_mut(key).filter(|f| f.as_str() != Some(REDACTED)) {
                        *field = Value::String(REDACTED.into());
                        changed = true;
                    }
                }
            }
            o.values_mut()
                .fold(changed, |c, f| redact(f, ids, texts) | c)
        }
        _ => false,
    }
}

/// The note a redacted log entry keeps in place of its before and after.
pub(crate) fn purge_note(actor: &str) -> String {
    // Written by hand: `purged` comes first, which is how undo recognises a redacted entry.
    let by = Value::String(actor.to_string());
    let at = now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    format!(r#"{{"purged":true,"by":{by},"at":"{at}"}}"#)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traces_lose_the_purged_words_and_keep_the_rest() {
        let json = r#"{"query":{"text":"what did I hide"},"results":[
            {"memory":{"id":"m1","title":"Zanzibar key","text":"the zanzibar key is under the mat"},"score":0.9},
            {"memory":{"id":"m2","title":"Other","text":"unrelated"},"score":0.5}]}"#;
        let ids = HashSet::from(["m1"]);
        let texts = vec!["zanzibar key".to_string()];
        let (out, changed) = redact_trace_json(json, &ids, &texts);
        assert!(changed);
        assert!(!out.to_lowercase().contains("zanzibar key is"), "{out}");
        assert!(
            !out.contains("what did I hide"),
            "a query that found it goes too: {out}"
        );
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["results"][0]["memory"]["text"], REDACTED);
        assert_eq!(v["results"][1]["memory"]["text"], "unrelated");
        let (same, changed) = redact_trace_json(&out, &ids, &[]);
        assert!(!changed, "redacting twice changes nothing");
        assert_eq!(same, out);
    }

    #[test]
    fn the_note_says_who_and_when_and_nothing_else() {
        let v: Value = serde_json::from_str(&purge_note("user")).unwrap();
        assert_eq!(v["purged"], true);
        assert_eq!(v["by"], "user");
        assert!(v["at"].is_string());
        assert!(purge_note("user").starts_with("{\"purged\":true"));
    }
}
