//! Fuzzes what edits and retrievals take: arbitrary JSON as a `MemoryPatch` applied to fixed
//! memories, and as a `RetrievalQuery` and a `RetrievalConfig`, validated. Nothing may panic, and
//! what passes must hold the limits and survive the JSON round trip that traces are stored in.

#![no_main]

mod shape;

use std::sync::OnceLock;

use chrono::SecondsFormat;
use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use mnemo_core::limits::{MAX_LIST, MAX_QUERY_BYTES, MAX_RESULTS, MAX_TAG_CHARS, MAX_TITLE_CHARS};
use mnemo_core::validate::parse_time;
use mnemo_core::{
    Memory, MemoryPatch, NewMemory, RetrievalConfig, RetrievalQuery, Timestamp, normalize_tag,
};

use shape::Field::{self, *};
use shape::{KINDS, STATUSES};

const PATCH: &[(&str, Field)] = &[
    ("text", Text),
    ("title", Text),
    ("kind", Choice(KINDS)),
    ("tags", List(&Text)),
    ("importance", Number),
    ("pinned", Bool),
    ("status", Choice(STATUSES)),
    ("occurred_at", Time),
    ("valid_from", Time),
    ("valid_until", Time),
    ("expected_version", Uint),
];

const QUERY: &[(&str, Field)] = &[
    ("text", Text),
    ("spaces", List(&Text)),
    ("kinds", List(&Choice(KINDS))),
    ("tags", List(&Text)),
    ("time_from", Time),
    ("time_to", Time),
    ("as_of", Time),
    ("statuses", List(&Choice(STATUSES))),
    ("limit", Uint),
];

const EXPANSION: &[(&str, Field)] = &[
    ("enabled", Bool),
    ("hops", Uint),
    ("restart", Number),
    ("iterations", Uint),
    ("edge_weights", Map(&Number)),
    ("max_new", Uint),
    ("min_activation", Number),
    ("entities_as_results", Bool),
];

const RERANK: &[(&str, Field)] = &[
    ("relevance", Number),
    ("graph", Number),
    ("recency", Number),
    ("recency_half_life_days", Number),
    ("importance", Number),
    ("pinned", Number),
];

const CONFIG: &[(&str, Field)] = &[
    ("vector_k", Uint),
    ("keyword_k", Uint),
    ("fusion", Choice(&["rrf", "score", "sum"])),
    ("rrf_k", Number),
    ("vector_weight", Number),
    ("keyword_weight", Number),
    ("seeds", Uint),
    ("expansion", Object(EXPANSION)),
    ("rerank", Object(RERANK)),
];

fuzz_target!(|data: &[u8]| {
    // A leading 0xFF (never the start of UTF-8 text) makes the rest a patch, query or
    // configuration shaped like one.
    let shaped;
    let text = match data.split_first() {
        Some((0xFF, rest)) => {
            let u = &mut Unstructured::new(rest);
            let fields = [PATCH, QUERY, CONFIG];
            let Ok(v) = u.choose(&fields).and_then(|f| shape::object(u, f)) else {
                return;
            };
            shaped = v.to_string();
            shaped.as_str()
        }
        _ => match std::str::from_utf8(data) {
            Ok(text) => text,
            Err(_) => return,
        },
    };
    // Each failure shows the input: shaped inputs are unreadable bytes.
    let ok = |holds: bool, what: &str| assert!(holds, "{what}\n  input: {text}");
    if let Ok(patch) = serde_json::from_str::<MemoryPatch>(text) {
        for m in memories() {
            check_patch(&patch, m, &ok);
        }
    }
    if let Ok(q) = serde_json::from_str::<RetrievalQuery>(text)
        && q.validate().is_ok()
    {
        ok(
            !q.text.trim().is_empty() && q.text.len() <= MAX_QUERY_BYTES,
            "query text within limits",
        );
        ok(
            (1..=MAX_RESULTS).contains(&q.limit),
            "limit in 1..=MAX_RESULTS",
        );
        ok(
            q.spaces.len() <= MAX_LIST && q.tags.len() <= MAX_LIST,
            "lists within MAX_LIST",
        );
        ok(
            round_trip(&q).as_ref() == Some(&q),
            "the query reads back from JSON",
        );
    }
    if let Ok(c) = serde_json::from_str::<RetrievalConfig>(text)
        && c.validate().is_ok()
    {
        ok(
            (0.01..=1.0).contains(&c.expansion.restart),
            "restart in bounds",
        );
        ok(
            c.expansion.hops <= 4 && c.rerank.graph.is_finite(),
            "hops and graph in bounds",
        );
        ok(
            round_trip(&c).as_ref() == Some(&c),
            "the configuration reads back from JSON",
        );
    }
});

/// Traces keep the query and configuration as JSON: they must read back as they were.
fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(v: &T) -> Option<T> {
    serde_json::from_str(&serde_json::to_string(v).ok()?).ok()
}

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// A bare memory, and one with every optional field set, so patches both set and clear.
fn memories() -> &'static [Memory] {
    static M: OnceLock<Vec<Memory>> = OnceLock::new();
    M.get_or_init(|| {
        let bare = NewMemory {
            text: "Met Caroline at the support group.".into(),
            ..Default::default()
        };
        let full = NewMemory {
            text: "The bridge closes for repairs.\nDetours via the ring road.".into(),
            kind: Some("fact".into()),
            title: Some("Bridge closed".into()),
            tags: vec!["#Roads".into(), "city news".into()],
            session: Some("s1".into()),
            external_id: Some("x1".into()),
            occurred_at: Some("2024-03-01T08:00:00+01:00".into()),
            valid_from: Some("2024-03-01".into()),
            valid_until: Some("2024-06-01T00:00:00Z".into()),
            importance: Some(0.9),
            pinned: Some(true),
            status: Some("archived".into()),
            entities: vec!["Ring Road".into()],
            ..Default::default()
        };
        [bare, full]
            .iter()
            .map(|n| {
                n.build(
                    "id".into(),
                    at("2024-05-01T00:00:00Z"),
                    "default",
                    "user",
                    "e",
                )
                .unwrap()
            })
            .collect()
    })
}

fn check_patch(patch: &MemoryPatch, m: &Memory, ok: &dyn Fn(bool, &str)) {
    let now = at("2024-05-08T13:56:00Z");
    let Ok((out, reembed)) = patch.apply(m, now) else {
        return;
    };
    ok(
        (&out.id, out.created_at) == (&m.id, m.created_at),
        "id and creation kept",
    );
    ok(
        !out.text.trim().is_empty() && !out.title.is_empty(),
        "text and title not blank",
    );
    ok(
        out.title.chars().count() <= MAX_TITLE_CHARS,
        "title within its limit",
    );
    ok(out.tags.len() <= MAX_LIST, "at most MAX_LIST tags");
    for t in &out.tags {
        ok(
            !t.is_empty() && t.chars().count() <= MAX_TAG_CHARS,
            &format!("tag {t:?} within its limit"),
        );
        ok(
            &normalize_tag(t) == t,
            &format!("tag {t:?} is stored normalised"),
        );
    }
    ok((0.0..=1.0).contains(&out.importance), "importance in 0..=1");
    if let (Some(from), Some(until)) = (out.valid_from, out.valid_until) {
        ok(from <= until, "valid_from <= valid_until");
    }
    // An export writes each time as RFC 3339 (`jsonl.rs`, `rfc`); importing it gives it back.
    for t in [out.occurred_at, out.valid_from, out.valid_until]
        .into_iter()
        .flatten()
    {
        let written = t.to_rfc3339_opts(SecondsFormat::AutoSi, true);
        let read = parse_time("t", &written);
        ok(
            read.as_ref().ok() == Some(&t),
            &format!("an export's time reads back: {written} gives {read:?}"),
        );
    }
    ok(
        reembed == (out.embedding_text() != m.embedding_text()),
        "re-embedding exactly when the embedded text changed",
    );
    let unchanged = Memory {
        updated_at: m.updated_at,
        version: m.version,
        ..out.clone()
    } == *m;
    if unchanged {
        ok(
            out == *m,
            "an edit that changes nothing is not a new version",
        );
    } else {
        ok(
            (out.version, out.updated_at) == (m.version + 1, now),
            "a change is the next version",
        );
    }
    // The same edit again changes nothing more.
    let again = patch.apply(&out, now);
    ok(
        matches!(&again, Ok((a, false)) if *a == out),
        &format!("the edit is idempotent: {again:?}"),
    );
}
