//! Named retrieval configurations, kept in the store's meta table so that the app, `mnemo serve`
//! and `mnemo mcp` share them. One is the default (the built-in `standard` until a person picks
//! another); a recall names another or gives its own weights.

use mnemo_core::validate::check_name;
use mnemo_core::{Error, Result, RetrievalConfig, Timestamp, now};
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};

use crate::Engine;

/// The built-in configuration's name: `RetrievalConfig::default()`, never stored.
pub const STANDARD: &str = "standard";
/// Meta key of the stored configurations.
const KEY: &str = "retrieval_configs";
/// How long a process trusts its copy of the default before reading the store again (another
/// process may have changed it).
const FRESH_FOR: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
pub struct NamedConfig {
    pub name: String,
    pub config: RetrievalConfig,
    pub updated_at: Timestamp,
}

/// Every configuration, the built-in `standard` first, and which one recalls use by default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type, schemars::JsonSchema)]
pub struct ConfigBook {
    pub configs: Vec<NamedConfig>,
    pub default: String,
}

/// What the meta table holds.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Stored {
    configs: Vec<NamedConfig>,
    default: Option<String>,
}

impl Stored {
    fn find(&self, name: &str) -> Option<&NamedConfig> {
        self.configs.iter().find(|c| c.name == name)
    }
}

/// This process's copy of the default configuration.
pub(crate) struct DefaultConfig {
    name: String,
    config: RetrievalConfig,
    read_at: Option<Instant>,
}

impl DefaultConfig {
    pub(crate) fn config(&self) -> &RetrievalConfig {
        &self.config
    }
}

impl Default for DefaultConfig {
    fn default() -> Self {
        DefaultConfig {
            name: STANDARD.into(),
            config: RetrievalConfig::default(),
            read_at: None,
        }
    }
}

impl Engine {
    /// Every configuration and the default's name.
    pub async fn config_book(&self) -> Result<ConfigBook> {
        let stored = self.read_configs().await?;
        let standard = NamedConfig {
            name: STANDARD.into(),
            config: RetrievalConfig::default(),
            updated_at: chrono::DateTime::UNIX_EPOCH,
        };
        Ok(ConfigBook {
            default: stored.default.clone().unwrap_or_else(|| STANDARD.into()),
            configs: std::iter::once(standard).chain(stored.configs).collect(),
        })
    }

    /// Saves weights under a name (a new one, or replacing that name's).
    pub async fn save_config(&self, name: &str, config: RetrievalConfig) -> Result<NamedConfig> {
        let name = writable(name, "name")?;
        config.validate()?;
        let saved = NamedConfig {
            name: name.clone(),
            config,
            updated_at: now(),
        };
        let out = saved.clone();
        self.change_configs(move |s| {
            s.configs.retain(|c| c.name != name);
            s.configs.push(saved);
            s.configs.sort_by(|a, b| a.name.cmp(&b.name));
            Ok(())
        })
        .await?;
        Ok(out)
    }

    pub async fn rename_config(&self, name: &str, to: &str) -> Result<NamedConfig> {
        let to = writable(to, "to")?;
        let name = name.to_string();
        let mut out = None;
        self.change_configs(|s| {
            if s.find(&to).is_some() {
                return Err(Error::Conflict(format!(
                    "a configuration {to:?} exists already"
                )));
            }
            let c = (s.configs.iter_mut().find(|c| c.name == name))
                .ok_or_else(|| Error::not_found("configuration", &name))?;
            c.name = to.clone();
            c.updated_at = now();
            out = Some(c.clone());
            if s.default.as_deref() == Some(name.as_str()) {
                s.default = Some(to.clone());
            }
            s.configs.sort_by(|a, b| a.name.cmp(&b.name));
            Ok(())
        })
        .await?;
        out.ok_or_else(|| Error::not_found("configuration", "renamed"))
    }

    /// Deletes a configuration; when it was the default, `standard` is again.
    pub async fn delete_config(&self, name: &str) -> Result<()> {
        let name = name.to_string();
        self.change_configs(|s| {
            if s.find(&name).is_none() {
                return Err(Error::not_found("configuration", &name));
            }
            s.configs.retain(|c| c.name != name);
            if s.default.as_deref() == Some(name.as_str()) {
                s.default = None;
            }
            Ok(())
        })
        .await
    }

    /// Makes a configuration the one recalls use when they name none.
    pub async fn set_default_config(&self, name: &str) -> Result<()> {
        let name = name.to_string();
        self.change_configs(|s| {
            if name != STANDARD && s.find(&name).is_none() {
                return Err(Error::not_found("configuration", &name));
            }
            s.default = (name != STANDARD).then(|| name.clone());
            Ok(())
        })
        .await
    }

    /// The configuration a recall runs with, and its name: the one named, else the default.
    pub(crate) async fn resolve_config(
        &self,
        name: Option<&str>,
    ) -> Result<(String, RetrievalConfig)> {
        match name.filter(|n| !n.is_empty()) {
            Some(STANDARD) => Ok((STANDARD.into(), RetrievalConfig::default())),
            Some(n) => {
                let stored = self.read_configs().await?;
                let c = stored
                    .find(n)
                    .ok_or_else(|| Error::not_found("configuration", n))?;
                Ok((c.name.clone(), c.config.clone()))
            }
            None => self.default_config().await,
        }
    }

    /// The default configuration, read again from the store when this copy is old.
    async fn default_config(&self) -> Result<(String, RetrievalConfig)> {
        {
            let d = self.shared.config.read().expect("config lock");
            if d.read_at.is_some_and(|t| t.elapsed() < FRESH_FOR) {
                return Ok((d.name.clone(), d.config.clone()));
            }
        }
        self.read_configs().await?;
        let d = self.shared.config.read().expect("config lock");
        Ok((d.name.clone(), d.config.clone()))
    }

    async fn read_configs(&self) -> Result<Stored> {
        let stored: Stored = match self.shared.store.meta(KEY).await? {
            Some(json) => serde_json::from_str(&json).map_err(|e| {
                Error::Storage(format!("the retrieval configurations are unreadable: {e}"))
            })?,
            None => Stored::default(),
        };
        self.remember_default(&stored);
        Ok(stored)
    }

    fn remember_default(&self, stored: &Stored) {
        let chosen = stored.default.as_deref().and_then(|n| stored.find(n));
        let mut d = self.shared.config.write().expect("config lock");
        *d = match chosen {
            Some(c) => DefaultConfig {
                name: c.name.clone(),
                config: c.config.clone(),
                read_at: None,
            },
            None => DefaultConfig::default(),
        };
        d.read_at = Some(Instant::now());
    }

    /// Reads, changes and writes the configurations under the store's write lock.
    async fn change_configs(&self, f: impl FnOnce(&mut Stored) -> Result<()>) -> Result<()> {
        let guard = self.shared.store.lock_writes().await?;
        let mut stored = self.read_configs().await?;
        f(&mut stored)?;
        let json = serde_json::to_string(&stored).map_err(|e| Error::Storage(e.to_string()))?;
        self.shared.store.set_meta(&guard, KEY, &json).await?;
        self.remember_default(&stored);
        Ok(())
    }
}

/// A name a person may give a configuration.
fn writable(name: &str, field: &str) -> Result<String> {
    let name = check_name(field, name)?;
    if name == STANDARD {
        return Err(Error::invalid(
            field,
            format!("{STANDARD:?} is the built-in configuration's name"),
        ));
    }
    if name == "custom" {
        return Err(Error::invalid(
            field,
            "\"custom\" names the weights given with a query, in traces",
        ));
    }
    Ok(name)
}
