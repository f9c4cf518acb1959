//! The writer's part of a purge: once the memories are gone, redact the log and the traces and
//! leave no older version of any table behind (see `crate::purge`).

use mnemo_core::Result;
use mnemo_store::StoredTrace;
use std::collections::HashSet;

use super::Writer;
use crate::purge::{PENDING, purge_note, query_of, redact_trace_json};

impl Writer {
    /// Returns how many log entries and stored traces were redacted.
    pub(super) async fn scrub(
        &mut self,
        actor: &str,
        ids: &[String],
        texts: &[String],
    ) -> Result<(u32, u32)> {
        // Traces still queued are saved first, so that they are redacted with the rest; an
        // optimize still running could keep old versions past the scrub.
        self.finish_upkeep(true).await;
        self.flush_background(true).await?;
        let guard = self.store.lock_writes().await?;
        let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let note = purge_note(actor);
        let ops = self
            .store
            .redact_operations(&guard, &id_refs, &note)
            .await?;
        let texts_too = texts.iter().map(String::as_str);
        let needles: Vec<&str> = id_refs.iter().copied().chain(texts_too).collect();
        let set: HashSet<&str> = id_refs.iter().copied().collect();
        let redacted: Vec<StoredTrace> = (self.store.traces_mentioning(&needles).await?)
            .into_iter()
            .filter_map(|t| {
                let (json, changed) = redact_trace_json(&t.json, &set, texts);
                let query = query_of(&json).unwrap_or(t.query);
                changed.then_some(StoredTrace {
                    id: t.id,
                    query,
                    json,
                })
            })
            .collect();
        self.store.replace_traces(&guard, &redacted).await?;
        self.store.scrub(&guard).await?;
        self.store.set_meta(&guard, PENDING, "[]").await?;
        // The scrub compacted and re-indexed everything: nothing is left for upkeep to do.
        self.owed.unindexed = 0;
        self.owed.uncompacted = 0;
        self.owed.recent_commits = 0;
        Ok((ops as u32, redacted.len() as u32))
    }
}
