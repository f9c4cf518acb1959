//! Who writes and what they may do: trust policies, rights and agents' named tokens. The server
//! sets an [`Actor`] from the connection (the app's person, a token, an MCP handshake); a client
//! never names its own.

use serde::{Deserialize, Serialize};
use specta::Type;
use std::fmt;
use std::str::FromStr;

use crate::Error;
use crate::memory::{Memory, Timestamp, string_enum};

string_enum!(
    /// How a writer's changes enter the store: at once, held for a person's approval, or not at all.
    TrustPolicy {
        Trusted => "trusted",
        Review => "review",
        ReadOnly => "read_only",
    }
);

/// What a writer may do beyond adding its own memories.
#[derive(
    Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Type, schemars::JsonSchema,
)]
pub struct Rights {
    /// The spaces it may read (recall, browse); empty: every space.
    #[serde(default)]
    pub read_spaces: Vec<String>,
    /// The spaces it may write; empty: every space it may read.
    #[serde(default)]
    pub write_spaces: Vec<String>,
    /// May change memories it did not write, and pinned ones.
    #[serde(default)]
    pub edit_others: bool,
    /// May forget memories it did not write, and pinned ones.
    #[serde(default)]
    pub forget_others: bool,
}

impl Rights {
    /// Everything: the person at the app, the command line, Mnemo itself.
    pub fn all() -> Rights {
        Rights {
            edit_others: true,
            forget_others: true,
            ..Rights::default()
        }
    }

    pub fn may_read(&self, space: &str) -> bool {
        self.read_spaces.is_empty() || self.read_spaces.iter().any(|s| s == space)
    }

    pub fn may_write(&self, space: &str) -> bool {
        if self.write_spaces.is_empty() {
            self.may_read(space)
        } else {
            self.write_spaces.iter().any(|s| s == space)
        }
    }
}

/// Who makes a change or asks a question, as the server knows the connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// As the log records it: `user`, `cli`, `mnemo`, `agent:<name>`.
    pub name: String,
    pub policy: TrustPolicy,
    pub rights: Rights,
    /// How it is connected, as the log records it beside the name: `app`, `rest`, `cli`,
    /// `mcp-http <session id>`, `mcp-stdio pid <pid>`; empty when not said.
    pub via: String,
}

impl Actor {
    /// The same actor, connected through `via`.
    pub fn via(self, via: impl Into<String>) -> Actor {
        Actor {
            via: via.into(),
            ..self
        }
    }

    /// A person (or Mnemo itself): trusted, with every right.
    pub fn person(name: &str) -> Actor {
        Actor {
            name: name.to_string(),
            policy: TrustPolicy::Trusted,
            rights: Rights::all(),
            via: String::new(),
        }
    }

    /// An agent named `name`, under `policy` with `rights`.
    pub fn agent(name: &str, policy: TrustPolicy, rights: Rights) -> Actor {
        let name = name.trim();
        let name = if name.is_empty() { "unknown" } else { name };
        Actor {
            name: format!("agent:{name}"),
            policy,
            rights,
            via: String::new(),
        }
    }

    pub fn is_agent(&self) -> bool {
        self.name.starts_with("agent:")
    }

    /// Whether it wrote `m` itself.
    pub fn wrote(&self, m: &Memory) -> bool {
        m.written_by == self.name
    }

    /// Why it may not read memories of `space`, if it may not.
    pub fn refuses_read(&self, space: &str) -> Option<String> {
        (!self.rights.may_read(space))
            .then(|| format!("{} may not read space {space:?}", self.name))
    }

    /// Why it may not write into `space`, if it may not.
    pub fn refuses_write(&self, space: &str) -> Option<String> {
        if self.policy == TrustPolicy::ReadOnly {
            return Some(format!("{} is read-only", self.name));
        }
        (!self.rights.may_write(space))
            .then(|| format!("{} may not write to space {space:?}", self.name))
    }

    /// Why it may not change `m` (or forget it, when `forget`), if it may not: its space, its
    /// policy, or a memory it did not write or that is pinned, without the right to touch those.
    pub fn refuses_change(&self, m: &Memory, forget: bool) -> Option<String> {
        if let Some(why) = self.refuses_write(&m.space) {
            return Some(why);
        }
        let (allowed, verb) = if forget {
            (self.rights.forget_others, "forget")
        } else {
            (self.rights.edit_others, "change")
        };
        if allowed || (self.wrote(m) && !m.pinned) {
            return None;
        }
        let whose = if m.pinned {
            "a pinned memory".to_string()
        } else if m.written_by.is_empty() {
            "a memory it did not write".to_string()
        } else {
            format!("a memory written by {}", m.written_by)
        };
        Some(format!(
            "{} may not {verb} {whose} ({:?}); its token does not allow it",
            self.name, m.title
        ))
    }
}

/// A person's or Mnemo's name alone: trusted, with every right (the app, the CLI, tests).
impl From<&str> for Actor {
    fn from(name: &str) -> Actor {
        Actor::person(name)
    }
}

impl From<&String> for Actor {
    fn from(name: &String) -> Actor {
        Actor::person(name)
    }
}

impl From<&Actor> for Actor {
    fn from(a: &Actor) -> Actor {
        a.clone()
    }
}

/// A named token an agent connects with: who it is, its policy and rights. The secret itself is
/// shown once, when made; the store keeps only its hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct AgentToken {
    pub id: String,
    /// The agent's name: its writes are recorded as `agent:<name>`.
    pub name: String,
    pub policy: TrustPolicy,
    pub rights: Rights,
    pub created_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
    /// Set once revoked: the token is refused from then on.
    pub revoked_at: Option<Timestamp>,
}

/// How agents without a named token (an MCP client over stdio) are treated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type, schemars::JsonSchema)]
pub struct TrustSettings {
    /// The policy of an agent that connects without a named token.
    pub new_agent_policy: TrustPolicy,
}

impl Default for TrustSettings {
    /// Trusted, so that connecting an agent works on the first try.
    fn default() -> Self {
        TrustSettings {
            new_agent_policy: TrustPolicy::Trusted,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memory(written_by: &str, pinned: bool) -> Memory {
        let new = crate::NewMemory {
            text: "a fact".into(),
            ..Default::default()
        };
        let mut m = new
            .build("m1".into(), crate::now(), "default", "x", "e")
            .unwrap();
        m.written_by = written_by.into();
        m.pinned = pinned;
        m
    }

    #[test]
    fn an_agent_changes_its_own_unpinned_memories_and_others_only_with_the_right() {
        let a = Actor::agent("claude", TrustPolicy::Trusted, Rights::default());
        assert_eq!(
            a.refuses_change(&memory("agent:claude", false), false),
            None
        );
        let why = a.refuses_change(&memory("user", false), false).unwrap();
        assert!(why.contains("written by user"), "{why}");
        assert!(
            a.refuses_change(&memory("agent:claude", true), true)
                .is_some()
        );
        let b = Actor::agent(
            "b",
            TrustPolicy::Trusted,
            Rights {
                edit_others: true,
                ..Rights::default()
            },
        );
        assert_eq!(b.refuses_change(&memory("user", true), false), None);
        assert!(
            b.refuses_change(&memory("user", false), true).is_some(),
            "edit is not forget"
        );
        assert_eq!(
            Actor::person("user").refuses_change(&memory("", true), true),
            None
        );
    }

    #[test]
    fn spaces_limit_reads_and_writes_and_read_only_writes_nothing() {
        let rights = Rights {
            read_spaces: vec!["work".into(), "shared".into()],
            write_spaces: vec!["work".into()],
            ..Rights::default()
        };
        let a = Actor::agent("x", TrustPolicy::Trusted, rights.clone());
        assert_eq!(a.refuses_read("shared"), None);
        assert!(a.refuses_read("home").is_some());
        assert_eq!(a.refuses_write("work"), None);
        assert!(a.refuses_write("shared").is_some());
        let ro = Actor::agent("x", TrustPolicy::ReadOnly, rights);
        assert!(ro.refuses_write("work").unwrap().contains("read-only"));
        assert!(Rights::default().may_write("anything"));
    }
}
