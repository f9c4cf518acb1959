//! The operations, by what they act on. Each is a unit type implementing [`ApiOperation`]: its
//! request and response types, its route, whether agents see it as a tool, and its function.
//!
//! [`ApiOperation`]: crate::ApiOperation

mod access;
mod curate;
mod edges;
mod lab;
mod memories;
mod recall;
mod spaces;
mod store;

pub use access::{
    CallerInfo, CreateAgentToken, GetTrustSettings, ListAgentTokens, RevokeAgentToken,
    SetTrustSettings, TokenRef, TokenUpdate, UpdateAgentToken, WhoAmI,
};
pub use curate::{
    BulkEditMemories, GetHistory, GetReview, HistoryRequest, KeepApart, KeepApartRequest,
    MergeMemories, MergeRequest, PreviewMerge, PurgeMemories, PurgeRequest, Redo, RedoRequest,
    ReviewRequest, Supersede, SupersedeRequest, Undo, UndoRequest,
};
pub use edges::{ConfirmEdge, EdgeRef, GetEdge, Link, Unlink};
pub use lab::{
    ConfigRef, ConfigRename, ConfigToSave, DeleteConfig, Evaluate, EvaluateRequest, ExplainMiss,
    Judge, ListConfigs, ListJudgments, RenameConfig, ReplayRequest, ReplayTrace, SaveConfig,
    SetDefaultConfig, WhyNotRequest,
};
pub use memories::{
    AddMemory, Forget, GetMemory, MemoryDetail, MemoryRef, MemoryUpdate, Neighborhood,
    NeighborhoodRequest, SetStatus, StatusChange, Subgraph, UpdateMemory,
};
pub use recall::{
    BriefHit, BriefRecall, BriefRecallRequest, GetRetrievalConfig, GetTrace, ListTraces, Recall,
    RecallBrief, RecallRequest, TraceRef, TracesPage,
};
pub use spaces::{CreateSpace, DeleteSpace, ListSpaces, SpaceDeletion, SpaceUpdate, UpdateSpace};
pub use store::{
    GetOverview, GetSnapshot, ListOperations, NoInput, OperationsPage, Overview, SnapshotRequest,
};
