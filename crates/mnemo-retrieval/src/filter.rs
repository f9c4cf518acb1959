//! Filters by space, status, kind, tag, time and "as of", each drop with its reason.

use mnemo_core::{
    DroppedCandidate, HELD_AS_INSTRUCTIONS, Memory, MemoryKind, MemoryStatus, RetrievalQuery,
    Timestamp,
};

use crate::{Candidate, StageOutcome};

/// The statuses a query admits: its own; when it names none, active memories, and superseded
/// ones too for a query "as of" a time (they held until they were replaced).
pub fn statuses(q: &RetrievalQuery) -> &[MemoryStatus] {
    match (q.statuses.is_empty(), q.as_of) {
        (false, _) => &q.statuses,
        (true, None) => &[MemoryStatus::Active],
        (true, Some(_)) => &[MemoryStatus::Active, MemoryStatus::Superseded],
    }
}

/// Why a memory does not pass the query's filters, or None when it does.
pub fn filter_reason(m: &Memory, q: &RetrievalQuery) -> Option<String> {
    if m.status == MemoryStatus::Pending {
        // Held for review: its writer sees it (unless it was held for reading as instructions to
        // a model); others only when a person asks for pending ones.
        let as_instructions =
            (m.held.as_deref()).is_some_and(|h| h.starts_with(HELD_AS_INSTRUCTIONS));
        let own = q.viewer.as_deref() == Some(m.written_by.as_str()) && !as_instructions;
        if !own && !q.statuses.contains(&MemoryStatus::Pending) {
            return Some("held for review: only its writer and the review queue see it".into());
        }
    } else if !statuses(q).contains(&m.status) {
        return Some(format!("status is {}", m.status));
    }
    if !q.spaces.is_empty() && !q.spaces.contains(&m.space) {
        return Some(format!(
            "in space {:?}, outside the query's spaces",
            m.space
        ));
    }
    // An entity's text is its name alone, so it matches short queries in both channels; it has
    // served as a seed to the memories that mention it, and only a query for entities gets it.
    if q.kinds.is_empty() && m.kind == MemoryKind::Entity {
        return Some("an entity: it leads to the memories that mention it (ask for kind entity to list entities)".into());
    }
    if !q.kinds.is_empty() && !q.kinds.contains(&m.kind) {
        return Some(format!(
            "kind {} is not among {}",
            m.kind,
            join(q.kinds.iter().map(|k| k.as_str()))
        ));
    }
    if let Some(missing) = q.tags.iter().find(|t| !m.tags.contains(t)) {
        return Some(format!("lacks tag #{missing}"));
    }
    time_reason(m, q)
}

fn time_reason(m: &Memory, q: &RetrievalQuery) -> Option<String> {
    let t = m.effective_time();
    if let Some(from) = q.time_from
        && t < from
    {
        return Some(format!(
            "dated {} before the range's start {}",
            day(t),
            day(from)
        ));
    }
    if let Some(to) = q.time_to
        && t > to
    {
        return Some(format!(
            "dated {} after the range's end {}",
            day(t),
            day(to)
        ));
    }
    let at = q.as_of?;
    if m.true_at(at) {
        return None;
    }
    Some(match (m.valid_from, m.valid_until) {
        (None, None) => format!("dated {}, after {}", day(m.effective_time()), day(at)),
        (Some(from), _) if from > at => format!("valid only from {}, after {}", day(from), day(at)),
        _ => format!("no longer valid on {}", day(at)),
    })
}

fn drop_reason<'m>(
    c: &Candidate,
    memory: impl Fn(&str) -> Option<&'m Memory>,
    query: &RetrievalQuery,
) -> Option<String> {
    match memory(&c.id) {
        None if query.known_at.is_some() => {
            let at = query.known_at.map(day).unwrap_or_default();
            Some(format!("not yet known on {at}"))
        }
        None => Some("no longer exists".into()),
        Some(m) => filter_reason(m, query),
    }
}

fn join<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

fn day(t: Timestamp) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// Applies the query's filters to the candidates, in order; `memory` looks a candidate up (a
/// candidate whose memory is gone is dropped too).
pub fn filter<'m>(
    cands: Vec<Candidate>,
    memory: impl Fn(&str) -> Option<&'m Memory>,
    query: &RetrievalQuery,
) -> StageOutcome {
    let previous = cands.clone();
    let mut kept = cands;
    let mut dropped = Vec::new();
    kept.retain(|c| match drop_reason(c, &memory, query) {
        Some(reason) => {
            dropped.push(DroppedCandidate {
                id: c.id.clone(),
                reason,
            });
            false
        }
        None => true,
    });
    let note = format!(
        "{} kept, {} dropped by space, status, kind, tag, time and as-of filters",
        kept.len(),
        dropped.len()
    );
    StageOutcome {
        candidates: kept,
        previous,
        dropped,
        note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::candidate::{candidate, memory as mem};
    use mnemo_core::{MemoryKind, Signals};
    use std::collections::HashMap;

    #[test]
    fn filters_explain_themselves() {
        let mut m = mem("x", "hello");
        m.kind = MemoryKind::Fact;
        let q = RetrievalQuery {
            kinds: vec![MemoryKind::Note],
            ..Default::default()
        };
        assert_eq!(
            filter_reason(&m, &q).unwrap(),
            "kind fact is not among note"
        );
        let q = RetrievalQuery {
            tags: vec!["work".into()],
            ..Default::default()
        };
        assert_eq!(filter_reason(&m, &q).unwrap(), "lacks tag #work");
        m.status = MemoryStatus::Archived;
        assert_eq!(
            filter_reason(&m, &RetrievalQuery::default()).unwrap(),
            "status is archived"
        );
        m.status = MemoryStatus::Active;
        let before = m.created_at - chrono::Duration::days(1);
        let q = RetrievalQuery {
            as_of: Some(before),
            ..Default::default()
        };
        assert!(
            filter_reason(&m, &q).unwrap().starts_with("dated "),
            "not yet written"
        );
        assert_eq!(filter_reason(&m, &RetrievalQuery::default()), None);
    }

    /// "True at T" is the validity of facts and the time of events, whenever they were written;
    /// a superseded fact is what held before its replacement.
    #[test]
    fn as_of_asks_what_was_true_then() {
        let t = |s: &str| s.parse::<Timestamp>().unwrap();
        let mut old = mem("old", "beta on 2 September");
        old.kind = MemoryKind::Fact;
        old.created_at = t("2024-07-10T00:00:00Z"); // written later than it held
        old.valid_from = Some(t("2024-05-20T00:00:00Z"));
        old.valid_until = Some(t("2024-07-01T00:00:00Z"));
        old.status = MemoryStatus::Superseded;
        let at = |s: &str| RetrievalQuery {
            as_of: Some(t(s)),
            ..Default::default()
        };
        assert_eq!(filter_reason(&old, &at("2024-06-01T00:00:00Z")), None);
        assert!(
            filter_reason(&old, &at("2024-07-01T00:00:00Z"))
                .unwrap()
                .starts_with("no longer valid")
        );
        assert!(
            filter_reason(&old, &at("2024-05-01T00:00:00Z"))
                .unwrap()
                .starts_with("valid only from")
        );
        assert_eq!(
            filter_reason(&old, &RetrievalQuery::default()).unwrap(),
            "status is superseded"
        );
        let mut event = mem("event", "we met");
        event.occurred_at = Some(t("2024-03-01T00:00:00Z"));
        assert_eq!(filter_reason(&event, &at("2024-03-02T00:00:00Z")), None);
        assert!(filter_reason(&event, &at("2024-02-01T00:00:00Z")).is_some());
    }

    #[test]
    fn a_query_without_statuses_admits_only_active_memories() {
        assert_eq!(statuses(&RetrievalQuery::default()), [MemoryStatus::Active]);
        let q = RetrievalQuery {
            statuses: vec![MemoryStatus::Archived],
            ..Default::default()
        };
        assert_eq!(statuses(&q), [MemoryStatus::Archived]);
        let as_of = RetrievalQuery {
            as_of: Some(mnemo_core::now()),
            ..Default::default()
        };
        assert_eq!(
            statuses(&as_of),
            [MemoryStatus::Active, MemoryStatus::Superseded]
        );
    }

    #[test]
    fn filtering_a_list_keeps_order_and_says_why_each_drop() {
        let keep = mem("keep", "a");
        let mut archived = mem("archived", "b");
        archived.status = MemoryStatus::Archived;
        let also = mem("also", "c");
        let memories: HashMap<&str, &Memory> =
            [("keep", &keep), ("archived", &archived), ("also", &also)]
                .into_iter()
                .collect();
        let cands = ["keep", "archived", "gone", "also"]
            .map(|id| candidate(id, 1.0, Signals::default()))
            .to_vec();
        let out = filter(
            cands.clone(),
            |id| memories.get(id).copied(),
            &RetrievalQuery::default(),
        );
        let kept: Vec<&str> = out.candidates.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(kept, ["keep", "also"]);
        assert_eq!(out.previous, cands);
        assert_eq!(
            out.dropped,
            [
                DroppedCandidate {
                    id: "archived".into(),
                    reason: "status is archived".into()
                },
                DroppedCandidate {
                    id: "gone".into(),
                    reason: "no longer exists".into()
                },
            ]
        );
        assert_eq!(
            out.note,
            "2 kept, 2 dropped by space, status, kind, tag, time and as-of filters"
        );
    }
}
