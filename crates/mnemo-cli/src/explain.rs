//! `--explain`: a retrieval trace as readable tables, stage by stage.

use mnemo_core::{Channel, RetrievalTrace, Signals, TraceCandidate};
use std::fmt::Write;

/// Candidates shown per stage; the rest are counted.
const SHOWN: usize = 10;

fn short(id: &str) -> &str {
    // UUIDv7: the tail is the random part, the most distinctive to a reader.
    &id[id.len().saturating_sub(8)..]
}

fn channels(c: &[Channel]) -> String {
    c.iter()
        .map(|c| match c {
            Channel::Vector => "V",
            Channel::Keyword => "K",
            Channel::Graph => "G",
        })
        .collect()
}

fn movement(c: &TraceCandidate) -> String {
    match c.previous_rank {
        None => "new".into(),
        Some(p) if p > c.rank => format!("↑{}", p - c.rank),
        Some(p) if p < c.rank => format!("↓{}", c.rank - p),
        Some(_) => "=".into(),
    }
}

fn opt(v: Option<f32>) -> String {
    v.map(|v| format!("{v:.3}")).unwrap_or_else(|| "·".into())
}

fn signals(s: &Signals) -> String {
    format!(
        "vec {:>5} kw {:>6} rel {:>5} graph {:>5}{}",
        opt(s.vector),
        opt(s.keyword),
        opt(s.relevance),
        opt(s.graph),
        if s.pinned { " pinned" } else { "" }
    )
}

fn clip(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}

/// Renders the trace; `title` looks up a memory's title for display.
pub fn render(trace: &RetrievalTrace, title: &dyn Fn(&str) -> String) -> String {
    let mut o = String::new();
    let q = &trace.query;
    let _ = writeln!(
        o,
        "query   {:?}  (limit {}, actor {}, {:.1} ms, trace {})",
        q.text, q.limit, trace.actor, trace.total_ms, trace.id
    );
    if !q.spaces.is_empty() {
        let _ = writeln!(o, "spaces  {}", q.spaces.join(", "));
    }
    for stage in &trace.stages {
        let _ = writeln!(
            o,
            "\n── {:?} · {:.2} ms · {}",
            stage.kind, stage.duration_ms, stage.note
        );
        for c in stage.candidates.iter().take(SHOWN) {
            let _ = writeln!(
                o,
                "  {:>3} {:>4} {:>3} {:>8.4}  {}  {}  {}",
                c.rank,
                movement(c),
                channels(&c.channels),
                c.score,
                signals(&c.signals),
                short(&c.id),
                clip(&title(&c.id), 48)
            );
        }
        if stage.candidates.len() > SHOWN {
            let _ = writeln!(o, "  … {} more", stage.candidates.len() - SHOWN);
        }
        for d in stage.dropped.iter().take(SHOWN) {
            let _ = writeln!(
                o,
                "  dropped {}  {}: {}",
                short(&d.id),
                clip(&title(&d.id), 40),
                d.reason
            );
        }
        if stage.dropped.len() > SHOWN {
            let _ = writeln!(o, "  … {} more dropped", stage.dropped.len() - SHOWN);
        }
    }
    let _ = writeln!(o, "\n── results");
    for c in &trace.results {
        let _ = writeln!(
            o,
            "  {:>3}. {:.4}  [{}]  {}",
            c.rank,
            c.score,
            channels(&c.channels),
            clip(&title(&c.id), 70)
        );
        if let Some(path) = trace.paths.get(&c.id) {
            let hops: Vec<String> = path
                .iter()
                .map(|s| {
                    format!(
                        "{} —{}→ {}",
                        clip(&title(&s.from), 24),
                        s.relation,
                        clip(&title(&s.to), 24)
                    )
                })
                .collect();
            let _ = writeln!(o, "        via {}", hops.join(", "));
        }
    }
    o
}
