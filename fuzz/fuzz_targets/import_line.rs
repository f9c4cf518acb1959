//! Fuzzes the JSONL import line: the parser, then every check the importer makes before it needs
//! a store. Nothing may panic, and what passes must be a well-formed memory that an export writes
//! and reads back unchanged.

#![no_main]

mod shape;

use chrono::SecondsFormat;
use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use mnemo_core::limits::{MAX_ID_CHARS, MAX_LIST, MAX_TAG_CHARS, MAX_TEXT_BYTES, MAX_TITLE_CHARS};
use mnemo_core::validate::{check_name, parse_time};
use mnemo_core::{ImportLine, Memory, MemoryPatch, Result, Timestamp, normalize_tag};

use shape::Field::{self, *};
use shape::{EDGE_KINDS, KINDS, STATUSES};

const LINK: &[(&str, Field)] = &[
    ("to", Text),
    ("relation", Text),
    ("id", Text),
    ("kind", Choice(EDGE_KINDS)),
    ("weight", Number),
    ("valid_from", Time),
    ("valid_until", Time),
    ("provenance", Text),
    ("automatic", Bool),
    ("confirmed", Bool),
    ("created_at", Time),
];

const LINE: &[(&str, Field)] = &[
    ("id", Text),
    ("text", Text),
    ("kind", Choice(KINDS)),
    ("title", Text),
    ("tags", List(&Text)),
    ("space", Text),
    ("external_id", Text),
    ("occurred_at", Time),
    ("valid_from", Time),
    ("valid_until", Time),
    ("session", Text),
    ("source", Text),
    ("importance", Number),
    ("pinned", Bool),
    ("status", Choice(STATUSES)),
    ("entities", List(&Text)),
    ("links", List(&Object(LINK))),
    ("vector", List(&Number)),
    ("embedder", Text),
    ("created_at", Time),
    ("updated_at", Time),
    ("access_count", Uint),
    ("last_accessed_at", Time),
    ("version", Uint),
];

fuzz_target!(|data: &[u8]| {
    // A leading 0xFF (never the start of UTF-8 text) makes the rest a line shaped like the format.
    match data.split_first() {
        Some((0xFF, rest)) => {
            if let Ok(line) = shaped(&mut Unstructured::new(rest)) {
                file(line.as_bytes());
            }
        }
        _ => file(data),
    }
});

/// The importer reads UTF-8 lines (`BufRead::lines`); other bytes fail before any parsing.
fn file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for (i, line) in text.lines().enumerate() {
        if let Ok(Some(l)) = ImportLine::parse(i + 1, line) {
            check(line, &l);
        }
    }
}

fn shaped(u: &mut Unstructured) -> libfuzzer_sys::arbitrary::Result<String> {
    let mut line = shape::object(u, LINE)?;
    if u.ratio(7, 8)? {
        let text = shape::value(u, &Text)?;
        line.as_object_mut().unwrap().entry("text").or_insert(text);
    }
    let prefix = *u.choose(&["", " ", "\u{feff}", "\u{feff} "])?;
    Ok(format!("{prefix}{line}"))
}

/// A fixed clock, so that a crash reproduces.
fn now() -> Timestamp {
    "2024-05-08T13:56:00Z".parse().unwrap()
}

/// As the importer reads an optional time (`jsonl.rs`): blank is absent.
fn opt_time(field: &str, v: &Option<String>) -> Result<Option<Timestamp>> {
    v.as_deref()
        .filter(|s| !s.trim().is_empty())
        .map(|s| parse_time(field, s))
        .transpose()
}

/// The memory the importer would write for `l`, or `None` where it would refuse the line.
fn import(l: &ImportLine) -> Option<Memory> {
    let id = match &l.id {
        Some(id) => check_name("id", id).ok()?,
        None => "fuzz".to_string(),
    };
    let mut m = l
        .new_memory()
        .build(id, now(), "default", "import:fuzz", "fuzz-embedder")
        .ok()?;
    if l.id.is_some() {
        // A line written by an export is restored with its stored fields.
        if let Some(t) = opt_time("created_at", &l.created_at).ok()? {
            m.created_at = t;
        }
        if let Some(t) = opt_time("updated_at", &l.updated_at).ok()? {
            m.updated_at = t;
        }
        m.last_accessed_at = opt_time("last_accessed_at", &l.last_accessed_at).ok()?;
        m.access_count = l.access_count.unwrap_or(0);
        m.version = l.version.unwrap_or(1).max(1);
    }
    for link in &l.links {
        if link.weight.is_some_and(|w| !w.is_finite() || w <= 0.0) {
            return None;
        }
        for t in [&link.valid_from, &link.valid_until, &link.created_at] {
            opt_time("link", t).ok()?;
        }
    }
    Some(m)
}

fn check(line: &str, l: &ImportLine) {
    let Some(m) = import(l) else {
        return;
    };
    // Each failure shows the line: shaped inputs are unreadable bytes.
    let ok = |holds: bool, what: &str| assert!(holds, "{what}\n  line: {line}");
    ok(!m.text.trim().is_empty(), "text is not blank");
    ok(m.text.len() <= MAX_TEXT_BYTES, "text is within its limit");
    ok(!m.title.is_empty(), "there is a title");
    ok(
        m.title.chars().count() <= MAX_TITLE_CHARS,
        "title is within its limit",
    );
    ok(m.tags.len() <= MAX_LIST, "at most MAX_LIST tags");
    for t in &m.tags {
        ok(
            !t.is_empty() && t.chars().count() <= MAX_TAG_CHARS,
            &format!("tag {t:?} is within its limit"),
        );
        ok(
            &normalize_tag(t) == t,
            &format!("tag {t:?} is stored normalised"),
        );
    }
    for name in [Some(&m.space), Some(&m.source), m.session.as_ref()]
        .into_iter()
        .flatten()
    {
        let well_formed = name.trim() == name
            && !name.is_empty()
            && name.chars().count() <= MAX_ID_CHARS
            && !name.chars().any(char::is_control);
        ok(
            well_formed,
            &format!("name {name:?} is trimmed, not empty, short, without control characters"),
        );
    }
    ok(
        (0.0..=1.0).contains(&m.importance),
        "importance is in 0..=1",
    );
    if let (Some(from), Some(until)) = (m.valid_from, m.valid_until) {
        ok(from <= until, "valid_from <= valid_until");
    }
    ok(m.version >= 1, "version is at least 1");
    // An export writes each time as RFC 3339 (`jsonl.rs`, `rfc`); importing it gives it back.
    let times = [
        m.occurred_at,
        m.valid_from,
        m.valid_until,
        m.last_accessed_at,
    ];
    for t in times
        .into_iter()
        .flatten()
        .chain([m.created_at, m.updated_at])
    {
        let written = t.to_rfc3339_opts(SecondsFormat::AutoSi, true);
        let read = parse_time("t", &written);
        ok(
            read.as_ref().ok() == Some(&t),
            &format!("an export's time reads back: {written} gives {read:?}"),
        );
    }
    // What an import accepts can be edited afterwards (or refused cleanly), as the next version.
    let flip = MemoryPatch {
        pinned: Some(!m.pinned),
        ..Default::default()
    };
    if let Ok((edited, _)) = flip.apply(&m, now()) {
        ok(
            edited.pinned != m.pinned && edited.version == m.version + 1,
            "an edit is the next version",
        );
    }
    // The stored memory as the API and the UI read it: JSON, and back.
    let json = serde_json::to_string(&m).unwrap();
    let back = serde_json::from_str::<Memory>(&json);
    ok(
        back.as_ref().ok() == Some(&m),
        &format!("the memory reads back from {json}: {back:?}"),
    );
}
