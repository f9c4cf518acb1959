//! Generic transcripts: JSON lines of `{speaker, text, time, conversation}`. One episode per
//! turn, its speaker an entity, its conversation the session (so turns are chained in order).

use mnemo_core::{Error, ImportLine, Result};
use serde::Deserialize;

use crate::{Located, fingerprint, json_lines};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Turn {
    speaker: String,
    text: String,
    #[serde(default)]
    time: Option<String>,
    #[serde(default)]
    conversation: Option<String>,
}

pub fn transcript(text: &str) -> Result<Vec<Located>> {
    let mut out = Vec::new();
    for (n, t) in json_lines::<Turn>(text)? {
        let at = format!("line {n}");
        if t.speaker.trim().is_empty() {
            return Err(Error::invalid(
                format!("{at}: speaker"),
                "must not be empty",
            ));
        }
        if t.text.trim().is_empty() {
            continue; // an empty turn says nothing
        }
        let conversation = t
            .conversation
            .clone()
            .unwrap_or_else(|| "transcript".into());
        let time = t.time.clone().unwrap_or_default();
        out.push((at, turn(&t.speaker, &t.text, t.time, &conversation, &time)));
    }
    Ok(out)
}

/// One turn of a conversation as an episode (shared with the chat exports).
pub(crate) fn turn(
    speaker: &str,
    text: &str,
    time: Option<String>,
    session: &str,
    key: &str,
) -> ImportLine {
    ImportLine {
        kind: Some("episode".into()),
        text: text.trim().to_string(),
        occurred_at: time,
        session: Some(session.to_string()),
        entities: vec![speaker.trim().to_string()],
        external_id: Some(format!(
            "turn:{}",
            fingerprint(&[session, key, speaker, text])
        )),
        ..Default::default()
    }
}
