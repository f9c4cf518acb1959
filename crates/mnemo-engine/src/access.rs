//! Agents' named tokens and the trust settings, kept in the store's meta table so that every
//! process on a store (the app, `mnemo serve`, `mnemo mcp`) knows the same writers. A token's
//! secret is shown once; the store keeps its SHA-256.

use mnemo_core::{AgentToken, Error, Result, Rights, TrustPolicy, TrustSettings, now};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use specta::Type;
use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::Engine;

const TOKENS: &str = "agent_tokens";
const SETTINGS: &str = "trust_settings";
/// A token's last use is written back at most this often.
const LAST_USED_EVERY: Duration = Duration::from_secs(60);
/// An unknown secret re-reads the tokens (another process may have made it) at most this often.
const REREAD_EVERY: Duration = Duration::from_secs(1);

/// A token as stored: what is shown, and the hash of its secret.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Stored {
    token: AgentToken,
    sha256: String,
}

/// What this process knows of the tokens: read from the store, refreshed on a miss.
#[derive(Default)]
pub(crate) struct TokenCache {
    tokens: Vec<Stored>,
    read_at: Option<Instant>,
    /// The trust settings, and when they were read.
    settings: Option<(TrustSettings, Instant)>,
    /// Last uses not yet written back, and when each token's was last written.
    used: HashMap<String, (chrono::DateTime<chrono::Utc>, Option<Instant>)>,
}

/// A new token: its record, and the secret to give the agent (shown this once).
#[derive(Debug, Clone, Serialize, Type, schemars::JsonSchema)]
pub struct NewAgentToken {
    pub token: AgentToken,
    pub secret: String,
}

/// What a person may set on a token.
#[derive(Debug, Clone, Deserialize, Serialize, Type, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AgentTokenSpec {
    /// The agent's name (letters, digits, `-`, `_`, `.`, space; unique among live tokens).
    #[schemars(length(min = 1, max = 64))]
    pub name: String,
    pub policy: TrustPolicy,
    #[serde(default)]
    pub rights: Rights,
}

fn hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// 32 random bytes as hex, prefixed so that a leaked one is recognisable.
fn new_secret() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| Error::Io(format!("no randomness: {e}")))?;
    Ok(format!(
        "mnemo_agent_{}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    ))
}

fn check_name(name: &str) -> Result<String> {
    let name = name.trim();
    let ok = !name.is_empty()
        && name.chars().count() <= 64
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' '));
    if !ok {
        return Err(Error::invalid(
            "name",
            format!("{name:?}: 1 to 64 letters, digits, spaces, '-', '_' or '.'"),
        ));
    }
    Ok(name.to_string())
}

impl Engine {
    /// Every named token, revoked ones included, oldest first.
    pub async fn agent_tokens(&self) -> Result<Vec<AgentToken>> {
        let stored = self.read_tokens().await?;
        Ok(stored
            .into_iter()
            .map(|s| self.with_last_use(s.token))
            .collect())
    }

    /// The token with its latest use in this process (written back only once a minute).
    fn with_last_use(&self, mut t: AgentToken) -> AgentToken {
        let cache = self.shared.tokens.lock().expect("token cache");
        if let Some((at, _)) = cache.used.get(&t.id)
            && t.last_used_at.is_none_or(|stored| stored < *at)
        {
            t.last_used_at = Some(*at);
        }
        t
    }

    /// Makes a token for an agent; the secret is in the answer and nowhere else.
    pub async fn create_agent_token(&self, spec: AgentTokenSpec) -> Result<NewAgentToken> {
        let name = check_name(&spec.name)?;
        let secret = new_secret()?;
        let token = AgentToken {
            id: mnemo_core::new_id(),
            name: name.clone(),
            policy: spec.policy,
            rights: spec.rights,
            created_at: now(),
            last_used_at: None,
            revoked_at: None,
        };
        let stored = Stored {
            token: token.clone(),
            sha256: hash(&secret),
        };
        self.change_tokens(|tokens| {
            if tokens
                .iter()
                .any(|t| t.token.revoked_at.is_none() && t.token.name.eq_ignore_ascii_case(&name))
            {
                return Err(Error::Conflict(format!(
                    "a live token is already named {name:?}; revoke it or choose another name"
                )));
            }
            tokens.push(stored);
            Ok(())
        })
        .await?;
        Ok(NewAgentToken { token, secret })
    }

    /// Changes a live token's policy and rights (its name and secret stay).
    pub async fn update_agent_token(&self, id: &str, spec: AgentTokenSpec) -> Result<AgentToken> {
        let mut out = None;
        self.change_tokens(|tokens| {
            let t = live(tokens, id)?;
            t.token.policy = spec.policy;
            t.token.rights = spec.rights;
            out = Some(t.token.clone());
            Ok(())
        })
        .await?;
        let t = out.ok_or_else(|| Error::not_found("token", id))?;
        Ok(self.with_last_use(t))
    }

    /// Tokens limited to a space that was renamed name it by its new name.
    pub(crate) async fn rename_in_tokens(&self, from: &str, to: &str) -> Result<()> {
        let names = |list: &mut Vec<String>| {
            (list.iter_mut().filter(|s| s.as_str() == from)).for_each(|s| *s = to.to_string())
        };
        self.change_tokens(|tokens| {
            for t in tokens.iter_mut() {
                names(&mut t.token.rights.read_spaces);
                names(&mut t.token.rights.write_spaces);
            }
            Ok(())
        })
        .await
    }

    /// Revokes a token: refused from the next request on, in every process.
    pub async fn revoke_agent_token(&self, id: &str) -> Result<AgentToken> {
        let mut out = None;
        self.change_tokens(|tokens| {
            let t = live(tokens, id)?;
            t.token.revoked_at = Some(now());
            out = Some(t.token.clone());
            Ok(())
        })
        .await?;
        let t = out.ok_or_else(|| Error::not_found("token", id))?;
        Ok(self.with_last_use(t))
    }

    /// The live token with this secret, if any; notes its use.
    pub async fn agent_token_for(&self, secret: &str) -> Result<Option<AgentToken>> {
        let h = hash(secret);
        let found = |c: &TokenCache| c.tokens.iter().find(|t| t.sha256 == h).cloned();
        let (hit, stale) = {
            let c = self.shared.tokens.lock().expect("token cache");
            let stale = c.read_at.is_none_or(|t| t.elapsed() >= REREAD_EVERY);
            (found(&c), stale)
        };
        let hit = match hit {
            Some(s) if s.token.revoked_at.is_none() && !stale => Some(s),
            // Unknown, or maybe revoked by another process since: read again.
            _ if stale => {
                self.read_tokens().await?;
                found(&self.shared.tokens.lock().expect("token cache"))
            }
            other => other,
        };
        let Some(s) = hit.filter(|s| s.token.revoked_at.is_none()) else {
            return Ok(None);
        };
        self.note_use(&s.token.id).await;
        Ok(Some(s.token))
    }

    /// How agents without a named token are treated.
    /// Read again after a second at most: another process may have changed them.
    pub async fn trust_settings(&self) -> Result<TrustSettings> {
        if let Some((s, at)) = &self.shared.tokens.lock().expect("token cache").settings
            && at.elapsed() < REREAD_EVERY
        {
            return Ok(s.clone());
        }
        let settings = match self.shared.store.meta(SETTINGS).await? {
            Some(json) => serde_json::from_str(&json)
                .map_err(|e| Error::Storage(format!("the trust settings are unreadable: {e}")))?,
            None => TrustSettings::default(),
        };
        self.shared.tokens.lock().expect("token cache").settings =
            Some((settings.clone(), Instant::now()));
        Ok(settings)
    }

    pub async fn set_trust_settings(&self, settings: TrustSettings) -> Result<TrustSettings> {
        let json = serde_json::to_string(&settings).map_err(|e| Error::Storage(e.to_string()))?;
        let guard = self.shared.store.lock_writes().await?;
        self.shared.store.set_meta(&guard, SETTINGS, &json).await?;
        self.shared.tokens.lock().expect("token cache").settings =
            Some((settings.clone(), Instant::now()));
        Ok(settings)
    }

    async fn read_tokens(&self) -> Result<Vec<Stored>> {
        let tokens: Vec<Stored> = match self.shared.store.meta(TOKENS).await? {
            Some(json) => serde_json::from_str(&json)
                .map_err(|e| Error::Storage(format!("the agent tokens are unreadable: {e}")))?,
            None => Vec::new(),
        };
        let mut c = self.shared.tokens.lock().expect("token cache");
        c.tokens = tokens.clone();
        c.read_at = Some(Instant::now());
        Ok(tokens)
    }

    /// Reads, changes and writes the tokens under the store's write lock (other processes
    /// change them too).
    async fn change_tokens(&self, f: impl FnOnce(&mut Vec<Stored>) -> Result<()>) -> Result<()> {
        let guard = self.shared.store.lock_writes().await?;
        let mut tokens = self.read_tokens().await?;
        f(&mut tokens)?;
        let json = serde_json::to_string(&tokens).map_err(|e| Error::Storage(e.to_string()))?;
        self.shared.store.set_meta(&guard, TOKENS, &json).await?;
        let mut c = self.shared.tokens.lock().expect("token cache");
        c.tokens = tokens;
        c.read_at = Some(Instant::now());
        Ok(())
    }

    /// Remembers a use; writes it back when the stored one is a minute old. A failed write
    /// only loses a "last used" time.
    async fn note_use(&self, id: &str) {
        let at = now();
        let due = {
            let mut c = self.shared.tokens.lock().expect("token cache");
            let entry = c.used.entry(id.to_string()).or_insert((at, None));
            entry.0 = at;
            let due = entry.1.is_none_or(|w| w.elapsed() >= LAST_USED_EVERY);
            if due {
                entry.1 = Some(Instant::now());
            }
            due
        };
        if due {
            let r = self
                .change_tokens(|tokens| {
                    if let Some(t) = tokens.iter_mut().find(|t| t.token.id == id) {
                        t.token.last_used_at = Some(at);
                    }
                    Ok(())
                })
                .await;
            if let Err(e) = r {
                tracing::warn!("could not record a token's use: {e}");
            }
        }
    }
}

fn live<'t>(tokens: &'t mut [Stored], id: &str) -> Result<&'t mut Stored> {
    let t = (tokens.iter_mut().find(|t| t.token.id == id))
        .ok_or_else(|| Error::not_found("token", id))?;
    if t.token.revoked_at.is_some() {
        return Err(Error::Conflict(format!(
            "token {:?} is revoked; make a new one",
            t.token.name
        )));
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_long_random_and_hashed() {
        let (a, b) = (new_secret().unwrap(), new_secret().unwrap());
        assert!(a.starts_with("mnemo_agent_") && a.len() == 12 + 64);
        assert_ne!(a, b);
        assert_eq!(hash(&a).len(), 64);
        assert_ne!(hash(&a), hash(&b));
        assert_eq!(
            hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn names_are_checked() {
        assert_eq!(check_name(" research bot ").unwrap(), "research bot");
        assert!(check_name("").is_err());
        assert!(check_name("a/b").is_err());
        assert!(check_name(&"x".repeat(65)).is_err());
    }
}
