//! A person's relevance judgments: for a query, which memories are relevant and which are not.
//! They build the query set evaluations run on, kept in the store's meta table.

use mnemo_core::validate::check_name;
use mnemo_core::{Error, Result, Timestamp, now};
use serde::{Deserialize, Serialize};

use crate::Engine;

/// Meta key of the judgments.
const KEY: &str = "judgments";
/// At most this many judged queries, and memories judged per query.
const MAX_QUERIES: usize = 10_000;
const MAX_PER_QUERY: usize = 1_000;

/// One query and what a person said of its results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
pub struct JudgedQuery {
    pub query: String,
    /// The spaces the query searched (empty: every space but archived ones).
    #[serde(default)]
    pub spaces: Vec<String>,
    pub relevant: Vec<String>,
    #[serde(default)]
    pub not_relevant: Vec<String>,
    pub updated_at: Timestamp,
}

/// A mark on one result: relevant, not relevant, or cleared (`null`).
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Judgment {
    #[schemars(transform = mnemo_core::limits::query_text)]
    pub query: String,
    #[serde(default)]
    #[schemars(length(max = 100))]
    pub spaces: Vec<String>,
    #[schemars(transform = mnemo_core::limits::name)]
    pub memory: String,
    pub relevant: Option<bool>,
}

impl Engine {
    /// Every judged query, in the order first judged.
    pub async fn judgments(&self) -> Result<Vec<JudgedQuery>> {
        Ok(match self.shared.store.meta(KEY).await? {
            Some(json) => serde_json::from_str(&json)
                .map_err(|e| Error::Storage(format!("the judgments are unreadable: {e}")))?,
            None => Vec::new(),
        })
    }

    /// Records one mark; returns the query's judgments as they are now (empty once cleared).
    pub async fn judge(&self, j: Judgment) -> Result<JudgedQuery> {
        let query = j.query.trim().to_string();
        if query.is_empty() {
            return Err(Error::invalid(
                "query",
                "judge the results of a query with some text",
            ));
        }
        let memory = check_name("memory", &j.memory)?;
        if self.get(&memory).is_none() {
            return Err(Error::not_found("memory", &memory));
        }
        let mut spaces = j.spaces.clone();
        spaces.sort();
        spaces.dedup();
        let guard = self.shared.store.lock_writes().await?;
        let mut all = self.judgments().await?;
        let at = all
            .iter()
            .position(|q| q.query == query && q.spaces == spaces);
        let i = at.unwrap_or_else(|| {
            all.push(JudgedQuery {
                query: query.clone(),
                spaces: spaces.clone(),
                relevant: Vec::new(),
                not_relevant: Vec::new(),
                updated_at: now(),
            });
            all.len() - 1
        });
        let q = &mut all[i];
        q.relevant.retain(|m| *m != memory);
        q.not_relevant.retain(|m| *m != memory);
        match j.relevant {
            Some(true) => q.relevant.push(memory),
            Some(false) => q.not_relevant.push(memory),
            None => {}
        }
        q.updated_at = now();
        if q.relevant.len() + q.not_relevant.len() > MAX_PER_QUERY {
            return Err(mnemo_core::limits::too_many(
                "memory",
                MAX_PER_QUERY + 1,
                MAX_PER_QUERY,
            ));
        }
        let out = q.clone();
        all.retain(|q| !(q.relevant.is_empty() && q.not_relevant.is_empty()));
        if all.len() > MAX_QUERIES {
            return Err(mnemo_core::limits::too_many(
                "query",
                all.len(),
                MAX_QUERIES,
            ));
        }
        let json = serde_json::to_string(&all).map_err(|e| Error::Storage(e.to_string()))?;
        self.shared.store.set_meta(&guard, KEY, &json).await?;
        Ok(out)
    }
}
