//! The commit protocol every process follows: one writer at a time per store (an OS file lock),
//! a journal that makes each change all-or-nothing, and recovery of a change cut short.
//!
//! A change is several LanceDB commits: spaces, memories and edges, then the operation log. The
//! log's commit is the one that counts. Before the first commit the writer records in a journal
//! the versions the other tables had; after the log's commit it removes the journal. A journal
//! that the next lock holder finds means a writer stopped in between: if the log holds the
//! change's `seq` the change is complete, otherwise the tables go back to the recorded versions.
//! Holding the lock across catch-up, planning and commit is what keeps two processes from adding
//! the same external id or entity twice.
//!
//! Every change also writes a fresh stamp into the lock file, before its journal goes. A lock
//! holder that finds the stamp it last wrote or saw, and no journal, knows that no other process
//! has changed the store since: it skips refreshing the tables and reading the log, which on a
//! busy store cost more than the change itself.

use lancedb::Table;
use mnemo_core::{Edge, Error, Operation, Result, Space};
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, PutMode, PutOptions};
use serde::{Deserialize, Serialize};
use std::fs::{File, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::Location;
use crate::arrow::MemoryRow;
use crate::lease::{Held, Lease};
use crate::store::{MemoryStore, storage};

/// How long a writer waits for another process's write before giving up with `conflict`.
const LOCK_TIMEOUT: Duration = Duration::from_secs(60);

/// How long a writer's lease on object storage lasts unless renewed (every third of it while
/// held): a writer that stopped holding it frees the store this long after.
const LEASE_TTL: Duration = Duration::from_secs(10);

/// The lock, stamp and journal of one store.
pub(crate) struct CommitFiles {
    place: Place,
    /// Serialises lock holders within this process (an OS lock is shared by its open file, a
    /// lease by its holder id).
    local: Arc<tokio::sync::Mutex<()>>,
    /// The stamp of the last change this process has seen all of (its own or caught up on).
    known: std::sync::Mutex<Option<String>>,
}

/// Where the lock, the stamp and the journal live.
enum Place {
    /// In a directory on this machine: an OS file lock, the stamp written in the lock file, a
    /// journal file. Other URIs (`memory://`) get a directory of their own here, so processes on
    /// this machine take turns.
    Local { lock: File, journal: PathBuf },
    /// On object storage shared by several machines: a lease object with the stamp in it, and
    /// a journal object, beside the tables.
    Remote {
        store: Arc<dyn ObjectStore>,
        lease: Lease,
        journal: ObjectPath,
    },
}

impl CommitFiles {
    pub(crate) fn open(location: &Location) -> Result<CommitFiles> {
        let place = if location.is_shared_object_store() {
            remote_place(location)?
        } else {
            let dir = commit_dir(location)?;
            let path = dir.join("mnemo.lock");
            let lock = File::options()
                .create(true)
                .truncate(false)
                .read(true)
                .write(true)
                .open(&path)
                .map_err(|e| {
                    Error::Io(format!("cannot open the lock file {}: {e}", path.display()))
                })?;
            Place::Local {
                lock,
                journal: dir.join("mnemo.journal"),
            }
        };
        Ok(CommitFiles {
            place,
            local: Default::default(),
            known: Default::default(),
        })
    }

    /// The stamp the last change left (none in a store no change has stamped).
    async fn stamp(&self) -> Result<Option<String>> {
        match &self.place {
            Place::Local { lock, .. } => Ok(read_stamp_file(lock)),
            Place::Remote { lease, .. } => Ok(lease.peek().await?.and_then(|d| d.stamp)),
        }
    }

    /// Whether a change is in flight, or was cut short: its journal is there.
    async fn in_flight(&self) -> Result<bool> {
        match &self.place {
            Place::Local { journal, .. } => Ok(journal.exists()),
            Place::Remote { store, journal, .. } => match store.head(journal).await {
                Ok(_) => Ok(true),
                Err(object_store::Error::NotFound { .. }) => Ok(false),
                Err(e) => Err(Error::Io(format!("cannot read the journal {journal}: {e}"))),
            },
        }
    }

    /// Whether the store has been stamped and no change is in flight or cut short.
    pub(crate) async fn settled(&self) -> Result<bool> {
        Ok(self.stamp().await?.is_some() && !self.in_flight().await?)
    }

    /// Whether `stamp`, read from the store, is the last change this process made or read, with
    /// no change in flight since: then there is nothing new to read.
    async fn known_and_quiet(&self, stamp: &Option<String>) -> Result<bool> {
        let known = self.known.lock().expect("stamp lock").clone();
        Ok(stamp.is_some() && *stamp == known && !self.in_flight().await?)
    }

    /// Whether this process had seen all of the store when `guard` was taken.
    fn current(&self, guard: &WriteGuard) -> bool {
        guard.stamp.is_some() && *self.known.lock().expect("stamp lock") == guard.stamp
    }

    /// Marks a change with a new stamp, and returns it; this process has seen all of it if it
    /// had seen all before (`current`). Not synced locally: after a machine crash every process
    /// reads everything.
    async fn stamp_change(&self, guard: &WriteGuard, current: bool) -> Result<String> {
        let stamp = mnemo_core::new_id();
        match (&self.place, &guard.hold) {
            (Place::Local { lock, .. }, _) => write_stamp_file(lock, &stamp)?,
            (Place::Remote { lease, .. }, Hold::Lease(h)) => {
                let mut held = h.held.lock().await;
                let held = held.as_mut().ok_or_else(lease_lost)?;
                lease.set_stamp(held, stamp.clone()).await?;
            }
            (Place::Remote { .. }, Hold::File(_)) => {
                unreachable!("a remote store's guard holds a lease")
            }
        }
        *self.known.lock().expect("stamp lock") = current.then(|| stamp.clone());
        Ok(stamp)
    }

    fn forget_stamp(&self) {
        *self.known.lock().expect("stamp lock") = None;
    }

    /// That this writer still holds the store, for long enough to finish its change: a writer
    /// whose lease passed to another (it was stopped past its time) writes nothing more.
    async fn confirm(&self, guard: &WriteGuard) -> Result<()> {
        let (Place::Remote { lease, .. }, Hold::Lease(h)) = (&self.place, &guard.hold) else {
            return Ok(()); // an OS lock cannot pass to another while held
        };
        let mut held = h.held.lock().await;
        let held = held.as_mut().ok_or_else(lease_lost)?;
        lease.renew(held).await
    }

    async fn read_journal(&self) -> Result<Option<Journal>> {
        let (bytes, name) = match &self.place {
            Place::Local { journal, .. } => match std::fs::read(journal) {
                Ok(bytes) => (bytes, journal.display().to_string()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                Err(e) => {
                    return Err(Error::Io(format!("cannot read {}: {e}", journal.display())));
                }
            },
            Place::Remote { store, journal, .. } => match store.get(journal).await {
                Ok(got) => {
                    let bytes = got.bytes().await;
                    let bytes =
                        bytes.map_err(|e| Error::Io(format!("cannot read {journal}: {e}")))?;
                    (bytes.to_vec(), journal.to_string())
                }
                Err(object_store::Error::NotFound { .. }) => return Ok(None),
                Err(e) => return Err(Error::Io(format!("cannot read {journal}: {e}"))),
            },
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| Error::Storage(format!("the journal {name} is unreadable: {e}")))
    }

    /// Whole or absent: a local journal is written aside and renamed into place, each step
    /// synced; an object is put whole.
    async fn write_journal(&self, j: &Journal) -> Result<()> {
        let bytes = serde_json::to_vec(j).map_err(storage)?;
        match &self.place {
            Place::Local { journal, .. } => {
                let io = |e: std::io::Error| Error::Io(format!("cannot write the journal: {e}"));
                let aside = journal.with_extension("journal.tmp");
                let mut f = File::create(&aside).map_err(io)?;
                f.write_all(&bytes).map_err(io)?;
                f.sync_all().map_err(io)?;
                std::fs::rename(&aside, journal).map_err(io)?;
                sync_dir(journal)
            }
            // Created only where none is: a writer whose lease passed on while it was stopped
            // cannot replace the journal of the change the new holder has in flight.
            Place::Remote { store, journal, .. } => {
                let create = PutOptions {
                    mode: PutMode::Create,
                    ..Default::default()
                };
                match store.put_opts(journal, bytes.into(), create).await {
                    Ok(_) => Ok(()),
                    Err(object_store::Error::AlreadyExists { .. }) => Err(lease_lost()),
                    Err(e) => Err(Error::Io(format!(
                        "cannot write the journal {journal}: {e}"
                    ))),
                }
            }
        }
    }

    async fn remove_journal(&self) -> Result<()> {
        match &self.place {
            Place::Local { journal, .. } => match std::fs::remove_file(journal) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                Err(e) => Err(Error::Io(format!("cannot remove the journal: {e}"))),
            },
            Place::Remote { store, journal, .. } => match store.delete(journal).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
                Err(e) => Err(Error::Io(format!(
                    "cannot remove the journal {journal}: {e}"
                ))),
            },
        }
    }

    /// Takes the store's lock (an OS lock, or the lease), waiting up to [`LOCK_TIMEOUT`].
    async fn take(&self, uri: &str) -> Result<Hold> {
        match &self.place {
            Place::Local { lock, .. } => {
                let file = lock.try_clone().map_err(storage)?;
                wait_for_lock(&file, uri).await?;
                Ok(Hold::File(file))
            }
            Place::Remote { lease, .. } => {
                let held = lease.acquire(LOCK_TIMEOUT).await?;
                Ok(Hold::Lease(LeaseHold::start(lease.clone(), held)))
            }
        }
    }
}

async fn wait_for_lock(file: &File, uri: &str) -> Result<()> {
    let deadline = Instant::now() + LOCK_TIMEOUT;
    let mut pause = Duration::from_millis(2);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(()),
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_millis(50));
            }
            Err(TryLockError::WouldBlock) => {
                return Err(Error::Conflict(format!(
                    "another process has been writing to {uri} for over {} s; try again",
                    LOCK_TIMEOUT.as_secs()
                )));
            }
            Err(TryLockError::Error(e)) => {
                return Err(Error::Io(format!("cannot lock the store: {e}")));
            }
        }
    }
}

/// The lease and journal of a store on object storage, beside its tables under `_mnemo/`.
fn remote_place(location: &Location) -> Result<Place> {
    use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
    let bad =
        |e: object_store::Error| Error::invalid("store URI", format!("{}: {e}", location.uri));
    let mut builder = AmazonS3Builder::from_env().with_url(location.uri.clone());
    for (key, value) in &location.options {
        // Options only LanceDB knows are for it alone.
        if let Ok(key) = key.to_ascii_lowercase().parse::<AmazonS3ConfigKey>() {
            builder = builder.with_config(key, value);
        }
    }
    let store: Arc<dyn ObjectStore> = Arc::new(builder.build().map_err(bad)?);
    let (_, prefix) = location.bucket_and_prefix().unwrap_or_default();
    let dir = ObjectPath::from(prefix).join("_mnemo");
    let lease = Lease::new(
        store.clone(),
        dir.clone().join("lease.json"),
        mnemo_core::new_id(),
        LEASE_TTL,
    );
    Ok(Place::Remote {
        store,
        lease,
        journal: dir.join("journal.json"),
    })
}

fn lease_lost() -> Error {
    Error::Conflict(
        "this writer's lease on the store passed to another writer (it was stopped past its time); nothing more was written".into(),
    )
}

#[cfg(unix)]
fn read_stamp_file(lock: &File) -> Option<String> {
    use std::os::unix::fs::FileExt;
    let mut buf = [0u8; 64];
    let n = lock.read_at(&mut buf, 0).ok()?;
    let stamp = std::str::from_utf8(&buf[..n]).ok()?.trim();
    (!stamp.is_empty()).then(|| stamp.to_string())
}

/// Elsewhere every lock holder reads the whole store again.
#[cfg(not(unix))]
fn read_stamp_file(_lock: &File) -> Option<String> {
    None
}

fn write_stamp_file(lock: &File, stamp: &str) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        (lock.write_at(stamp.as_bytes(), 0))
            .map_err(|e| Error::Io(format!("cannot stamp the lock file: {e}")))?;
    }
    let _ = (lock, stamp);
    Ok(())
}

fn sync_dir(file: &Path) -> Result<()> {
    if let Some(dir) = file.parent() {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| Error::Io(format!("cannot sync {}: {e}", dir.display())))?;
    }
    Ok(())
}

fn commit_dir(uri: &str) -> Result<PathBuf> {
    let dir = if uri.contains("://") {
        let home = std::env::home_dir().unwrap_or_else(std::env::temp_dir);
        home.join(".local/share/mnemo/locks")
            .join(format!("{:016x}", fnv1a(uri.as_bytes())))
    } else {
        PathBuf::from(uri)
    };
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::Io(format!("cannot create {}: {e}", dir.display())))?;
    Ok(dir)
}

/// A stable hash (std's may change between Rust versions, and the path must not).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// What the journal records of a change in flight: its place in the log, and the versions of
/// the tables it writes as they were before it.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Journal {
    seq: u64,
    memories: u64,
    edges: u64,
    spaces: u64,
}

/// Proof of holding the store's write lock; dropping it lets the next writer in.
pub struct WriteGuard {
    hold: Hold,
    _local: tokio::sync::OwnedMutexGuard<()>,
    /// The stamp when taken.
    stamp: Option<String>,
    quiet: bool,
}

/// What a write lock is on this machine.
enum Hold {
    File(File),
    Lease(LeaseHold),
}

/// A lease held, and the task renewing it until the guard goes.
struct LeaseHold {
    lease: Lease,
    /// None once given back, or lost (a renewal failed).
    held: Arc<tokio::sync::Mutex<Option<Held>>>,
    renewal: tokio::task::JoinHandle<()>,
}

impl LeaseHold {
    fn start(lease: Lease, held: Held) -> LeaseHold {
        let held = Arc::new(tokio::sync::Mutex::new(Some(held)));
        let renewal = tokio::spawn({
            let (lease, held) = (lease.clone(), held.clone());
            async move {
                loop {
                    tokio::time::sleep(lease.ttl() / 3).await;
                    let mut slot = held.lock().await;
                    let Some(h) = slot.as_mut() else { return };
                    if let Err(e) = lease.renew(h).await {
                        tracing::warn!(error = %e, "lost the store's lease");
                        *slot = None;
                        return;
                    }
                }
            }
        });
        LeaseHold {
            lease,
            held,
            renewal,
        }
    }
}

impl WriteGuard {
    /// Whether no other process has changed the store since this one last saw all of it: the
    /// tables are as this process left them, and the log holds nothing it has not seen.
    pub fn is_quiet(&self) -> bool {
        self.quiet
    }

    /// Lets the next writer in now. Dropping the guard does too, but a lease is then given back
    /// in the background (a process that exits at once leaves it to expire).
    pub async fn release(self) {
        if let Hold::Lease(h) = &self.hold {
            h.renewal.abort();
            if let Some(held) = h.held.lock().await.take()
                && let Err(e) = h.lease.release(held, None).await
            {
                tracing::warn!(error = %e, "giving the store's lease back failed");
            }
        }
    }
}

impl Drop for WriteGuard {
    fn drop(&mut self) {
        match &self.hold {
            Hold::File(file) => {
                let _ = file.unlock();
            }
            Hold::Lease(h) => {
                h.renewal.abort();
                let (lease, held) = (h.lease.clone(), h.held.clone());
                if let Ok(rt) = tokio::runtime::Handle::try_current() {
                    rt.spawn(async move {
                        if let Some(held) = held.lock().await.take() {
                            let _ = lease.release(held, None).await;
                        }
                    });
                }
            }
        }
    }
}

/// What recovery did with a change it found cut short.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recovery {
    /// The log held it: only the journal was left.
    Completed { seq: u64 },
    /// The tables it had begun to write went back to their versions before it.
    RolledBack { seq: u64, tables: Vec<&'static str> },
}

/// One change's rows, as the store writes them.
#[derive(Default)]
pub struct Change<'a> {
    /// Its position in the log: one more than the last committed change's.
    pub seq: u64,
    pub new_spaces: &'a [Space],
    pub removed_spaces: Vec<&'a str>,
    pub new_memories: Vec<MemoryRow<'a>>,
    /// Memories replaced whole, and rows rewritten only for their search context.
    pub updated_memories: Vec<MemoryRow<'a>>,
    /// Memories whose rows go (an undone add); the change removes their edges itself.
    pub removed_memories: Vec<&'a str>,
    pub new_edges: &'a [Edge],
    pub updated_edges: &'a [Edge],
    pub removed_edges: Vec<&'a str>,
    pub operations: &'a [Operation],
}

impl MemoryStore {
    /// Waits for the store's write lock (other processes' writes finish first), finishes or
    /// rolls back any change a stopped writer left, and brings the tables up to date.
    pub async fn lock_writes(&self) -> Result<WriteGuard> {
        let files = self.commit_files();
        let local = files.local.clone().lock_owned().await;
        let hold = files.take(&self.info().uri).await?;
        let stamp = match &hold {
            Hold::File(_) => files.stamp().await?,
            Hold::Lease(h) => (h.held.lock().await.as_ref()).and_then(|h| h.found_stamp.clone()),
        };
        let quiet = files.known_and_quiet(&stamp).await?;
        let mut guard = WriteGuard {
            hold,
            _local: local,
            stamp,
            quiet,
        };
        if quiet {
            return Ok(guard);
        }
        files.forget_stamp();
        self.refresh_written_tables().await?;
        if let Some(r) = self.recover(&guard).await? {
            tracing::warn!(?r, "recovered a change a stopped writer left");
            self.note_recovery(r);
            guard.stamp = Some(files.stamp_change(&guard, false).await?);
        }
        if guard.stamp.is_none() {
            // A store no change has stamped yet: stamped now, so that this process can be
            // current once it has read it.
            guard.stamp = Some(files.stamp_change(&guard, false).await?);
        }
        Ok(guard)
    }

    /// For reading the whole store without the lock: the stamp of the last change, if no change
    /// is in flight, with every table brought to its latest version after it was read. Whatever
    /// is read next is one consistent state if [`Self::still_quiet`] then says so: a change
    /// begun since leaves a journal until it ends, and a new stamp after.
    pub async fn quiet_mark(&self) -> Result<Option<String>> {
        let files = self.commit_files();
        let mark = files.stamp().await?;
        let mark = if mark.is_some() && !files.in_flight().await? {
            mark
        } else {
            None
        };
        if mark.is_some() {
            self.refresh_written_tables().await?;
        }
        Ok(mark)
    }

    /// Whether no change has begun since `mark` was taken; if so, this process has seen all of
    /// the store up to it (as [`Self::caught_up`] records).
    pub async fn still_quiet(&self, mark: &str) -> Result<bool> {
        let files = self.commit_files();
        let quiet = !files.in_flight().await? && files.stamp().await?.as_deref() == Some(mark);
        if quiet {
            *files.known.lock().expect("stamp lock") = Some(mark.to_string());
        }
        Ok(quiet)
    }

    /// Whether this process has seen every change committed so far: the last one stamped is one
    /// it made or read (as [`Self::lock_writes`] finds a quiet store), and none is in flight.
    pub async fn seen_all(&self) -> Result<bool> {
        let files = self.commit_files();
        files.known_and_quiet(&files.stamp().await?).await
    }

    /// Tells the store that this process has read every change up to the lock's: the next lock
    /// holder here may skip reading them again if no other process has written in between.
    pub fn caught_up(&self, guard: &WriteGuard) {
        *self.commit_files().known.lock().expect("stamp lock") = guard.stamp.clone();
    }

    /// Writes one change: journal, tables, log, then the journal goes. A failure rolls back what
    /// was written, so that an error leaves the store as it was.
    pub async fn commit(&self, guard: &WriteGuard, change: Change<'_>) -> Result<()> {
        let files = self.commit_files();
        files.confirm(guard).await?;
        let journal = Journal {
            seq: change.seq,
            memories: self.memories.version().await.map_err(storage)?,
            edges: self.edges.version().await.map_err(storage)?,
            spaces: self.spaces.version().await.map_err(storage)?,
        };
        let current = files.current(guard);
        // Until this change is stamped, the next lock holder here reads the store again.
        files.forget_stamp();
        files.write_journal(&journal).await?;
        let staged = async {
            let log = self.stage_operations(change.operations, change.seq).await?;
            self.write_tables(&change).await?;
            Ok(log)
        };
        let log = match staged.await {
            Ok(log) => log,
            Err(e) => return Err(self.abandon(guard, &journal, e).await),
        };
        // A writer whose lease passed on stops here, and leaves the journal to the new holder.
        files.confirm(guard).await?;
        if let Err(e) = log.commit(&self.operations).await {
            return Err(self.abandon(guard, &journal, e).await);
        }
        files.stamp_change(guard, current).await?;
        files.remove_journal().await
    }

    /// Rolls back a change that failed part-way, and returns its error (or the roll-back's;
    /// the journal then stays, and the next writer retries the roll-back).
    async fn abandon(&self, guard: &WriteGuard, j: &Journal, e: Error) -> Error {
        let files = self.commit_files();
        let undone = async {
            self.roll_back(j).await?;
            files.stamp_change(guard, false).await?;
            files.remove_journal().await
        };
        match undone.await {
            Ok(()) => e,
            Err(rollback) => {
                tracing::error!(error = %e, %rollback, "rolling back a failed change failed");
                rollback
            }
        }
    }

    /// Rewrites memories' rows for their search context alone: the same memories, vectors and
    /// log. One LanceDB commit, so a kill leaves every row either old or new, both readable.
    pub async fn rewrite_rows(&self, guard: &WriteGuard, rows: &[MemoryRow<'_>]) -> Result<()> {
        let files = self.commit_files();
        let current = files.current(guard);
        files.confirm(guard).await?;
        self.update_memories(rows).await?;
        files.stamp_change(guard, current).await.map(|_| ())
    }

    /// Records what `search_text` holds (see [`crate::SEARCH_INDEX_VERSION`]).
    pub async fn mark_search_index(&self, _guard: &WriteGuard, version: u32) -> Result<()> {
        let meta = self.open_table(crate::schema::META).await?;
        let version = version.to_string();
        let batch = crate::arrow::strings_batch(
            &crate::schema::meta(),
            vec![vec!["search_index"], vec![&version]],
        )?;
        crate::store::merge_upsert(&meta, "key", batch).await
    }

    /// Sets a key of the meta table (a background job's bookkeeping): one LanceDB commit.
    pub async fn set_meta(&self, _guard: &WriteGuard, key: &str, value: &str) -> Result<()> {
        let meta = self.open_table(crate::schema::META).await?;
        let batch =
            crate::arrow::strings_batch(&crate::schema::meta(), vec![vec![key], vec![value]])?;
        crate::store::merge_upsert(&meta, "key", batch).await
    }

    /// A key of the meta table, if set.
    pub async fn meta(&self, key: &str) -> Result<Option<String>> {
        let meta = self.open_table(crate::schema::META).await?;
        crate::store::meta_value(&meta, key).await
    }

    /// Removes rows that no committed change accounts for (memories without a log entry, edges
    /// whose endpoints are missing), as an interrupted writer of an older Mnemo left them.
    /// Edges touching a removed memory go too. Through the journal, like any change.
    pub async fn remove_stray_rows(
        &self,
        guard: &WriteGuard,
        memories: &[&str],
        edges: &[&str],
    ) -> Result<()> {
        let j = Journal {
            seq: 0, // never in the log: recovery always rolls a cut-short removal back
            memories: self.memories.version().await.map_err(storage)?,
            edges: self.edges.version().await.map_err(storage)?,
            spaces: self.spaces.version().await.map_err(storage)?,
        };
        let files = self.commit_files();
        files.confirm(guard).await?;
        let current = files.current(guard);
        files.forget_stamp();
        files.write_journal(&j).await?;
        let removed = async {
            for chunk in edges.chunks(1_000) {
                self.delete_edges(chunk).await?;
            }
            for chunk in memories.chunks(1_000) {
                let list = crate::store::sql_list(chunk.iter().copied());
                let touching = format!("from_id IN ({list}) OR to_id IN ({list})");
                crate::store::delete_where(&self.edges, &touching).await?;
                self.delete_memories(chunk).await?;
            }
            Ok::<(), Error>(())
        };
        if let Err(e) = removed.await {
            return Err(self.abandon(guard, &j, e).await);
        }
        files.stamp_change(guard, current).await?;
        files.remove_journal().await
    }

    /// What a writer killed mid-change leaves: the journal and the tables, with (`logged`) or
    /// without the log's entry. For tests of recovery; nothing else calls it.
    #[doc(hidden)]
    pub async fn commit_interrupted(
        &self,
        _guard: &WriteGuard,
        change: Change<'_>,
        logged: bool,
    ) -> Result<()> {
        let journal = Journal {
            seq: change.seq,
            memories: self.memories.version().await.map_err(storage)?,
            edges: self.edges.version().await.map_err(storage)?,
            spaces: self.spaces.version().await.map_err(storage)?,
        };
        self.commit_files().write_journal(&journal).await?;
        self.write_tables(&change).await?;
        if logged {
            self.append_operations(change.operations, change.seq)
                .await?;
        }
        Ok(())
    }

    /// Spaces, memories and edges at once (none is seen by other processes before the log is).
    async fn write_tables(&self, c: &Change<'_>) -> Result<()> {
        let memories = async {
            tokio::try_join!(
                async {
                    self.delete_spaces(&c.removed_spaces).await?;
                    self.upsert_spaces(c.new_spaces).await
                },
                self.insert_memories(&c.new_memories)
            )?;
            self.update_memories(&c.updated_memories).await?;
            self.delete_memories(&c.removed_memories).await
        };
        let edges = async {
            self.delete_edges(&c.removed_edges).await?;
            self.insert_edges(c.new_edges).await?;
            self.upsert_edges(c.updated_edges).await
        };
        tokio::try_join!(memories, edges)?;
        Ok(())
    }

    /// Whether the log holds a journal, and what recovery did about it.
    async fn recover(&self, _guard: &WriteGuard) -> Result<Option<Recovery>> {
        let files = self.commit_files();
        let Some(j) = files.read_journal().await? else {
            return Ok(None);
        };
        let done = self
            .operations
            .count_rows(Some(format!("seq = {}", j.seq)))
            .await
            .map_err(storage)?;
        let r = if done > 0 {
            Recovery::Completed { seq: j.seq }
        } else {
            Recovery::RolledBack {
                seq: j.seq,
                tables: self.roll_back(&j).await?,
            }
        };
        files.remove_journal().await?;
        Ok(Some(r))
    }

    /// Puts each table the change wrote back to its version before the change.
    async fn roll_back(&self, j: &Journal) -> Result<Vec<&'static str>> {
        let mut rolled = Vec::new();
        for (name, table, version) in [
            (crate::schema::MEMORIES, &self.memories, j.memories),
            (crate::schema::EDGES, &self.edges, j.edges),
            (crate::schema::SPACES, &self.spaces, j.spaces),
        ] {
            table.checkout_latest().await.map_err(storage)?;
            if table.version().await.map_err(storage)? > version {
                self.restore(name, table, version).await?;
                rolled.push(name);
            }
        }
        Ok(rolled)
    }

    async fn restore(&self, name: &str, table: &Table, version: u64) -> Result<()> {
        let detached = self.open_table(name).await?;
        let fail = |e: lancedb::Error| {
            Error::Storage(format!(
                "cannot roll {name} back to version {version} after an interrupted write ({e}); run `mnemo doctor --repair`"
            ))
        };
        detached.checkout(version).await.map_err(fail)?;
        detached.restore().await.map_err(fail)?;
        table.checkout_latest().await.map_err(storage)
    }

    /// The tables a change writes, at their latest versions: a lock holder builds on every
    /// commit before its own, whatever the read consistency interval.
    async fn refresh_written_tables(&self) -> Result<()> {
        for t in [&self.memories, &self.edges, &self.spaces, &self.operations] {
            t.checkout_latest().await.map_err(storage)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_directory_of_a_remote_store_is_stable_and_per_uri() {
        let a = commit_dir("s3://bucket/a").unwrap();
        assert_eq!(a, commit_dir("s3://bucket/a").unwrap());
        assert_ne!(a, commit_dir("s3://bucket/b").unwrap());
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
    }

    #[tokio::test]
    async fn a_journal_on_object_storage_is_never_written_over() {
        let store: Arc<dyn ObjectStore> = Arc::new(object_store::memory::InMemory::new());
        let dir = ObjectPath::from("team/_mnemo");
        let files = |me: &str| CommitFiles {
            place: Place::Remote {
                store: store.clone(),
                lease: Lease::new(
                    store.clone(),
                    dir.clone().join("lease.json"),
                    me.into(),
                    LEASE_TTL,
                ),
                journal: dir.clone().join("journal.json"),
            },
            local: Default::default(),
            known: Default::default(),
        };
        let (holder, stale) = (files("holder"), files("stale"));
        let j = |seq| Journal {
            seq,
            memories: 1,
            edges: 1,
            spaces: 1,
        };
        holder.write_journal(&j(2)).await.unwrap();
        assert!(stale.in_flight().await.unwrap());
        // A writer that lost its lease while stopped finds the new holder's change in flight.
        let refused = stale.write_journal(&j(1)).await.unwrap_err();
        assert!(matches!(refused, Error::Conflict(_)), "{refused:?}");
        assert_eq!(holder.read_journal().await.unwrap().unwrap().seq, 2);
        holder.remove_journal().await.unwrap();
        assert!(!stale.in_flight().await.unwrap());
        stale.write_journal(&j(3)).await.unwrap();
    }

    #[tokio::test]
    async fn a_journal_is_whole_or_absent() {
        let dir = tempfile::tempdir().unwrap();
        let files = CommitFiles::open(&Location::from(&*dir.path().to_string_lossy())).unwrap();
        assert!(files.read_journal().await.unwrap().is_none());
        let j = Journal {
            seq: 7,
            memories: 3,
            edges: 4,
            spaces: 5,
        };
        files.write_journal(&j).await.unwrap();
        let back = files.read_journal().await.unwrap().unwrap();
        assert_eq!(
            (back.seq, back.memories, back.edges, back.spaces),
            (7, 3, 4, 5)
        );
        assert!(!dir.path().join("mnemo.journal.tmp").exists());
        files.remove_journal().await.unwrap();
        files.remove_journal().await.unwrap();
        assert!(files.read_journal().await.unwrap().is_none());
    }
}
