//! Errors with a stable code (for the UI and API) and a human message that names what and where.

use serde::{Deserialize, Serialize};

/// Stable machine-readable error codes; the UI and HTTP API switch on these.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    InvalidInput,
    NotFound,
    Conflict,
    SchemaTooNew,
    Storage,
    Embedding,
    Io,
    /// The API refused a request without a valid token.
    Unauthorized,
    /// The API refused a request from a foreign web origin, or the writer may not do this.
    Forbidden,
    /// A request body over the size limit.
    TooLarge,
    /// A bug or an unexpected failure: never caused by the input.
    Internal,
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    /// A field of the input is wrong; `field` names it (with a line number prefix for imports).
    #[error("invalid {field}: {message}")]
    Invalid { field: String, message: String },
    #[error("{what} not found: {id}")]
    NotFound { what: &'static str, id: String },
    #[error("conflict: {0}")]
    Conflict(String),
    #[error(
        "this store has schema version {found}, newer than the {supported} this Mnemo understands; upgrade Mnemo to open it"
    )]
    SchemaTooNew { found: u32, supported: u32 },
    #[error("storage error: {0}")]
    Storage(String),
    #[error("embedding error: {0}")]
    Embedding(String),
    #[error("{0}")]
    Io(String),
    /// The writer's trust policy or rights do not allow the change; the message says which.
    #[error("not allowed: {0}")]
    Forbidden(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn not_found(what: &'static str, id: impl Into<String>) -> Self {
        Error::NotFound {
            what,
            id: id.into(),
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Invalid { .. } => ErrorCode::InvalidInput,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Conflict(_) => ErrorCode::Conflict,
            Error::SchemaTooNew { .. } => ErrorCode::SchemaTooNew,
            Error::Storage(_) => ErrorCode::Storage,
            Error::Embedding(_) => ErrorCode::Embedding,
            Error::Io(_) => ErrorCode::Io,
            Error::Forbidden(_) => ErrorCode::Forbidden,
        }
    }

    /// Prefixes the field of a validation error, e.g. with `line 7: ` or `links[2].`.
    pub fn in_context(self, prefix: &str) -> Self {
        match self {
            Error::Invalid { field, message } => Error::Invalid {
                field: format!("{prefix}{field}"),
                message,
            },
            other => other,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e.to_string())
    }
}
