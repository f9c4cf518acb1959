//! Spaces a person manages: made, renamed, described, coloured, archived and deleted through the
//! one writer, so every process on the store follows. A rename carries the agents' tokens along;
//! deleting a space with its memories purged erases them like a purge.

use mnemo_core::{Actor, Result, Space};

use crate::Engine;
use crate::plan::space::{Disposal, NewSpace, SpaceInput, SpacePatch, SpaceReport};
use crate::writer::{Command, Write, WriteInput, WriteReply};

impl Engine {
    /// Makes an empty space.
    pub async fn create_space(
        &self,
        new: NewSpace,
        actor: impl Into<Actor>,
    ) -> Result<SpaceReport> {
        self.write_space(SpaceInput::Create(new), actor.into())
            .await
    }

    /// Renames, describes, colours or archives a space. A rename moves its memories with it, as
    /// one action, and the tokens limited to it follow the new name.
    pub async fn update_space(
        &self,
        name: &str,
        patch: SpacePatch,
        actor: impl Into<Actor>,
    ) -> Result<SpaceReport> {
        let input = SpaceInput::Change {
            name: name.to_string(),
            patch,
        };
        let report = self.write_space(input, actor.into()).await?;
        if let Some(now) = report.space.as_ref().filter(|s| s.name != name) {
            self.rename_in_tokens(name, &now.name).await?;
        }
        Ok(report)
    }

    /// Deletes a space, its memories moved elsewhere or purged (an empty one needs neither).
    /// A purge cannot be undone; a move can. Tokens limited to the space keep its name, so
    /// they are not opened to every space.
    pub async fn delete_space(
        &self,
        name: &str,
        memories: Disposal,
        actor: impl Into<Actor>,
    ) -> Result<SpaceReport> {
        let input = SpaceInput::Delete {
            name: name.to_string(),
            memories: memories.clone(),
        };
        if memories != Disposal::Purge {
            return self.write_space(input, actor.into()).await;
        }
        let ids: Vec<String> =
            self.read(|st| st.memories_in(name).iter().map(|m| m.id.clone()).collect());
        let actor: Actor = actor.into();
        let by = actor.name.clone();
        let texts = self.words_of(&ids);
        self.note_pending_purge(&ids).await?;
        let report = self.write_space(input, actor).await?;
        self.finish_erasure(&by, &report.purged, texts).await?;
        Ok(report)
    }

    /// One space, by name.
    pub fn space(&self, name: &str) -> Option<Space> {
        self.read(|st| st.spaces.get(name).cloned())
    }

    async fn write_space(&self, input: SpaceInput, actor: Actor) -> Result<SpaceReport> {
        self.send(|reply| {
            Command::Write(Write {
                actor,
                input: WriteInput::Space(input),
                reply: WriteReply::Space(reply),
            })
        })
        .await
    }
}
