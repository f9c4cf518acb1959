//! Validation at the boundary: turns writer input into well-formed values, or an error naming the field.

use chrono::Datelike;

use crate::limits::{
    MAX_LIST, MAX_NAME_CHARS, MAX_PROPERTIES, MAX_PROPERTIES_BYTES, MAX_TAG_CHARS, MAX_TEXT_BYTES,
    MAX_TITLE_CHARS, check_length, too_many,
};
use crate::memory::embedding_text;
use crate::{Error, Memory, MemoryKind, MemoryPatch, MemoryStatus, NewMemory, Result, Timestamp};

/// Parses an RFC 3339 instant, or a bare `YYYY-MM-DD` date (midnight UTC), within the years
/// 0000 to 9999 in UTC: exports write times in UTC as RFC 3339, which has no other years.
pub fn parse_time(field: &str, value: &str) -> Result<Timestamp> {
    let v = value.trim();
    let t = match chrono::DateTime::parse_from_rfc3339(v) {
        Ok(t) => crate::truncate_micros(t.with_timezone(&chrono::Utc)),
        Err(_) => match chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d") {
            Ok(d) => d.and_hms_opt(0, 0, 0).expect("midnight").and_utc(),
            Err(_) => {
                return Err(Error::invalid(
                    field,
                    format!(
                        "{value:?} is not an RFC 3339 time (e.g. 2024-05-08T13:56:00Z) or a YYYY-MM-DD date"
                    ),
                ));
            }
        },
    };
    if !(0..=9999).contains(&t.year()) {
        return Err(Error::invalid(
            field,
            format!("{value:?} is outside the years 0000 to 9999 (in UTC)"),
        ));
    }
    Ok(t)
}

fn parse_opt_time(field: &str, value: &Option<String>) -> Result<Option<Timestamp>> {
    match value.as_deref() {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => parse_time(field, s).map(Some),
    }
}

pub(crate) fn check_text(text: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(Error::invalid("text", "must not be empty"));
    }
    if text.len() > MAX_TEXT_BYTES {
        return Err(Error::invalid(
            "text",
            format!("is {} bytes; the limit is {MAX_TEXT_BYTES}", text.len()),
        ));
    }
    Ok(())
}

/// A memory's own fields: at most [`MAX_PROPERTIES`], named by 1 to [`MAX_NAME_CHARS`]
/// characters, [`MAX_PROPERTIES_BYTES`] as JSON in all.
pub fn check_properties(p: &crate::Properties) -> Result<crate::Properties> {
    if p.len() > MAX_PROPERTIES {
        return Err(too_many("properties", p.len(), MAX_PROPERTIES));
    }
    for k in p.keys() {
        if k.trim().is_empty() {
            return Err(Error::invalid("properties", "a field has an empty name"));
        }
        check_length(&format!("properties.{k}"), k, MAX_NAME_CHARS)?;
    }
    let bytes = serde_json::to_string(p).map_or(usize::MAX, |j| j.len());
    if bytes > MAX_PROPERTIES_BYTES {
        return Err(Error::invalid(
            "properties",
            format!("are {bytes} bytes as JSON; the limit is {MAX_PROPERTIES_BYTES}"),
        ));
    }
    Ok(p.clone())
}

fn check_importance(v: f32) -> Result<f32> {
    if !v.is_finite() || !(0.0..=1.0).contains(&v) {
        return Err(Error::invalid("importance", format!("{v} is outside 0..1")));
    }
    Ok(v)
}

fn check_interval(from: Option<Timestamp>, until: Option<Timestamp>) -> Result<()> {
    if let (Some(f), Some(u)) = (from, until)
        && u < f
    {
        return Err(Error::invalid(
            "valid_until",
            format!("{u} is before valid_from {f}"),
        ));
    }
    Ok(())
}

/// A space name, session or external id: trimmed, non-empty, no control characters.
pub fn check_name(field: &str, value: &str) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if v.chars().count() > MAX_NAME_CHARS * 2 {
        return Err(Error::invalid(
            field,
            format!("is longer than {} characters", MAX_NAME_CHARS * 2),
        ));
    }
    if v.chars().any(char::is_control) {
        return Err(Error::invalid(field, "must not contain control characters"));
    }
    Ok(v.to_string())
}

/// A tag as stored: without `#`, lower case, inner spaces as dashes. Normalising a stored tag
/// again changes nothing.
pub fn normalize_tag(tag: &str) -> String {
    tag.trim_start_matches(|c: char| c == '#' || c.is_whitespace())
        .trim_end()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-")
}

/// The key under which entity names are de-duplicated: lower case, single spaces, no edge punctuation.
pub fn normalize_name(name: &str) -> String {
    let lowered = name.to_lowercase();
    let words: Vec<&str> = lowered
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    words.join(" ")
}

fn default_title(text: &str) -> String {
    let first_line = text.trim().lines().next().unwrap_or("").trim();
    let mut title: String = first_line.chars().take(80).collect();
    if first_line.chars().count() > 80 {
        // Cut at a word boundary so the title reads cleanly.
        if let Some(cut) = title.rfind(' ').filter(|&i| i > 40) {
            title.truncate(cut);
        }
        title.push('…');
    }
    title
}

/// Tags normalised and de-duplicated, in order; at most [`MAX_LIST`].
pub fn clean_tags(tags: &[String]) -> Result<Vec<String>> {
    if tags.len() > MAX_LIST {
        return Err(too_many("tags", tags.len(), MAX_LIST));
    }
    let mut out: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, t) in tags.iter().enumerate() {
        let n = normalize_tag(t);
        if n.is_empty() {
            return Err(Error::invalid(format!("tags[{i}]"), "must not be empty"));
        }
        check_length(&format!("tags[{i}]"), &n, MAX_TAG_CHARS)?;
        if seen.insert(n.clone()) {
            out.push(n);
        }
    }
    Ok(out)
}

impl NewMemory {
    /// Validates every field and builds the stored memory (the vector is the engine's business).
    pub fn build(
        &self,
        id: String,
        now: Timestamp,
        default_space: &str,
        default_source: &str,
        embedder: &str,
    ) -> Result<Memory> {
        check_text(&self.text)?;
        let kind = match &self.kind {
            Some(k) => k.parse::<MemoryKind>().map_err(|e| e.in_context(""))?,
            None => MemoryKind::Episode,
        };
        let title = match &self.title {
            Some(t) if !t.trim().is_empty() => {
                let t = t.trim();
                if t.chars().count() > MAX_TITLE_CHARS {
                    return Err(Error::invalid(
                        "title",
                        format!("is longer than {MAX_TITLE_CHARS} characters"),
                    ));
                }
                t.to_string()
            }
            _ => default_title(&self.text),
        };
        let space = check_name("space", self.space.as_deref().unwrap_or(default_space))?;
        let source = check_name("source", self.source.as_deref().unwrap_or(default_source))?;
        let session = self
            .session
            .as_deref()
            .map(|s| check_name("session", s))
            .transpose()?;
        let external_id = self
            .external_id
            .as_deref()
            .map(|s| check_name("external_id", s))
            .transpose()?;
        let occurred_at = parse_opt_time("occurred_at", &self.occurred_at)?;
        let valid_from = parse_opt_time("valid_from", &self.valid_from)?;
        let valid_until = parse_opt_time("valid_until", &self.valid_until)?;
        check_interval(valid_from, valid_until)?;
        let importance = check_importance(self.importance.unwrap_or(0.5))?;
        let status = match &self.status {
            Some(s) => s.parse::<MemoryStatus>()?,
            None => MemoryStatus::Active,
        };
        if status == MemoryStatus::Merged {
            return Err(merged_by_hand());
        }
        if self.entities.len() > MAX_LIST {
            return Err(too_many("entities", self.entities.len(), MAX_LIST));
        }
        if self.links.len() > MAX_LIST {
            return Err(too_many("links", self.links.len(), MAX_LIST));
        }
        for (i, e) in self.entities.iter().enumerate() {
            check_length(&format!("entities[{i}]"), e, MAX_NAME_CHARS)?;
            if normalize_name(e).is_empty() {
                return Err(Error::invalid(
                    format!("entities[{i}]"),
                    format!("{e:?} has no letters or digits"),
                ));
            }
        }
        for (i, l) in self.links.iter().enumerate() {
            check_name(&format!("links[{i}].to"), &l.to)?;
            if let Some(r) = &l.relation {
                check_length(&format!("links[{i}].relation"), r, MAX_NAME_CHARS)?;
            }
        }
        if let Some(v) = &self.vector
            && let Some(j) = v.iter().position(|x| !x.is_finite())
        {
            return Err(Error::invalid(
                "vector",
                format!("coordinate {j} is not a finite number"),
            ));
        }
        Ok(Memory {
            id,
            kind,
            title,
            text: self.text.clone(),
            tags: clean_tags(&self.tags)?,
            space,
            source,
            session,
            external_id,
            occurred_at,
            valid_from,
            valid_until,
            created_at: now,
            updated_at: now,
            importance,
            pinned: self.pinned.unwrap_or(false),
            status,
            access_count: 0,
            last_accessed_at: None,
            embedder: self
                .embedder
                .clone()
                .unwrap_or_else(|| embedder.to_string()),
            version: 1,
            aliases: Vec::new(),
            merged_from: Vec::new(),
            merged_into: None,
            // Set by the writer, from the connection.
            written_by: String::new(),
            held: None,
            properties: check_properties(&self.properties)?,
        })
    }
}

/// `merged` is the status a merge leaves, with the memory it merged into; it is not set by hand.
fn merged_by_hand() -> Error {
    Error::invalid(
        "status",
        "merged is set by merging memories (merge), not by hand",
    )
}

impl MemoryPatch {
    /// Applies the patch to a copy of `m`; returns whether the text or title (what is embedded) changed.
    pub fn apply(&self, m: &Memory, now: Timestamp) -> Result<(Memory, bool)> {
        let mut out = m.clone();
        if let Some(text) = &self.text {
            check_text(text)?;
            out.text = text.clone();
        }
        if let Some(title) = &self.title {
            out.title = if title.trim().is_empty() {
                default_title(&out.text)
            } else {
                title.trim().to_string()
            };
            if out.title.chars().count() > MAX_TITLE_CHARS {
                return Err(Error::invalid(
                    "title",
                    format!("is longer than {MAX_TITLE_CHARS} characters"),
                ));
            }
        }
        if let Some(kind) = self.kind {
            out.kind = kind;
        }
        if let Some(p) = &self.properties {
            out.properties = check_properties(p)?;
        }
        if let Some(tags) = &self.tags {
            out.tags = clean_tags(tags)?;
        }
        if let Some(v) = self.importance {
            out.importance = check_importance(v)?;
        }
        if let Some(p) = self.pinned {
            out.pinned = p;
        }
        if let Some(s) = self.status {
            if s == MemoryStatus::Merged && m.status != MemoryStatus::Merged {
                return Err(merged_by_hand());
            }
            // Restored from a merge: nothing carries on for it any more.
            if s != MemoryStatus::Merged {
                out.merged_into = None;
            }
            // Approved (or restored): no longer held.
            if s == MemoryStatus::Active {
                out.held = None;
            }
            out.status = s;
        }
        if self.occurred_at.is_some() {
            out.occurred_at = parse_opt_time("occurred_at", &self.occurred_at)?;
        }
        if self.valid_from.is_some() {
            out.valid_from = parse_opt_time("valid_from", &self.valid_from)?;
        }
        if self.valid_until.is_some() {
            out.valid_until = parse_opt_time("valid_until", &self.valid_until)?;
        }
        check_interval(out.valid_from, out.valid_until)?;
        let reembed = embedding_text(&out.title, &out.text) != m.embedding_text();
        if out != *m {
            out.updated_at = now;
            // An import restores any version it is given; past the last one nothing can change.
            out.version = m.version.checked_add(1).ok_or_else(|| {
                Error::Conflict(format!(
                    "memory {} is at the last version, {}",
                    m.id, m.version
                ))
            })?;
        }
        Ok((out, reembed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(text: &str) -> NewMemory {
        NewMemory {
            text: text.into(),
            ..Default::default()
        }
    }

    #[test]
    fn empty_text_names_the_field() {
        let e = new("   ")
            .build("x".into(), crate::now(), "default", "user", "e")
            .unwrap_err();
        assert_eq!(e.to_string(), "invalid text: must not be empty");
    }

    #[test]
    fn unknown_kind_lists_the_choices() {
        let mut m = new("hello");
        m.kind = Some("thought".into());
        let e = m
            .build("x".into(), crate::now(), "default", "user", "e")
            .unwrap_err();
        assert!(e.to_string().contains("unknown value \"thought\""), "{e}");
        assert!(
            e.to_string()
                .contains("episode, fact, entity, note, summary"),
            "{e}"
        );
    }

    #[test]
    fn bad_times_and_intervals_are_rejected() {
        let mut m = new("hello");
        m.occurred_at = Some("yesterday".into());
        let e = m
            .build("x".into(), crate::now(), "default", "user", "e")
            .unwrap_err();
        assert!(e.to_string().starts_with("invalid occurred_at"), "{e}");
        let mut m = new("hello");
        m.valid_from = Some("2024-02-01".into());
        m.valid_until = Some("2024-01-01T00:00:00Z".into());
        let e = m
            .build("x".into(), crate::now(), "default", "user", "e")
            .unwrap_err();
        assert!(e.to_string().starts_with("invalid valid_until"), "{e}");
    }

    #[test]
    fn defaults_and_normalisation() {
        let mut m = new("Met Caroline at the LGBTQ support group.\nIt was moving.");
        m.tags = vec!["#Support Group".into(), "support-group".into()];
        let built = m
            .build("id".into(), crate::now(), "default", "user", "pocket")
            .unwrap();
        assert_eq!(built.title, "Met Caroline at the LGBTQ support group.");
        assert_eq!(built.tags, vec!["support-group"]);
        assert_eq!(built.kind, MemoryKind::Episode);
        assert_eq!(built.space, "default");
        assert_eq!(normalize_name("  The  Eiffel Tower! "), "the eiffel tower");
    }

    #[test]
    fn patch_bumps_version_and_reports_reembedding() {
        let m = new("a")
            .build("id".into(), crate::now(), "default", "user", "e")
            .unwrap();
        let (same, re) = MemoryPatch::default().apply(&m, crate::now()).unwrap();
        assert_eq!(same.version, 1);
        assert!(!re);
        let patch = MemoryPatch {
            text: Some("b".into()),
            ..Default::default()
        };
        let (changed, re) = patch.apply(&m, crate::now()).unwrap();
        assert_eq!(changed.version, 2);
        assert!(re);
        let bad = MemoryPatch {
            importance: Some(2.0),
            ..Default::default()
        };
        assert!(
            bad.apply(&m, crate::now())
                .unwrap_err()
                .to_string()
                .starts_with("invalid importance")
        );
    }

    /// Found by the fuzz targets: a bare date took any year chrono reads (`+152687-02-16`) and an
    /// offset could carry an instant past 9999 in UTC, which an export then wrote as a time that
    /// no import reads back.
    #[test]
    fn times_stay_within_the_years_rfc_3339_can_write() {
        for ok in [
            "0000-01-01",
            "9999-12-31T23:59:59Z",
            "2024-05-08T13:56:00+02:00",
        ] {
            parse_time("t", ok).unwrap();
        }
        for out in [
            "+152687-02-16",
            "-5-01-01",
            "9999-12-31T23:59:59-01:00",
            "0000-01-01T00:00:00+01:00",
        ] {
            let e = parse_time("t", out).unwrap_err().to_string();
            assert!(e.starts_with("invalid t"), "{out}: {e}");
        }
    }

    /// Found by the fuzz targets: `# #a` was stored as `#a`, which normalises to `a`, so a
    /// query for the tag never matched it.
    #[test]
    fn normalising_a_tag_twice_changes_nothing() {
        for raw in ["# #a", "#  #Big Tag ", "#a", "a #b", "##", "İstanbul Trip"] {
            let once = normalize_tag(raw);
            assert_eq!(normalize_tag(&once), once, "{raw:?}");
            assert!(!once.starts_with('#'), "{raw:?} gave {once:?}");
        }
    }

    /// Found by the `import_line` fuzz target: an import may restore `version: 4294967295`,
    /// and the next edit overflowed (a panic in debug builds, version 0 in release).
    #[test]
    fn a_memory_at_the_last_version_refuses_changes_without_overflow() {
        let mut m = new("a")
            .build("id".into(), crate::now(), "default", "user", "e")
            .unwrap();
        m.version = u32::MAX;
        let pin = MemoryPatch {
            pinned: Some(true),
            ..Default::default()
        };
        let e = pin.apply(&m, crate::now()).unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::Conflict, "{e}");
        let (same, _) = MemoryPatch::default().apply(&m, crate::now()).unwrap();
        assert_eq!(same.version, u32::MAX);
    }
}
