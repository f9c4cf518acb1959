//! Mnemo's data model: memories, edges, spaces, operations, graph deltas and retrieval traces.
//!
//! Every type here crosses a boundary (LanceDB rows, the CLI's JSON, the UI through specta), so
//! ids and timestamps are strings on the wire and no field is a 64-bit integer.

mod delta;
mod error;
mod import_line;
pub mod limits;
mod memory;
mod operation;
mod retrieval;
mod trust;
pub mod validate;

pub use delta::{GraphChange, GraphDelta};
pub use error::{Error, ErrorCode, Result};
pub use import_line::{ImportLine, ImportLink};
pub use memory::{
    BulkEdit, DEFAULT_SPACE, Edge, EdgeKind, HELD_AS_INSTRUCTIONS, LinkSpec, Memory, MemoryId,
    MemoryKind, MemoryPatch, MemoryStatus, NewEdge, NewMemory, Properties, Space, Timestamp,
};
pub use operation::{Json, Operation, OperationKind, to_json};
pub use retrieval::{
    Channel, DroppedCandidate, ExpansionConfig, FusionMethod, PathStep, RerankWeights,
    RetrievalConfig, RetrievalQuery, RetrievalResult, RetrievalTrace, Signals, StageKind,
    TraceCandidate, TraceStage, TraceSummary,
};
pub use trust::{Actor, AgentToken, Rights, TrustPolicy, TrustSettings};
pub use validate::{normalize_name, normalize_tag};

/// A new time-sortable id (UUIDv7) as a string. Ids made by one process sort in the order they
/// were made, as `Uuid::now_v7` guarantees; but that asks the OS for random bytes on every call,
/// which cost several percent of a bulk import. Here the OS seeds a per-thread generator once.
pub fn new_id() -> String {
    ids::next().to_string()
}

mod ids {
    use std::cell::Cell;
    use std::sync::Mutex;

    /// The last millisecond an id was made in, and the 42-bit counter within it (started at a
    /// random value each millisecond, as RFC 9562's "method 1" does, so processes rarely collide).
    static CLOCK: Mutex<(u64, u64)> = Mutex::new((0, 0));
    const COUNTER_BITS: u32 = 42;

    thread_local! {
        static RNG: Cell<u64> = Cell::new(seed());
    }

    fn seed() -> u64 {
        use std::hash::{BuildHasher, Hash, Hasher};
        // `RandomState` is seeded from the OS once per thread.
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        std::thread::current().id().hash(&mut h);
        std::time::SystemTime::now().hash(&mut h);
        h.finish() | 1
    }

    /// xorshift64*: fast, and plenty for the random tail of an id (not for secrets).
    fn random() -> u64 {
        RNG.with(|r| {
            let mut x = r.get();
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            r.set(x);
            x.wrapping_mul(0x2545_F491_4F6C_DD1D)
        })
    }

    pub fn next() -> uuid::Uuid {
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        let (ms, counter) = {
            let mut c = CLOCK.lock().unwrap_or_else(|e| e.into_inner());
            if now_ms > c.0 {
                // Start low in the counter's range, leaving room to count up within the millisecond.
                *c = (now_ms, random() >> (64 - COUNTER_BITS + 1));
            } else {
                // The same millisecond, or the clock went back: count on from the last id.
                c.1 += 1;
                if c.1 >> COUNTER_BITS != 0 {
                    *c = (c.0 + 1, 0);
                }
            }
            *c
        };
        // 48 bits of milliseconds, version 7, the counter's top 12 bits, variant 10, its low 30
        // bits, then 32 random bits.
        let bits = (u128::from(ms & 0xFFFF_FFFF_FFFF) << 80)
            | (0x7u128 << 76)
            | (u128::from(counter >> 30) << 64)
            | (0b10u128 << 62)
            | (u128::from(counter & 0x3FFF_FFFF) << 32)
            | u128::from(random() as u32);
        uuid::Uuid::from_u128(bits)
    }
}

/// The current time, truncated to microseconds (what the store keeps), so values round-trip exactly.
pub fn now() -> Timestamp {
    truncate_micros(chrono::Utc::now())
}

/// Truncates a timestamp to whole microseconds.
pub fn truncate_micros(t: Timestamp) -> Timestamp {
    let micros = t.timestamp_micros();
    chrono::DateTime::from_timestamp_micros(micros).unwrap_or(t)
}

#[cfg(test)]
mod id_tests {
    use std::collections::HashSet;

    #[test]
    fn ids_are_uuidv7_in_creation_order_and_unique_across_threads() {
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as u64;
        let handles: Vec<_> = (0..4)
            .map(|_| {
                std::thread::spawn(|| (0..50_000).map(|_| super::new_id()).collect::<Vec<_>>())
            })
            .collect();
        let mut all = HashSet::new();
        for h in handles {
            let ids = h.join().unwrap();
            assert!(
                ids.windows(2).all(|w| w[0] < w[1]),
                "one thread's ids sort in the order they were made"
            );
            for id in ids {
                let u = uuid::Uuid::parse_str(&id).unwrap();
                assert_eq!(u.get_version_num(), 7, "{id}");
                assert_eq!(u.get_variant(), uuid::Variant::RFC4122, "{id}");
                let (secs, nanos) = u.get_timestamp().unwrap().to_unix();
                let ms = secs * 1000 + u64::from(nanos) / 1_000_000;
                // The counter may run a few milliseconds ahead when ids are made very fast.
                assert!(
                    ms >= now_ms && ms < now_ms + 60_000,
                    "{id} carries the time it was made"
                );
                assert!(all.insert(id), "ids are unique");
            }
        }
        assert_eq!(all.len(), 200_000);
    }
}
