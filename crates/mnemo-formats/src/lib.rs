//! Other tools' files as Mnemo import lines, and Mnemo's memories as other tools' files (see
//! [`export`]). Each format is a pure conversion from the file's
//! text to [`Located`] lines (each with where it came from, for errors), which the engine imports
//! like its own JSONL: all or nothing, idempotent through stable external ids, one action to undo.

mod chat;
mod detect;
pub mod export;
pub(crate) mod markdown;
mod mcp_memory;
mod transcript;

use mnemo_core::{Error, ImportLine, Result};

pub use chat::{chatgpt, claude};
pub use detect::detect;
pub use markdown::{SPLIT_ABOVE, VaultFile, vault};
pub use mcp_memory::mcp_memory;
pub use transcript::transcript;

/// An import line and where it came from ("line 4", "conversation \"Trip\", message 3").
pub type Located = (String, ImportLine);

/// The formats `mnemo import` reads from a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Mnemo's own JSONL (lossless).
    Jsonl,
    /// ChatGPT's data export, `conversations.json`.
    Chatgpt,
    /// Claude's data export, `conversations.json`.
    Claude,
    /// JSONL of `{speaker, text, time, conversation}`.
    Transcript,
    /// The MCP memory server's `memory.jsonl`.
    McpMemory,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Jsonl,
        Format::Chatgpt,
        Format::Claude,
        Format::Transcript,
        Format::McpMemory,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Chatgpt => "chatgpt",
            Format::Claude => "claude",
            Format::Transcript => "transcript",
            Format::McpMemory => "mcp-memory",
        }
    }

    /// A format by its name; `markdown` is named but read from a folder, not a file.
    pub fn parse(name: &str) -> Result<Format> {
        let names = || Format::ALL.map(Format::name).join(", ");
        Format::ALL
            .into_iter()
            .find(|f| f.name() == name)
            .ok_or_else(|| Error::invalid("format", format!("{name:?} is not one of {}", names())))
    }

    /// Converts a file's text. Mnemo's own JSONL is read by the engine line by line instead.
    pub fn convert(self, text: &str) -> Result<Vec<Located>> {
        match self {
            Format::Jsonl => jsonl(text),
            Format::Chatgpt => chatgpt(text),
            Format::Claude => claude(text),
            Format::Transcript => transcript(text),
            Format::McpMemory => mcp_memory(text),
        }
    }
}

/// Mnemo's JSONL, each line with its number.
pub fn jsonl(text: &str) -> Result<Vec<Located>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(l) = ImportLine::parse(i + 1, line)? {
            out.push((format!("line {}", i + 1), l));
        }
    }
    Ok(out)
}

/// A stable short hash of a text (FNV-1a), for external ids of things that have none.
pub(crate) fn fingerprint(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0u8]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// The JSON lines of a file, each parsed as `T`, with its number; blank lines skipped.
pub(crate) fn json_lines<T: serde::de::DeserializeOwned>(text: &str) -> Result<Vec<(usize, T)>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let body = line.trim().trim_start_matches('\u{feff}');
        if body.is_empty() {
            continue;
        }
        let v = serde_json::from_str(body)
            .map_err(|e| Error::invalid(format!("line {}", i + 1), e.to_string()))?;
        out.push((i + 1, v));
    }
    Ok(out)
}

/// A time as RFC 3339, from seconds since 1970 (ChatGPT) or text already in RFC 3339.
pub(crate) fn seconds(t: f64) -> Option<String> {
    let ms = (t * 1000.0).round() as i64;
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
}

#[cfg(test)]
mod tests;
