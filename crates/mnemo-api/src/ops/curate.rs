//! Curation: the review queue, merge (with a preview), supersede, undo and redo.

use mnemo_core::{BulkEdit, Edge, Memory, NewMemory};
use mnemo_engine::{
    BulkReport, History, MergeInput, MergePreview, ReviewQueue, ReviewSettings, Superseded,
    UndoReport, Whose,
};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{AgentTool, Api, ApiOperation, ApiResult, Caller, Route};

/// Memories to merge into one.
#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeRequest {
    /// Every memory to merge (two or more), the survivor among them.
    #[schemars(length(min = 2, max = 100))]
    pub ids: Vec<String>,
    /// The memory that carries on; by default a pinned one, else the oldest.
    #[serde(default)]
    pub keep: Option<String>,
    /// The survivor's text after the merge (for example the texts combined); by default its own.
    #[serde(default)]
    #[schemars(transform = mnemo_core::limits::memory_text)]
    pub text: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
}

impl MergeRequest {
    fn input(self) -> MergeInput {
        MergeInput {
            ids: self.ids,
            keep: self.keep,
            text: self.text,
            title: self.title,
            vector: None,
        }
    }
}

pub struct MergeMemories;

impl ApiOperation for MergeMemories {
    const SUMMARY: &'static str = "Merge memories into one: edges, tags and names move to the survivor; the others point to it.";
    const ROUTE: Route = Route::post("/merge");
    const AGENT: Option<AgentTool> = Some(AgentTool {
        name: "merge",
        description: "Merge duplicate memories into one. `ids`: every memory to merge; `keep`: the one that carries on (default: a pinned one, else the oldest); `text`: its text afterwards (default: its own). Its tags, names, external ids and links are joined; the others get status `merged` and point to it. Undoable by a person.",
        wrap: None,
    });
    type Request = MergeRequest;
    type Response = Memory;

    async fn run(api: &Api, r: MergeRequest, caller: &Caller) -> ApiResult<Memory> {
        Ok(api.engine.merge(r.input(), caller.actor()).await?)
    }
}

pub struct PreviewMerge;

impl ApiOperation for PreviewMerge {
    const SUMMARY: &'static str =
        "What a merge would do (the survivor as it would be), writing nothing.";
    const ROUTE: Route = Route::post("/merge/preview");
    type Request = MergeRequest;
    type Response = MergePreview;

    async fn run(api: &Api, r: MergeRequest, _: &Caller) -> ApiResult<MergePreview> {
        Ok(api.engine.merge_preview(&r.input())?)
    }
}

pub struct BulkEditMemories;

impl ApiOperation for BulkEditMemories {
    const SUMMARY: &'static str = "Archive, forget, restore, pin, tag or move many memories as one action (one undo brings them all back).";
    const ROUTE: Route = Route::post("/memories/bulk");
    type Request = BulkEdit;
    type Response = BulkReport;

    async fn run(api: &Api, r: BulkEdit, caller: &Caller) -> ApiResult<BulkReport> {
        Ok(api.engine.bulk_edit(r, caller.actor()).await?)
    }
}

/// A memory replaced by a newer one: an existing memory (`by`) or a new one (`new`).
#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SupersedeRequest {
    /// The memory replaced.
    pub id: String,
    /// The memory that replaces it, when it exists already.
    #[serde(default)]
    pub by: Option<String>,
    /// The memory that replaces it, added now (holds from now unless `valid_from` says).
    #[serde(default)]
    pub new: Option<NewMemory>,
}

pub struct Supersede;

impl ApiOperation for Supersede {
    const SUMMARY: &'static str = "Replace a memory by a newer one: the old stops holding when the new starts, and a supersedes edge joins them.";
    const ROUTE: Route = Route::post("/memories/{id}/supersede");
    const AGENT: Option<AgentTool> = Some(AgentTool {
        name: "supersede",
        description: "Correct a memory: `id` is the memory that is no longer true; give the memory that replaces it as `by` (an id) or `new` (a memory to add, as for `remember`). The old one gets status `superseded` and stays in the history; queries about the past still find it.",
        wrap: None,
    });
    type Request = SupersedeRequest;
    type Response = Superseded;

    async fn run(api: &Api, r: SupersedeRequest, caller: &Caller) -> ApiResult<Superseded> {
        let actor = caller.actor();
        match (r.by, r.new) {
            (Some(by), None) => Ok(api.engine.supersede(&r.id, &by, actor).await?),
            (None, Some(new)) => Ok(api.engine.supersede_with(&r.id, new, actor).await?),
            _ => Err(mnemo_core::Error::invalid(
                "by",
                "give exactly one of `by` (an existing memory) and `new` (a memory to add)",
            )
            .into()),
        }
    }
}

/// Which action to undo.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UndoRequest {
    /// The action (an operation's `action`); by default the newest not undone.
    #[serde(default)]
    pub action: Option<String>,
    /// Only the caller's own actions count for the default (the app's Ctrl+Z).
    #[serde(default)]
    pub mine: Option<bool>,
    /// Overwrite later changes to the same memories instead of stopping with `conflict`.
    #[serde(default)]
    pub force: Option<bool>,
}

/// An agent undoes only its own actions; a person anyone's unless `mine`.
fn whose<'a>(mine: Option<bool>, caller: &'a Caller) -> Whose<'a> {
    match mine {
        _ if caller.is_agent() => Whose::Only(caller.name()),
        Some(true) => Whose::Only(caller.name()),
        _ => Whose::Anyone,
    }
}

pub struct Undo;

impl ApiOperation for Undo {
    const SUMMARY: &'static str = "Undo an action (by default the newest): its inverse, computed from the log, applied as a new action.";
    const ROUTE: Route = Route::post("/undo");
    type Request = UndoRequest;
    type Response = UndoReport;

    async fn run(api: &Api, r: UndoRequest, caller: &Caller) -> ApiResult<UndoReport> {
        let who = whose(r.mine, caller);
        let force = r.force.unwrap_or(false);
        let action = r.action.as_deref();
        Ok(api.engine.undo(action, who, force, caller.actor()).await?)
    }
}

/// Whose undo to redo.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RedoRequest {
    /// Only the caller's own undos.
    #[serde(default)]
    pub mine: Option<bool>,
    #[serde(default)]
    pub force: Option<bool>,
}

pub struct Redo;

impl ApiOperation for Redo {
    const SUMMARY: &'static str = "Redo: undo the newest undo.";
    const ROUTE: Route = Route::post("/redo");
    type Request = RedoRequest;
    type Response = UndoReport;

    async fn run(api: &Api, r: RedoRequest, caller: &Caller) -> ApiResult<UndoReport> {
        let who = whose(r.mine, caller);
        let force = r.force.unwrap_or(false);
        Ok(api.engine.redo(who, force, caller.actor()).await?)
    }
}

/// Whose history.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryRequest {
    /// Only the caller's own actions.
    #[serde(default)]
    pub mine: Option<bool>,
}

pub struct GetHistory;

impl ApiOperation for GetHistory {
    const SUMMARY: &'static str = "What can be undone and redone, newest first.";
    const ROUTE: Route = Route::get("/history");
    type Request = HistoryRequest;
    type Response = History;

    async fn run(api: &Api, r: HistoryRequest, caller: &Caller) -> ApiResult<History> {
        Ok(api.engine.history(whose(r.mine, caller)).await?)
    }
}

/// How much of the review queue to read.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewRequest {
    /// At most this many items per section (default 200, at most 1000).
    #[serde(default)]
    #[schemars(range(min = 1, max = 1000))]
    pub limit: Option<u32>,
    /// Memories retaining less than this (0..1, default 0.1) count as stale.
    #[serde(default)]
    #[schemars(range(min = 0.0, max = 1.0))]
    pub stale_below: Option<f32>,
}

pub struct GetReview;

impl ApiOperation for GetReview {
    const SUMMARY: &'static str = "The review queue: near-duplicates, unconfirmed automatic links, possible contradictions, orphans and stale memories.";
    const ROUTE: Route = Route::get("/review");
    type Request = ReviewRequest;
    type Response = ReviewQueue;

    async fn run(api: &Api, r: ReviewRequest, _: &Caller) -> ApiResult<ReviewQueue> {
        let mut settings = ReviewSettings::default();
        if let Some(l) = r.limit {
            settings.limit = l.clamp(1, 1000);
        }
        if let Some(s) = r.stale_below {
            if !(0.0..=1.0).contains(&s) {
                let e =
                    mnemo_core::Error::invalid("stale_below", format!("{s} is not within 0..1"));
                return Err(e.into());
            }
            settings.stale_below = s;
        }
        Ok(api.engine.review(&settings))
    }
}

/// Two memories a person says are not duplicates.
#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeepApartRequest {
    pub a: String,
    pub b: String,
}

pub struct KeepApart;

impl ApiOperation for KeepApart {
    const SUMMARY: &'static str = "Keep both: two memories flagged as duplicates are distinct (remembered as a confirmed near-duplicate link).";
    const ROUTE: Route = Route::post("/review/keep-apart");
    type Request = KeepApartRequest;
    type Response = Edge;

    async fn run(api: &Api, r: KeepApartRequest, caller: &Caller) -> ApiResult<Edge> {
        Ok(api.engine.keep_apart(&r.a, &r.b, caller.actor()).await?)
    }
}

/// What to purge: memories by id, or every memory forgotten before a time.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PurgeRequest {
    /// The memories, by id.
    #[serde(default)]
    #[schemars(length(max = 10000))]
    pub ids: Vec<String>,
    /// Every memory forgotten before this instant (RFC 3339), and unchanged since.
    #[serde(default)]
    pub forgotten_before: Option<String>,
    /// Only say which memories would go.
    #[serde(default)]
    pub dry_run: Option<bool>,
}

pub struct PurgeMemories;

impl ApiOperation for PurgeMemories {
    const SUMMARY: &'static str = "Erase memories for good: their rows, edges, and text in the log and traces, and every old version of the store's files. Cannot be undone.";
    const ROUTE: Route = Route::post("/purge");
    type Request = PurgeRequest;
    type Response = mnemo_engine::PurgeReport;

    async fn run(
        api: &Api,
        r: PurgeRequest,
        caller: &Caller,
    ) -> ApiResult<mnemo_engine::PurgeReport> {
        caller.require_person("purge memories")?;
        let ids = match (r.ids.is_empty(), r.forgotten_before) {
            (false, None) => r.ids,
            (true, Some(t)) => {
                let t = mnemo_core::validate::parse_time("forgotten_before", &t)?;
                api.engine.forgotten_before(t)
            }
            _ => {
                return Err(mnemo_core::Error::invalid(
                    "ids",
                    "give exactly one of `ids` and `forgotten_before`",
                )
                .into());
            }
        };
        if r.dry_run == Some(true) || ids.is_empty() {
            return Ok(mnemo_engine::PurgeReport {
                purged: ids,
                ..Default::default()
            });
        }
        Ok(api.engine.purge(ids, caller.actor()).await?)
    }
}
