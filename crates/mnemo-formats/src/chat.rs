//! Chat services' data exports (`conversations.json`): ChatGPT's message tree per conversation,
//! followed along its current branch, and Claude's message list. One episode per turn, with its
//! speaker as an entity and its time; a conversation is a session, so its turns are chained.

use mnemo_core::{Error, Result};
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

use crate::transcript::turn;
use crate::{Located, seconds};

/// A conversation's session name: its title, with its id's start to tell equal titles apart.
fn session(title: Option<&str>, id: &str) -> String {
    let title = title
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or("Untitled");
    format!("{title} ({})", id.chars().take(8).collect::<String>())
}

fn parse<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> Result<T> {
    let body = text.trim_start_matches('\u{feff}');
    serde_json::from_str(body).map_err(|e| Error::invalid("file", format!("not {what}: {e}")))
}

#[derive(Deserialize)]
struct GptConversation {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    conversation_id: Option<String>,
    mapping: HashMap<String, GptNode>,
    #[serde(default)]
    current_node: Option<String>,
}

#[derive(Deserialize)]
struct GptNode {
    #[serde(default)]
    message: Option<GptMessage>,
    #[serde(default)]
    parent: Option<String>,
}

#[derive(Deserialize)]
struct GptMessage {
    id: String,
    author: GptAuthor,
    #[serde(default)]
    create_time: Option<f64>,
    #[serde(default)]
    content: Option<Value>,
    #[serde(default)]
    metadata: Option<Value>,
}

#[derive(Deserialize)]
struct GptAuthor {
    role: String,
}

pub fn chatgpt(text: &str) -> Result<Vec<Located>> {
    let conversations: Vec<GptConversation> = parse(
        text,
        "a ChatGPT export (a JSON array of conversations with a `mapping`)",
    )?;
    let mut out = Vec::new();
    for (c, conv) in conversations.iter().enumerate() {
        let id = (conv.conversation_id.as_deref().or(conv.id.as_deref())).unwrap_or("");
        let at = format!(
            "conversation {} ({:?})",
            c + 1,
            conv.title.as_deref().unwrap_or("")
        );
        let session = session(conv.title.as_deref(), if id.is_empty() { &at } else { id });
        for (i, m) in branch(conv)
            .map_err(|e| Error::invalid(&at, e))?
            .into_iter()
            .enumerate()
        {
            let speaker = match m.author.role.as_str() {
                "user" => "User",
                "assistant" => "ChatGPT",
                _ => continue, // system prompts and tool output are not the conversation
            };
            let hidden = (m.metadata.as_ref())
                .and_then(|md| md.get("is_visually_hidden_from_conversation"))
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let words = gpt_text(m.content.as_ref());
            if hidden || words.trim().is_empty() {
                continue;
            }
            let time = m.create_time.and_then(seconds);
            let line = turn(speaker, &words, time, &session, &m.id);
            out.push((format!("{at}, message {}", i + 1), line));
        }
    }
    Ok(out)
}

/// The messages of the conversation's current branch, first to last.
fn branch(conv: &GptConversation) -> std::result::Result<Vec<&GptMessage>, String> {
    // Without a current node, the branch ends at the latest leaf.
    let end = match &conv.current_node {
        Some(n) => n.clone(),
        None => latest_leaf(conv).ok_or("has no messages")?,
    };
    let mut out = Vec::new();
    let mut at = Some(end);
    let mut steps = 0;
    while let Some(id) = at {
        let node = (conv.mapping.get(&id))
            .ok_or_else(|| format!("names node {id:?}, which its mapping lacks"))?;
        out.extend(node.message.as_ref());
        at = node.parent.clone();
        steps += 1;
        if steps > conv.mapping.len() {
            return Err("has a cycle in its message tree".into());
        }
    }
    out.reverse();
    Ok(out)
}

fn latest_leaf(conv: &GptConversation) -> Option<String> {
    let parents: std::collections::HashSet<&str> = conv
        .mapping
        .values()
        .filter_map(|n| n.parent.as_deref())
        .collect();
    (conv.mapping.iter())
        .filter(|(id, _)| !parents.contains(id.as_str()))
        .max_by(|a, b| {
            let t = |n: &GptNode| {
                n.message
                    .as_ref()
                    .and_then(|m| m.create_time)
                    .unwrap_or(0.0)
            };
            t(a.1).total_cmp(&t(b.1))
        })
        .map(|(id, _)| id.clone())
}

/// The words of a message's content: its text parts (images and other parts left out).
fn gpt_text(content: Option<&Value>) -> String {
    let Some(c) = content else {
        return String::new();
    };
    let parts = c.get("parts").and_then(Value::as_array);
    let mut words: Vec<&str> = parts
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if words.is_empty()
        && let Some(t) = c.get("text").and_then(Value::as_str)
    {
        words.push(t);
    }
    words.join("\n")
}

#[derive(Deserialize)]
struct ClaudeConversation {
    uuid: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    chat_messages: Vec<ClaudeMessage>,
}

#[derive(Deserialize)]
struct ClaudeMessage {
    uuid: String,
    sender: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    content: Vec<Value>,
    #[serde(default)]
    created_at: Option<String>,
}

pub fn claude(text: &str) -> Result<Vec<Located>> {
    let conversations: Vec<ClaudeConversation> = parse(
        text,
        "a Claude export (a JSON array of conversations with `chat_messages`)",
    )?;
    let mut out = Vec::new();
    for (c, conv) in conversations.iter().enumerate() {
        let at = format!(
            "conversation {} ({:?})",
            c + 1,
            conv.name.as_deref().unwrap_or("")
        );
        let session = session(conv.name.as_deref(), &conv.uuid);
        for (i, m) in conv.chat_messages.iter().enumerate() {
            let speaker = match m.sender.as_str() {
                "human" => "User",
                "assistant" => "Claude",
                other => {
                    let field = format!("{at}, message {}: sender", i + 1);
                    return Err(Error::invalid(
                        field,
                        format!("{other:?} is neither human nor assistant"),
                    ));
                }
            };
            let words = match m.text.trim().is_empty() {
                false => m.text.clone(),
                true => claude_text(&m.content),
            };
            if words.trim().is_empty() {
                continue;
            }
            let time = m.created_at.clone();
            let line = turn(speaker, &words, time, &session, &m.uuid);
            out.push((format!("{at}, message {}", i + 1), line));
        }
    }
    Ok(out)
}

fn claude_text(content: &[Value]) -> String {
    (content.iter())
        .filter(|c| c.get("type").and_then(Value::as_str) == Some("text"))
        .filter_map(|c| c.get("text").and_then(Value::as_str))
        .collect::<Vec<_>>()
        .join("\n")
}
