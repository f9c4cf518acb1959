//! Spaces: listed for everyone who may read them; made, changed and deleted by the person.

use mnemo_core::Space;
use mnemo_engine::{Disposal, NewSpace, SpacePatch, SpaceReport};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::NoInput;
use crate::{AgentTool, Api, ApiOperation, ApiResult, Caller, Route};

pub struct ListSpaces;

impl ApiOperation for ListSpaces {
    const SUMMARY: &'static str = "The memory spaces, archived ones included (marked).";
    const ROUTE: Route = Route::get("/spaces");
    const AGENT: Option<AgentTool> = Some(AgentTool {
        name: "list_spaces",
        description: "List the memory spaces (one per person, agent or project). Archived spaces take no new memories and are searched only when a recall names them.",
        wrap: Some("spaces"),
    });
    type Request = NoInput;
    type Response = Vec<Space>;

    async fn run(api: &Api, _: NoInput, caller: &Caller) -> ApiResult<Vec<Space>> {
        let mut spaces = api.engine.spaces();
        spaces.retain(|s| caller.actor().rights.may_read(&s.name));
        Ok(spaces)
    }
}

pub struct CreateSpace;

impl ApiOperation for CreateSpace {
    const SUMMARY: &'static str = "Make an empty space, with a description and a colour.";
    const ROUTE: Route = Route::post("/spaces");
    type Request = NewSpace;
    type Response = SpaceReport;

    async fn run(api: &Api, r: NewSpace, caller: &Caller) -> ApiResult<SpaceReport> {
        caller.require_person("make spaces")?;
        Ok(api.engine.create_space(r, caller.actor()).await?)
    }
}

/// A space and what to change of it.
#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SpaceUpdate {
    #[schemars(transform = mnemo_core::limits::name)]
    pub name: String,
    pub patch: SpacePatch,
}

pub struct UpdateSpace;

impl ApiOperation for UpdateSpace {
    const SUMMARY: &'static str = "Rename (its memories move with it, as one undoable action), describe, colour, archive or unarchive a space.";
    const ROUTE: Route = Route::patch("/spaces/{name}").body_is("patch");
    type Request = SpaceUpdate;
    type Response = SpaceReport;

    async fn run(api: &Api, r: SpaceUpdate, caller: &Caller) -> ApiResult<SpaceReport> {
        caller.require_person("change spaces")?;
        Ok(api
            .engine
            .update_space(&r.name, r.patch, caller.actor())
            .await?)
    }
}

/// A space to delete, and where its memories go.
#[derive(Debug, Clone, Serialize, Deserialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SpaceDeletion {
    #[schemars(transform = mnemo_core::limits::name)]
    pub name: String,
    /// Move its memories into this space (made if needed); the delete can be undone.
    #[serde(default)]
    pub move_to: Option<String>,
    /// Erase its memories for good, like a purge; cannot be undone.
    #[serde(default)]
    pub purge: Option<bool>,
}

pub struct DeleteSpace;

impl ApiOperation for DeleteSpace {
    const SUMMARY: &'static str =
        "Delete a space. One that holds memories needs `move_to` (undoable) or `purge=true` (not).";
    const ROUTE: Route = Route::delete("/spaces/{name}");
    type Request = SpaceDeletion;
    type Response = SpaceReport;

    async fn run(api: &Api, r: SpaceDeletion, caller: &Caller) -> ApiResult<SpaceReport> {
        caller.require_person("delete spaces")?;
        let memories = match (r.move_to.filter(|s| !s.is_empty()), r.purge == Some(true)) {
            (Some(to), false) => Disposal::MoveTo(to),
            (None, true) => Disposal::Purge,
            (None, false) => Disposal::None,
            (Some(_), true) => {
                return Err(mnemo_core::Error::invalid(
                    "move_to",
                    "give `move_to` or `purge`, not both",
                )
                .into());
            }
        };
        Ok(api
            .engine
            .delete_space(&r.name, memories, caller.actor())
            .await?)
    }
}
