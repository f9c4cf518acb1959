//! The write lease of a store on object storage: one small object that a writer creates, or
//! takes over once it has expired, with a conditional put, so that writers on several machines
//! take turns as processes on one machine do with the OS file lock.
//!
//! A holder renews the lease while its change runs and gives it back when done, leaving in it
//! the stamp of its change: the next holder that finds the stamp it last saw knows nobody else
//! wrote meanwhile. A holder stopped past the lease's time (a suspended laptop) loses it; its
//! next renewal fails, so it commits nothing more. Every step is a compare-and-swap on the
//! object's ETag, so two writers never both believe they hold it.

use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutMode, PutOptions, UpdateVersion};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;

use mnemo_core::{Error, Result};

/// What the lease object holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeaseDoc {
    /// Who holds it (a new id per process), or empty when given back.
    pub holder: String,
    /// Until when, in ms since the Unix epoch, by the holder's clock.
    pub expires_ms: i64,
    /// The stamp of the last change committed under the lease.
    pub stamp: Option<String>,
}

/// What a writer does on finding the lease as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// No lease object yet: create it.
    Create,
    /// Free, expired, or already this writer's: replace it (if it has not changed meanwhile).
    Take,
    /// Someone else holds it: ask again after this long.
    Wait(Duration),
}

/// Clocks of two machines may disagree by this much; a lease counts as expired only this long
/// after its own time.
pub const CLOCK_SKEW: Duration = Duration::from_secs(2);

/// Pure: what to do about the lease `current` at `now_ms`, for the writer `me`.
pub fn decide(current: Option<&LeaseDoc>, me: &str, now_ms: i64) -> Decision {
    let Some(doc) = current else {
        return Decision::Create;
    };
    let free_at = doc.expires_ms + CLOCK_SKEW.as_millis() as i64;
    if doc.holder.is_empty() || doc.holder == me || now_ms >= free_at {
        return Decision::Take;
    }
    // Poll often enough to follow a busy store, never busily.
    let left = Duration::from_millis((free_at - now_ms) as u64);
    Decision::Wait(left.clamp(Duration::from_millis(20), Duration::from_millis(100)))
}

/// A store's write lease, as one writer process sees it.
#[derive(Clone)]
pub struct Lease {
    store: Arc<dyn ObjectStore>,
    path: Path,
    me: String,
    ttl: Duration,
}

/// The lease while this writer holds it: the version it last wrote, to renew or give back.
#[derive(Debug)]
pub struct Held {
    version: UpdateVersion,
    doc: LeaseDoc,
    /// The stamp the lease carried when taken: the last change committed before this one.
    pub found_stamp: Option<String>,
}

impl Lease {
    /// The lease at `path` in `store`, for a writer known as `me` (unique per process).
    pub fn new(store: Arc<dyn ObjectStore>, path: Path, me: String, ttl: Duration) -> Lease {
        Lease {
            store,
            path,
            me,
            ttl,
        }
    }

    /// How long a taken or renewed lease lasts.
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// Takes the lease, waiting for another holder up to `timeout`; then `conflict`.
    pub async fn acquire(&self, timeout: Duration) -> Result<Held> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let (current, version) = self.read().await?;
            let wait = match decide(current.as_ref(), &self.me, now_ms()) {
                Decision::Create => match self.put(PutMode::Create, None).await? {
                    Ok(held) => return Ok(held),
                    Err(Lost) => Duration::ZERO, // created by another meanwhile: read again
                },
                Decision::Take => {
                    let stamp = current.and_then(|d| d.stamp);
                    let mode = PutMode::Update(version.expect("a lease read has a version"));
                    match self.put(mode, stamp).await? {
                        Ok(held) => return Ok(held),
                        Err(Lost) => Duration::ZERO,
                    }
                }
                Decision::Wait(d) => d,
            };
            if tokio::time::Instant::now() + wait >= deadline {
                return Err(Error::Conflict(format!(
                    "another writer has held the store's lease ({}) for over {} s",
                    self.path,
                    timeout.as_secs()
                )));
            }
            tokio::time::sleep(wait).await;
        }
    }

    /// Extends the lease; fails if another writer took it meanwhile (this one was stopped past
    /// its time), in which case nothing more may be committed under it.
    pub async fn renew(&self, held: &mut Held) -> Result<()> {
        let stamp = held.doc.stamp.clone();
        self.renew_with(held, stamp).await
    }

    /// Renews the lease with `stamp` in it: the change just committed, for readers and the next
    /// holder to see.
    pub async fn set_stamp(&self, held: &mut Held, stamp: String) -> Result<()> {
        self.renew_with(held, Some(stamp)).await
    }

    async fn renew_with(&self, held: &mut Held, stamp: Option<String>) -> Result<()> {
        let doc = LeaseDoc {
            expires_ms: now_ms() + self.ttl.as_millis() as i64,
            stamp,
            ..held.doc.clone()
        };
        held.version = self
            .write(&doc, PutMode::Update(held.version.clone()))
            .await?
            .map_err(|_| self.lost())?;
        held.doc = doc;
        Ok(())
    }

    /// Gives the lease back, leaving `stamp` (the change just committed, if any) for the next.
    pub async fn release(&self, held: Held, stamp: Option<String>) -> Result<()> {
        let doc = LeaseDoc {
            holder: String::new(),
            expires_ms: 0,
            stamp: stamp.or(held.doc.stamp),
        };
        (self.write(&doc, PutMode::Update(held.version)).await?)
            .map(|_| ())
            .map_err(|_| self.lost())
    }

    fn lost(&self) -> Error {
        Error::Conflict(format!(
            "the store's lease ({}) passed to another writer while this one held it",
            self.path
        ))
    }

    /// The lease as stored now, if it was ever made.
    pub async fn peek(&self) -> Result<Option<LeaseDoc>> {
        Ok(self.read().await?.0)
    }

    /// The lease as stored, with its version; none if it was never made.
    async fn read(&self) -> Result<(Option<LeaseDoc>, Option<UpdateVersion>)> {
        let got = match self.store.get(&self.path).await {
            Ok(got) => got,
            Err(object_store::Error::NotFound { .. }) => return Ok((None, None)),
            Err(e) => return Err(io(&self.path, e)),
        };
        let version = UpdateVersion {
            e_tag: got.meta.e_tag.clone(),
            version: got.meta.version.clone(),
        };
        let bytes = got.bytes().await.map_err(|e| io(&self.path, e))?;
        let doc = serde_json::from_slice(&bytes)
            .map_err(|e| Error::Storage(format!("the lease {} is unreadable: {e}", self.path)))?;
        Ok((Some(doc), Some(version)))
    }

    /// Writes a lease held by this writer, with `mode`'s condition; `Lost` if the condition
    /// failed (another writer got there first), an error if the write itself failed.
    async fn put(&self, mode: PutMode, stamp: Option<String>) -> Result<Conditional<Held>> {
        let doc = LeaseDoc {
            holder: self.me.clone(),
            expires_ms: now_ms() + self.ttl.as_millis() as i64,
            stamp: stamp.clone(),
        };
        Ok(self.write(&doc, mode).await?.map(|version| Held {
            version,
            doc,
            found_stamp: stamp,
        }))
    }

    async fn write(&self, doc: &LeaseDoc, mode: PutMode) -> Result<Conditional<UpdateVersion>> {
        let body = serde_json::to_vec(doc).expect("a lease serialises");
        let options = PutOptions {
            mode,
            ..Default::default()
        };
        match self.store.put_opts(&self.path, body.into(), options).await {
            Ok(r) => Ok(Ok(UpdateVersion {
                e_tag: r.e_tag,
                version: r.version,
            })),
            Err(object_store::Error::AlreadyExists { .. })
            | Err(object_store::Error::Precondition { .. }) => Ok(Err(Lost)),
            Err(e) => Err(Error::Io(format!(
                "cannot write the lease {}: {e}",
                self.path
            ))),
        }
    }
}

/// A conditional write of the lease did not take: another writer changed it first.
#[derive(Debug)]
struct Lost;

type Conditional<T> = std::result::Result<T, Lost>;

fn io(path: &Path, e: object_store::Error) -> Error {
    Error::Io(format!("cannot read the lease {path}: {e}"))
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

#[cfg(test)]
mod tests {
    use super::*;
    use object_store::memory::InMemory;

    fn doc(holder: &str, expires_ms: i64) -> LeaseDoc {
        LeaseDoc {
            holder: holder.into(),
            expires_ms,
            stamp: None,
        }
    }

    #[test]
    fn a_lease_is_made_taken_when_free_or_expired_and_waited_for_otherwise() {
        let skew = CLOCK_SKEW.as_millis() as i64;
        assert_eq!(decide(None, "a", 1_000), Decision::Create);
        assert_eq!(decide(Some(&doc("", 0)), "a", 1_000), Decision::Take);
        assert_eq!(decide(Some(&doc("a", 5_000)), "a", 1_000), Decision::Take);
        // Expired, but within the clock skew: still the other's.
        assert!(matches!(
            decide(Some(&doc("b", 1_000)), "a", 1_000 + skew - 1),
            Decision::Wait(_)
        ));
        assert_eq!(
            decide(Some(&doc("b", 1_000)), "a", 1_000 + skew),
            Decision::Take
        );
        let Decision::Wait(d) = decide(Some(&doc("b", 60_000)), "a", 0) else {
            panic!("b holds it")
        };
        assert!(d <= Duration::from_millis(100), "polls, {d:?}");
    }

    fn lease(store: &Arc<InMemory>, me: &str, ttl_ms: u64) -> Lease {
        Lease::new(
            store.clone(),
            Path::from("store/_mnemo/lease.json"),
            me.into(),
            Duration::from_millis(ttl_ms),
        )
    }

    #[tokio::test]
    async fn writers_take_turns_and_the_stamp_passes_from_one_to_the_next() {
        let store = Arc::new(InMemory::new());
        let (a, b) = (lease(&store, "a", 10_000), lease(&store, "b", 10_000));
        let held = a.acquire(Duration::from_secs(1)).await.unwrap();
        assert_eq!(held.found_stamp, None);
        let refused = b.acquire(Duration::from_millis(300)).await.unwrap_err();
        assert!(matches!(refused, Error::Conflict(_)), "{refused:?}");
        a.release(held, Some("s1".into())).await.unwrap();
        let held = b.acquire(Duration::from_secs(1)).await.unwrap();
        assert_eq!(held.found_stamp.as_deref(), Some("s1"));
        b.release(held, None).await.unwrap();
        let mut held = a.acquire(Duration::from_secs(1)).await.unwrap();
        assert_eq!(
            held.found_stamp.as_deref(),
            Some("s1"),
            "kept by a change-less turn"
        );
        // A stamp set while holding is what readers see at once, and what the next holder finds.
        a.set_stamp(&mut held, "s2".into()).await.unwrap();
        assert_eq!(
            b.peek().await.unwrap().unwrap().stamp.as_deref(),
            Some("s2")
        );
        a.release(held, None).await.unwrap();
        let held = b.acquire(Duration::from_secs(1)).await.unwrap();
        assert_eq!(held.found_stamp.as_deref(), Some("s2"));
    }

    #[tokio::test]
    async fn a_holder_stopped_past_its_time_loses_the_lease_and_cannot_renew_it() {
        let store = Arc::new(InMemory::new());
        let (a, b) = (lease(&store, "a", 50), lease(&store, "b", 10_000));
        let mut stale = a.acquire(Duration::from_secs(1)).await.unwrap();
        // a stops; once its time and the clock skew have passed, b takes the lease over.
        let taken = b
            .acquire(CLOCK_SKEW + Duration::from_secs(2))
            .await
            .unwrap();
        assert!(matches!(a.renew(&mut stale).await, Err(Error::Conflict(_))));
        assert!(a.release(stale, Some("late".into())).await.is_err());
        b.release(taken, None).await.unwrap();
        let next = a.acquire(Duration::from_secs(1)).await.unwrap();
        assert_eq!(
            next.found_stamp, None,
            "the stale holder's stamp never landed"
        );
    }

    #[tokio::test]
    async fn many_writers_racing_for_the_lease_hold_it_one_at_a_time() {
        let store = Arc::new(InMemory::new());
        let inside = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for w in 0..8 {
            let (l, inside) = (lease(&store, &format!("w{w}"), 10_000), inside.clone());
            tasks.push(tokio::spawn(async move {
                for _ in 0..5 {
                    let mut held = l.acquire(Duration::from_secs(30)).await.unwrap();
                    let n = inside.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    assert_eq!(n, 0, "two writers held the lease at once");
                    tokio::time::sleep(Duration::from_millis(2)).await;
                    l.renew(&mut held).await.unwrap();
                    inside.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                    l.release(held, None).await.unwrap();
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
    }
}
