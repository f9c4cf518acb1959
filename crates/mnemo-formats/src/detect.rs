//! Which format a file is, from its first bytes: a JSON array of conversations (ChatGPT's have a
//! `mapping`, Claude's `chat_messages`), or JSON lines (the MCP memory server's have a `type` of
//! entity or relation, transcripts a `speaker`; anything else is Mnemo's own).

use crate::Format;
use serde_json::Value;

pub fn detect(text: &str) -> Format {
    let body = text.trim_start().trim_start_matches('\u{feff}');
    if body.starts_with('[') {
        return conversations(body);
    }
    let first = body.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let Ok(Value::Object(o)) = serde_json::from_str::<Value>(first) else {
        return Format::Jsonl;
    };
    match o.get("type").and_then(Value::as_str) {
        Some("entity" | "relation") if !o.contains_key("text") => Format::McpMemory,
        _ if o.contains_key("speaker") && !o.contains_key("kind") => Format::Transcript,
        _ => Format::Jsonl,
    }
}

fn conversations(body: &str) -> Format {
    // The first conversation's keys tell; a whole export need not be parsed to find them.
    let head = &body[..body.len().min(64 * 1024)];
    if head.contains("\"chat_messages\"") {
        Format::Claude
    } else if head.contains("\"mapping\"") {
        Format::Chatgpt
    } else {
        Format::Jsonl // refused by the JSONL reader: an array is not a line
    }
}
