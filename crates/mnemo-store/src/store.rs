//! [`MemoryStore`]: open or create the tables, write batches, read everything back, and search.

use arrow_array::RecordBatch;
use futures::TryStreamExt;
use lancedb::index::scalar::{FtsIndexBuilder, FullTextSearchQuery};
use lancedb::index::{Index, IndexStatistics};
use lancedb::query::{ExecutableQuery, QueryBase, Select};
use lancedb::table::{CompactionOptions, OptimizeAction};
use lancedb::{Connection, DistanceType, Table};
use mnemo_core::{
    Edge, Error, Memory, MemoryStatus, Operation, Result, RetrievalTrace, Space, Timestamp,
    TraceSummary,
};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::Location;
use crate::arrow::{self as conv, Cols, MemoryRow};
use crate::commit::{CommitFiles, Recovery};
use crate::schema::{self, SCHEMA_VERSION};
use crate::segments::refresh_indexes;

pub(crate) fn storage(e: impl std::fmt::Display) -> Error {
    Error::Storage(e.to_string())
}

/// Why a store could not be reached, said plainly for the usual mistakes on object storage
/// (LanceDB's own message follows).
fn unreachable_store(location: &Location, e: lancedb::Error) -> Error {
    let detail = e.to_string();
    let bucket = location.bucket_and_prefix().map_or("", |(b, _)| b);
    let hint = if !location.is_shared_object_store() {
        None
    } else if detail.contains("NoSuchBucket") {
        Some(format!(
            "the bucket {bucket} does not exist; create it first"
        ))
    } else if detail.contains("AccessDenied") || detail.contains("InvalidAccessKeyId") {
        Some(format!(
            "access to the bucket {bucket} was refused; check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
        ))
    } else if detail.contains("error sending request") || detail.contains("Connection refused") {
        Some("the object store does not answer; check its endpoint (AWS_ENDPOINT or --storage-option aws_endpoint=…)".into())
    } else {
        None
    };
    match hint {
        Some(hint) => Error::Storage(format!("{}: {hint} ({detail})", location.uri)),
        None => storage(detail),
    }
}

/// Quotes a string for a LanceDB SQL predicate.
pub(crate) fn sql_str(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

pub(crate) fn sql_list<'a>(values: impl IntoIterator<Item = &'a str>) -> String {
    values
        .into_iter()
        .map(sql_str)
        .collect::<Vec<_>>()
        .join(", ")
}

/// How long a superseded table version stays readable. LanceDB's default keeps a week, so that
/// a million-memory store carried every vector index it had outgrown (550 MB each) for a week.
/// Other processes re-check for the latest version every 500 ms before they read, so an hour
/// leaves only queries that run for an hour on a version an hour old at risk.
const KEEP_VERSIONS_MINUTES: i64 = 60;

/// Files under this many rows count as what single writes leave behind, for
/// [`Store::compact_recent`]; larger ones wait for `optimize`.
/// How many tables [`MemoryStore::compact_recent`] takes turns over: memories, edges, the log,
/// traces.
pub const RECENT_TABLES: usize = 4;
const RECENT_FILE_ROWS: usize = 4_096;

/// Merges each table's small files into larger ones.
fn compact() -> OptimizeAction {
    OptimizeAction::Compact {
        options: Default::default(),
        remap_options: None,
    }
}

/// Removes table versions past [`KEEP_VERSIONS_MINUTES`]. It reads every version's manifest
/// (0.3 s a table after a few thousand commits), and a version becomes removable only an hour
/// after it was superseded, so the writer prunes every few minutes, not at every optimize.
fn prune() -> OptimizeAction {
    OptimizeAction::Prune {
        older_than: chrono::Duration::try_minutes(KEEP_VERSIONS_MINUTES),
        delete_unverified: None,
        error_if_tagged_old_versions: None,
    }
}

/// Above this many rows a memories table gets an approximate vector index; below, exact search.
const ANN_THRESHOLD: usize = 5_000;
/// Rows of an HNSW partition of the vector index (LanceDB's target for IVF-HNSW).
const HNSW_PARTITION_ROWS: usize = 1 << 20;
/// How wide an HNSW insert searches for its neighbours (LanceDB's builder defaults to 300). At a
/// million memories (`mnemo bench query --sizes 1000000`, separate runs) 200 built the index in
/// 416–473 s against 522–575 s at 300, with recall@10 against exact search 0.967–0.979 at
/// k = 10 and 0.984–0.997 as recall searches over three builds (0.974–0.982 and 0.990–1.000 at
/// 300); 150 fell to 0.964 and 0.976, and 16 edges per node instead of 20 to 0.970 and 0.985.
const HNSW_EF_CONSTRUCTION: u32 = 200;

/// Index parameters of a vector search; `None` leaves LanceDB's default.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VectorTuning {
    pub nprobes: Option<usize>,
    pub ef: Option<usize>,
    pub refine_factor: Option<u32>,
    /// Exact search, bypassing the index.
    pub exact: bool,
}

impl VectorTuning {
    /// What recall and linking use: LanceDB's adaptive probing; a wider HNSW search than its
    /// default (at a million memories, recall@10 at k = 10 goes from 0.83 to 0.97 at ef 100 and
    /// 0.99 at ef 200, for 0.3 ms more); then the candidates re-ranked by their full vectors, so
    /// scores are true cosines (linking thresholds need them) and scalar quantisation costs no
    /// recall. `mnemo bench search` measures the alternatives.
    pub const STANDARD: VectorTuning = VectorTuning {
        nprobes: None,
        ef: Some(200),
        refine_factor: Some(1),
        exact: false,
    };
}

/// How much of the memories table the vector index covers, in how many segments.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct VectorIndexState {
    pub segments: u32,
    pub indexed: usize,
    pub unindexed: usize,
}

/// Why [`MemoryStore::optimize`] would build (train) the vector index now, if it would: a pure
/// function of the table's size and the index's state (`mnemo doctor` reports it). Its segments
/// are merged like any index's, on the partitions it was trained with.
pub fn vector_index_due(rows: usize, index: Option<&VectorIndexState>) -> Option<&'static str> {
    match index {
        None if rows >= ANN_THRESHOLD => {
            Some("the table is large enough for an index and has none")
        }
        None => None,
        Some(st) if st.unindexed == 0 => None,
        Some(st) if st.unindexed * 2 >= st.indexed => {
            Some("the table has grown by half since the index was built")
        }
        Some(_) => None,
    }
}

/// One search hit: a memory id and the channel's raw score.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub id: String,
    /// Cosine similarity for vector search, BM25 for keyword search.
    pub score: f32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StoreCounts {
    pub memories: usize,
    pub edges: usize,
    pub operations: usize,
    pub traces: usize,
    pub spaces: usize,
}

/// What a store is: where, which layout, which embedder its vectors come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreInfo {
    pub uri: String,
    pub schema_version: u32,
    /// See [`schema::SEARCH_INDEX_VERSION`]; 1 where the meta table does not say.
    pub search_index: u32,
    pub embedder: String,
    pub dimensions: usize,
}

/// The LanceDB-backed store. Cheap to clone; every handle sees committed writes.
#[derive(Clone)]
pub struct MemoryStore {
    pub(crate) memories: Table,
    pub(crate) edges: Table,
    pub(crate) operations: Table,
    pub(crate) traces: Table,
    pub(crate) spaces: Table,
    access: Table,
    info: StoreInfo,
    conn: Connection,
    files: std::sync::Arc<CommitFiles>,
    /// Changes that stopped writers left, finished or rolled back by this process.
    recoveries: std::sync::Arc<std::sync::Mutex<Vec<Recovery>>>,
}

/// Lance's caches, bounded for a long-running app: by default they may reach 6 GiB of index
/// pages and 1 GiB of metadata, and every small commit adds files whose metadata is cached, so
/// a server taking many single writes grew by about 150 MiB per thousand.
const INDEX_CACHE_BYTES: usize = 1 << 30;
const METADATA_CACHE_BYTES: usize = 128 << 20;

fn session() -> std::sync::Arc<lancedb::Session> {
    let mib = |var: &str, default: usize| {
        (std::env::var(var).ok())
            .and_then(|v| v.parse::<usize>().ok())
            .map_or(default, |m| m << 20)
    };
    std::sync::Arc::new(lancedb::Session::new(
        mib("MNEMO_INDEX_CACHE_MIB", INDEX_CACHE_BYTES),
        mib("MNEMO_METADATA_CACHE_MIB", METADATA_CACHE_BYTES),
        Default::default(),
    ))
}

impl MemoryStore {
    /// Opens the store at `location` (a directory or an object-store URI), creating it if
    /// absent. A store written by a newer Mnemo, or with another embedder's vectors, is refused.
    pub async fn open(
        location: impl Into<Location>,
        embedder: &str,
        dimensions: usize,
    ) -> Result<Self> {
        let location: Location = location.into().resolved()?;
        let uri = location.uri.as_str();
        if !uri.contains("://") {
            std::fs::create_dir_all(uri)
                .map_err(|e| Error::Io(format!("cannot create data directory {uri}: {e}")))?;
        }
        let conn = lancedb::connect(uri)
            .storage_options(location.options.iter().cloned())
            // Another process (the app and `mnemo mcp`) may write the same store: re-check often.
            .read_consistency_interval(Duration::from_millis(500))
            .session(session())
            .execute()
            .await
            .map_err(|e| unreachable_store(&location, e))?;
        let names =
            (conn.table_names().execute().await).map_err(|e| unreachable_store(&location, e))?;
        let meta = open_or_create(&conn, &names, schema::META, schema::meta()).await?;
        let info = read_or_init_meta(&meta, uri, embedder, dimensions).await?;
        if info.embedder != embedder || info.dimensions != dimensions {
            return Err(Error::Conflict(format!(
                "the store at {uri} holds vectors of embedder {} ({} dimensions), not {embedder} ({dimensions}); re-embed it first",
                info.embedder, info.dimensions
            )));
        }
        let mut store = MemoryStore {
            memories: open_or_create(
                &conn,
                &names,
                schema::MEMORIES,
                schema::memories(dimensions),
            )
            .await?,
            edges: open_or_create(&conn, &names, schema::EDGES, schema::edges()).await?,
            operations: open_or_create(&conn, &names, schema::OPERATIONS, schema::operations())
                .await?,
            traces: open_or_create(&conn, &names, schema::TRACES, schema::traces()).await?,
            spaces: open_or_create(&conn, &names, schema::SPACES, schema::spaces()).await?,
            access: open_or_create(&conn, &names, schema::ACCESS, schema::access()).await?,
            info,
            files: std::sync::Arc::new(CommitFiles::open(&location)?),
            conn,
            recoveries: Default::default(),
        };
        // Upgrades, recovery and a new store's first stamp happen under the write lock, before
        // anything is read. A store that needs none of them is opened without waiting for the
        // processes writing it.
        if store.info.schema_version < SCHEMA_VERSION || !store.files.settled().await? {
            let guard = store.lock_writes().await?;
            store.migrate().await?;
            drop(guard);
        }
        store.ensure_fts_index().await?;
        store.ensure_scalar_indexes().await?;
        Ok(store)
    }

    pub fn info(&self) -> &StoreInfo {
        &self.info
    }

    pub(crate) fn set_schema_version(&mut self, v: u32) {
        self.info.schema_version = v;
    }

    pub(crate) fn commit_files(&self) -> &CommitFiles {
        &self.files
    }

    /// A second handle on one of the store's tables.
    pub(crate) async fn open_table(&self, name: &str) -> Result<Table> {
        self.conn.open_table(name).execute().await.map_err(storage)
    }

    pub(crate) fn note_recovery(&self, r: Recovery) {
        self.recoveries.lock().expect("recoveries").push(r);
    }

    /// What recovery did since the store was opened (at open, or when a writer took the lock).
    pub fn recoveries(&self) -> Vec<Recovery> {
        self.recoveries.lock().expect("recoveries").clone()
    }

    async fn ensure_fts_index(&self) -> Result<()> {
        let indices = self.memories.list_indices().await.map_err(storage)?;
        if indices
            .iter()
            .any(|i| i.columns.iter().any(|c| c == "search_text"))
        {
            return Ok(());
        }
        self.rebuild_fts_index().await
    }

    /// Builds the full-text index anew (over the rows as they are now).
    pub(crate) async fn rebuild_fts_index(&self) -> Result<()> {
        let params = FtsIndexBuilder::default()
            .lower_case(true)
            .stem(true)
            .remove_stop_words(true)
            .ascii_folding(true);
        retry(|| async {
            self.memories
                .create_index(&["search_text"], Index::FTS(params.clone()))
                .replace(true)
                .execute()
                .await
        })
        .await
    }

    /// Compacts small files, removes old versions (if `prune_versions`) and folds new rows into
    /// the indexes.
    /// Builds the approximate vector index once the table is large, and trains it anew (IVF
    /// partitions for the new size) once the table has grown by half since: partitions trained
    /// on a fraction of the rows grow lopsided. While writes go on (no `settle`), an index takes
    /// new rows as a segment of their own, or merged with newer segments no larger than what
    /// they are merged with (see `segments::segments_to_merge`). Settling, once writing pauses,
    /// merges every segment into one.
    pub async fn optimize(&self, settle: bool, prune_versions: bool) -> Result<()> {
        let rows = self.memories.count_rows(None).await.map_err(storage)?;
        let index = self.vector_index().await?;
        if let Some(why) = vector_index_due(rows, index.as_ref()) {
            let started = Instant::now();
            self.build_vector_index(rows).await?;
            tracing::debug!(rows, why, ms = ms(started), "vector index built");
        }
        for (name, table) in self.tables() {
            let steps: &[(&str, fn() -> OptimizeAction)] = if prune_versions {
                &[("compact", compact), ("prune", prune)]
            } else {
                &[("compact", compact)]
            };
            for (step, action) in steps {
                let started = Instant::now();
                retry(|| async { table.optimize(action()).await.map(|_| ()) }).await?;
                tracing::debug!(table = name, step, ms = ms(started), "optimized");
            }
            let started = Instant::now();
            refresh_indexes(table, settle).await?;
            tracing::debug!(table = name, step = "index", ms = ms(started), "optimized");
        }
        Ok(())
    }

    /// Merges the small files that writes leave at the end of one of the [`RECENT_TABLES`]
    /// tables (every commit adds one) into one file. Searches scan every file not yet in an
    /// index on its own, at a fixed cost each: after 40 single adds, a recall on a 300-memory
    /// store took five times as long until the next `optimize`. Leaves large files, deletions
    /// and indexes to `optimize`, and one table at a time, so that a write never waits long
    /// behind it.
    pub async fn compact_recent(&self, which: usize) -> Result<()> {
        let options = || CompactionOptions {
            target_rows_per_fragment: RECENT_FILE_ROWS,
            materialize_deletions: false,
            ..Default::default()
        };
        let tables = [&self.memories, &self.edges, &self.operations, &self.traces];
        let table = tables[which % RECENT_TABLES];
        retry(|| async {
            let action = OptimizeAction::Compact {
                options: options(),
                remap_options: None,
            };
            table.optimize(action).await.map(|_| ())
        })
        .await
    }

    /// How many data files each table has now (what `mnemo doctor` reports, and what
    /// [`Self::compact_recent`] keeps small).
    pub async fn file_counts(&self) -> Result<Vec<(&'static str, usize)>> {
        let mut counts = Vec::new();
        for (name, table) in self.tables() {
            let stats = table.stats().await.map_err(storage)?;
            counts.push((name, stats.fragment_stats.num_fragments));
        }
        Ok(counts)
    }

    pub(crate) fn tables(&self) -> [(&'static str, &Table); 6] {
        [
            ("memories", &self.memories),
            ("edges", &self.edges),
            ("operations", &self.operations),
            ("traces", &self.traces),
            ("spaces", &self.spaces),
            ("access", &self.access),
        ]
    }

    /// Each index of the memories table, by its columns, with its statistics.
    async fn index_stats(&self) -> Result<Vec<(String, Option<IndexStatistics>)>> {
        let mut out = Vec::new();
        for index in self.memories.list_indices().await.map_err(storage)? {
            let stats = (self.memories.index_stats(&index.name).await).map_err(storage)?;
            out.push((index.columns.join(","), stats));
        }
        Ok(out)
    }

    /// Each index of the memories table, by its columns, with the segments it is in.
    pub async fn index_segments(&self) -> Result<Vec<(String, u32)>> {
        let stats = self.index_stats().await?.into_iter();
        Ok(stats
            .map(|(columns, s)| (columns, s.and_then(|s| s.num_indices).unwrap_or(1)))
            .collect())
    }

    /// Rows of the memories table that some index does not cover yet (the most any index
    /// lacks): searches scan those rows file by file.
    pub async fn unindexed_rows(&self) -> Result<usize> {
        let stats = self.index_stats().await?.into_iter();
        Ok(stats
            .map(|(_, s)| s.map_or(0, |s| s.num_unindexed_rows))
            .max()
            .unwrap_or(0))
    }

    /// The vector index's state, if there is one.
    pub async fn vector_index(&self) -> Result<Option<VectorIndexState>> {
        let indices = self.memories.list_indices().await.map_err(storage)?;
        let Some(index) = indices
            .iter()
            .find(|i| i.columns.iter().any(|c| c == "vector"))
        else {
            return Ok(None);
        };
        Ok(self
            .memories
            .index_stats(&index.name)
            .await
            .map_err(storage)?
            .map(|st| VectorIndexState {
                segments: st.num_indices.unwrap_or(1),
                indexed: st.num_indexed_rows,
                unindexed: st.num_unindexed_rows,
            }))
    }

    /// IVF-HNSW with scalar quantisation. Searches refine its candidates with the full vectors
    /// ([`VectorTuning::STANDARD`]), which keeps recall@10 at that of exact search. An HNSW
    /// partition is meant to hold about a million rows (LanceDB's target): with many small
    /// ones a search probes many graphs, and LanceDB's steady-state rebalancing joins them
    /// again at each later optimize, at seconds a time.
    pub async fn build_vector_index(&self, rows: usize) -> Result<()> {
        let partitions = rows.div_ceil(HNSW_PARTITION_ROWS).clamp(1, 512) as u32;
        let builder = lancedb::index::vector::IvfHnswSqIndexBuilder::default()
            .distance_type(DistanceType::Cosine)
            .num_partitions(partitions)
            .ef_construction(HNSW_EF_CONSTRUCTION);
        retry(|| async {
            self.memories
                .create_index(&["vector"], Index::IvfHnswSq(builder.clone()))
                .replace(true)
                .execute()
                .await
        })
        .await
    }

    /// Scalar indexes: bitmaps on the memories' `status` and `space`, so that scoped searches
    /// prefilter from an index instead of scanning the columns; B-trees on the ids of memories
    /// and edges, so that updates (merges on `id`) and lookups by id do not scan the tables.
    pub async fn ensure_scalar_indexes(&self) -> Result<()> {
        let wanted = [
            (&self.memories, "status", Index::Bitmap(Default::default())),
            (&self.memories, "space", Index::Bitmap(Default::default())),
            (&self.memories, "id", Index::BTree(Default::default())),
            (&self.edges, "id", Index::BTree(Default::default())),
            (&self.operations, "seq", Index::BTree(Default::default())),
        ];
        for (table, col, index) in wanted {
            let indices = table.list_indices().await.map_err(storage)?;
            if indices.iter().any(|i| i.columns.iter().any(|c| c == col)) {
                continue;
            }
            retry(|| async {
                table
                    .create_index(&[col], index.clone())
                    .replace(true)
                    .execute()
                    .await
            })
            .await?;
        }
        Ok(())
    }

    pub async fn counts(&self) -> Result<StoreCounts> {
        Ok(StoreCounts {
            memories: self.memories.count_rows(None).await.map_err(storage)?,
            edges: self.edges.count_rows(None).await.map_err(storage)?,
            operations: self.operations.count_rows(None).await.map_err(storage)?,
            traces: self.traces.count_rows(None).await.map_err(storage)?,
            spaces: self.spaces.count_rows(None).await.map_err(storage)?,
        })
    }

    /// Table versions, so a process can tell whether another one wrote.
    pub async fn versions(&self) -> Result<[u64; 2]> {
        Ok([
            self.memories.version().await.map_err(storage)?,
            self.edges.version().await.map_err(storage)?,
        ])
    }

    // ---- writes -------------------------------------------------------------------------

    /// Inserts new memories with their vectors in one commit.
    pub async fn insert_memories(&self, rows: &[MemoryRow<'_>]) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let schema = schema::memories(self.info.dimensions);
        let batch = conv::memories_to_batch(&schema, rows, self.info.dimensions)?;
        retry(|| async { self.memories.add(batch.clone()).execute().await.map(|_| ()) }).await
    }

    /// Replaces memories (matched by id) in one commit.
    pub(crate) async fn update_memories(&self, rows: &[MemoryRow<'_>]) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let schema = schema::memories(self.info.dimensions);
        let batch = conv::memories_to_batch(&schema, rows, self.info.dimensions)?;
        merge_upsert(&self.memories, "id", batch).await
    }

    pub(crate) async fn delete_memories(&self, ids: &[&str]) -> Result<()> {
        delete_ids(&self.memories, "id", ids).await
    }

    pub(crate) async fn upsert_edges(&self, edges: &[Edge]) -> Result<()> {
        if edges.is_empty() {
            return Ok(());
        }
        let batch = conv::edges_to_batch(&schema::edges(), edges)?;
        merge_upsert(&self.edges, "id", batch).await
    }

    /// Appends edges known to be new (cheaper than an upsert).
    pub(crate) async fn insert_edges(&self, edges: &[Edge]) -> Result<()> {
        if edges.is_empty() {
            return Ok(());
        }
        let batch = conv::edges_to_batch(&schema::edges(), edges)?;
        retry(|| async { self.edges.add(batch.clone()).execute().await.map(|_| ()) }).await
    }

    pub(crate) async fn delete_edges(&self, ids: &[&str]) -> Result<()> {
        delete_ids(&self.edges, "id", ids).await
    }

    /// Starts writing change `seq`'s log rows as data files that no reader sees until
    /// [`StagedLog::commit`]: the log's rows are written while the other tables' are, and its
    /// commit, which makes the change count, still comes last.
    pub(crate) async fn stage_operations(&self, ops: &[Operation], seq: u64) -> Result<StagedLog> {
        if ops.is_empty() {
            return Ok(StagedLog { task: None });
        }
        let batch = conv::operations_to_batch(&schema::operations(), ops, seq)?;
        let dataset = (self.operations.dataset())
            .ok_or_else(|| Error::Storage("the log is not a native LanceDB table".into()))?
            .get()
            .await
            .map_err(storage)?;
        // Spawned, so that the log's encoding runs on another core beside the tables' writes.
        let task = tokio::spawn(async move {
            let params = lance::dataset::WriteParams {
                mode: lance::dataset::WriteMode::Append,
                ..Default::default()
            };
            let transaction = lance::dataset::InsertBuilder::new(dataset.clone())
                .with_params(&params)
                .execute_uncommitted(vec![batch])
                .await?;
            Ok((dataset, transaction))
        });
        Ok(StagedLog { task: Some(task) })
    }

    pub(crate) async fn append_operations(&self, ops: &[Operation], seq: u64) -> Result<()> {
        if ops.is_empty() {
            return Ok(());
        }
        let batch = conv::operations_to_batch(&schema::operations(), ops, seq)?;
        retry(|| async {
            self.operations
                .add(batch.clone())
                .execute()
                .await
                .map(|_| ())
        })
        .await
    }

    pub(crate) async fn delete_spaces(&self, names: &[&str]) -> Result<()> {
        delete_ids(&self.spaces, "name", names).await
    }

    pub(crate) async fn upsert_spaces(&self, spaces: &[Space]) -> Result<()> {
        if spaces.is_empty() {
            return Ok(());
        }
        let batch = conv::spaces_to_batch(&schema::spaces(), spaces)?;
        merge_upsert(&self.spaces, "name", batch).await
    }

    /// Records memories' access counts: (id, total count, last access).
    pub async fn append_access(&self, rows: &[(&str, u32, Timestamp)]) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let batch = conv::access_to_batch(&schema::access(), rows)?;
        retry(|| async { self.access.add(batch.clone()).execute().await.map(|_| ()) }).await
    }

    /// Brings memories' access counts up to date with the access log.
    async fn with_access(&self, mut memories: Vec<Memory>) -> Result<Vec<Memory>> {
        let mut sums = std::collections::HashMap::new();
        for b in scan(&self.access, None, None).await? {
            conv::access_from_batch(&b, &mut sums)?;
        }
        if sums.is_empty() {
            return Ok(memories);
        }
        for m in &mut memories {
            if let Some((n, at)) = sums.get(&m.id) {
                m.access_count = m.access_count.max(*n);
                m.last_accessed_at = Some(m.last_accessed_at.map_or(*at, |x| x.max(*at)));
            }
        }
        Ok(memories)
    }

    /// Saves traces in one commit (a recall-heavy workload would otherwise make a table version
    /// per query).
    pub async fn save_traces(&self, traces: &[RetrievalTrace]) -> Result<()> {
        if traces.is_empty() {
            return Ok(());
        }
        let json = (traces.iter().map(serde_json::to_string))
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(storage)?;
        let micros = traces.iter().map(|t| t.at.timestamp_micros());
        let strings = |f: fn(&RetrievalTrace) -> &str| {
            std::sync::Arc::new(arrow_array::StringArray::from_iter_values(
                traces.iter().map(f),
            ))
        };
        let batch = RecordBatch::try_new(
            schema::traces(),
            vec![
                strings(|t| t.id.as_str()),
                std::sync::Arc::new(
                    arrow_array::TimestampMicrosecondArray::from_iter_values(micros)
                        .with_timezone("UTC"),
                ),
                strings(|t| t.actor.as_str()),
                strings(|t| t.query.text.as_str()),
                std::sync::Arc::new(arrow_array::UInt32Array::from_iter_values(
                    traces.iter().map(|t| t.results.len() as u32),
                )),
                std::sync::Arc::new(arrow_array::Float64Array::from_iter_values(
                    traces.iter().map(|t| t.total_ms),
                )),
                std::sync::Arc::new(arrow_array::StringArray::from_iter_values(&json)),
                strings(|t| t.config_name.as_str()),
            ],
        )
        .map_err(storage)?;
        retry(|| async { self.traces.add(batch.clone()).execute().await.map(|_| ()) }).await
    }

    /// Deletes the traces beyond the newest `keep`, and those recorded before `cutoff`.
    /// Returns how many went.
    pub async fn prune_traces(&self, keep: usize, cutoff: Timestamp) -> Result<usize> {
        let all = self.trace_summaries(None).await?; // newest first
        let doomed: Vec<&str> = (all.iter().enumerate())
            .filter(|(i, t)| *i >= keep || t.at < cutoff)
            .map(|(_, t)| t.id.as_str())
            .collect();
        for chunk in doomed.chunks(1000) {
            delete_ids(&self.traces, "id", chunk).await?;
        }
        Ok(doomed.len())
    }

    /// Drops access records superseded by a later one of the same memory (each holds the
    /// memory's total count, so only the latest matters). Returns how many went.
    pub async fn compact_access(&self) -> Result<usize> {
        let batches = scan(&self.access, None, Some(vec!["id".into(), "count".into()])).await?;
        let mut rows = 0;
        let mut latest: std::collections::HashMap<String, u32> = Default::default();
        for b in &batches {
            let c = Cols(b);
            let (id, count) = (c.str("id")?, c.u32("count")?);
            for i in 0..b.num_rows() {
                rows += 1;
                let n = latest.entry(id.value(i).to_string()).or_default();
                *n = (*n).max(count.value(i));
            }
        }
        if rows == latest.len() {
            return Ok(0);
        }
        let superseded: Vec<String> = (latest.iter())
            .map(|(id, n)| format!("(id = {} AND count < {n})", sql_str(id)))
            .collect();
        for chunk in superseded.chunks(500) {
            delete_where(&self.access, &chunk.join(" OR ")).await?;
        }
        let left = self.access.count_rows(None).await.map_err(storage)?;
        Ok(rows - left)
    }

    // ---- reads --------------------------------------------------------------------------

    /// Every memory (without vectors), in id order.
    pub async fn load_memories(&self) -> Result<Vec<Memory>> {
        let batches = scan(&self.memories, None, Some(memory_columns())).await?;
        let mut out = Vec::new();
        for b in &batches {
            conv::memories_from_batch(b, &mut out)?;
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        self.with_access(out).await
    }

    /// Memories by id (without vectors), in the order asked; missing ids are skipped.
    pub async fn get_memories(&self, ids: &[&str]) -> Result<Vec<Memory>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let filter = format!("id IN ({})", sql_list(ids.iter().copied()));
        let batches = scan(&self.memories, Some(filter), Some(memory_columns())).await?;
        let mut found = Vec::new();
        for b in &batches {
            conv::memories_from_batch(b, &mut found)?;
        }
        let found = self.with_access(found).await?;
        Ok(ids
            .iter()
            .filter_map(|id| found.iter().find(|m| m.id == *id).cloned())
            .collect())
    }

    /// Vectors of the given memories (all if `ids` is None).
    pub async fn load_vectors(&self, ids: Option<&[&str]>) -> Result<Vec<(String, Vec<f32>)>> {
        let mut out = Vec::new();
        let Some(ids) = ids else {
            self.scan_vectors(None, &mut out).await?;
            return Ok(out);
        };
        // A thousand ids per query keep each filter's IN list small.
        for chunk in ids.chunks(1_000) {
            let filter = format!("id IN ({})", sql_list(chunk.iter().copied()));
            self.scan_vectors(Some(filter), &mut out).await?;
        }
        Ok(out)
    }

    async fn scan_vectors(
        &self,
        filter: Option<String>,
        out: &mut Vec<(String, Vec<f32>)>,
    ) -> Result<()> {
        let columns = Some(vec!["id".into(), "vector".into()]);
        for b in &scan(&self.memories, filter, columns).await? {
            conv::vectors_from_batch(b, out)?;
        }
        Ok(())
    }

    pub async fn load_edges(&self) -> Result<Vec<Edge>> {
        let batches = scan(&self.edges, None, None).await?;
        let mut out = Vec::new();
        for b in &batches {
            conv::edges_from_batch(b, &mut out)?;
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(out)
    }

    pub async fn load_spaces(&self) -> Result<Vec<Space>> {
        let batches = scan(&self.spaces, None, None).await?;
        let mut out = Vec::new();
        for b in &batches {
            conv::spaces_from_batch(b, &mut out)?;
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// Operations, newest first; optionally only those about one target.
    pub async fn list_operations(
        &self,
        target: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Operation>> {
        let filter = target.map(|t| format!("target = {}", sql_str(t)));
        let batches = scan(&self.operations, filter, None).await?;
        let mut out = Vec::new();
        for b in &batches {
            conv::operations_from_batch(b, &mut out)?;
        }
        out.sort_by(|a, b| b.id.cmp(&a.id));
        out.truncate(limit);
        Ok(out)
    }

    /// Every operation of one action (see [`Operation::action`]), in the order they were made.
    pub async fn action_operations(&self, action: &str) -> Result<Vec<Operation>> {
        let a = sql_str(action);
        let filter = format!("action = {a} OR (action IS NULL AND id = {a})");
        let batches = scan(&self.operations, Some(filter), None).await?;
        let mut out = Vec::new();
        for b in &batches {
            conv::operations_from_batch(b, &mut out)?;
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(out)
    }

    /// The newest operations without their documents (`before`/`after` empty), newest first:
    /// enough to tell actions apart and which undo what, without reading every memory's JSON.
    pub async fn operation_headers(&self, limit: usize) -> Result<Vec<Operation>> {
        let columns = [
            "id", "kind", "actor", "at", "target", "space", "action", "undoes", "via",
        ];
        let columns = columns.iter().map(|c| c.to_string()).collect();
        let batches = scan(&self.operations, None, Some(columns)).await?;
        let mut out = Vec::new();
        for b in &batches {
            conv::operation_headers_from_batch(b, &mut out)?;
        }
        out.sort_by(|a, b| b.id.cmp(&a.id));
        out.truncate(limit);
        Ok(out)
    }

    /// The operations of changes committed after change `seq`, in commit order, each with its
    /// change's position: how a process learns what another process wrote.
    pub async fn operations_after(&self, seq: u64) -> Result<Vec<(u64, Operation)>> {
        self.operations_where(format!("seq > {seq}")).await
    }

    /// The operations planned after `t`, in commit order.
    pub async fn operations_since(&self, t: mnemo_core::Timestamp) -> Result<Vec<Operation>> {
        let at = t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        let filter = format!(
            "at > arrow_cast({}, 'Timestamp(Microsecond, Some(\"UTC\"))')",
            sql_str(&at)
        );
        let ops = self.operations_where(filter).await?;
        Ok(ops.into_iter().map(|(_, o)| o).collect())
    }

    /// The operations `filter` selects, in commit order, each with its change's position.
    async fn operations_where(&self, filter: String) -> Result<Vec<(u64, Operation)>> {
        let batches = scan(&self.operations, Some(filter), None).await?;
        let mut out = Vec::new();
        for b in &batches {
            let seqs = Cols(b).u64("seq")?;
            let mut ops = Vec::new();
            conv::operations_from_batch(b, &mut ops)?;
            out.extend((0..b.num_rows()).map(|i| seqs.value(i)).zip(ops));
        }
        out.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.id.cmp(&b.1.id)));
        Ok(out)
    }

    /// Every memory or edge id some operation in the log is about.
    pub async fn operation_targets(&self) -> Result<std::collections::HashSet<String>> {
        let batches = scan(&self.operations, None, Some(vec!["target".into()])).await?;
        let mut out = std::collections::HashSet::new();
        for b in &batches {
            let t = Cols(b).str("target")?;
            out.extend((0..b.num_rows()).map(|i| t.value(i).to_string()));
        }
        Ok(out)
    }

    /// The position of the last committed change (0 for none).
    pub async fn last_seq(&self) -> Result<u64> {
        let batches = scan(
            &self.operations,
            Some("seq IS NOT NULL".into()),
            Some(vec!["seq".into()]),
        )
        .await?;
        let mut last = 0;
        for b in &batches {
            let seqs = Cols(b).u64("seq")?;
            last = (0..b.num_rows())
                .map(|i| seqs.value(i))
                .fold(last, u64::max);
        }
        Ok(last)
    }

    /// Re-reads the operation log's latest version now, rather than within the consistency
    /// interval: a write must build on everything other processes committed before it.
    pub async fn refresh_log(&self) -> Result<()> {
        self.operations.checkout_latest().await.map_err(storage)
    }

    /// Reads the memories table's latest version now (the rows of every change in the log are
    /// there), whatever the read consistency interval.
    pub async fn refresh_memories(&self) -> Result<()> {
        self.memories.checkout_latest().await.map_err(storage)
    }

    /// Versions of the operation log and the trace table: unchanged means nobody wrote.
    pub async fn log_versions(&self) -> Result<[u64; 2]> {
        Ok([
            self.operations.version().await.map_err(storage)?,
            self.traces.version().await.map_err(storage)?,
        ])
    }

    /// Trace headlines whose id sorts at or after `floor`, oldest first.
    pub async fn traces_since(&self, floor: &str) -> Result<Vec<TraceSummary>> {
        let mut out = self
            .trace_summaries(Some(format!("id >= {}", sql_str(floor))))
            .await?;
        out.reverse();
        Ok(out)
    }

    /// Stored traces, newest first.
    pub async fn list_traces(&self, limit: usize) -> Result<Vec<TraceSummary>> {
        let mut out = self.trace_summaries(None).await?;
        out.truncate(limit);
        Ok(out)
    }

    async fn trace_summaries(&self, filter: Option<String>) -> Result<Vec<TraceSummary>> {
        let cols = [
            "id", "at", "actor", "query", "results", "total_ms", "config",
        ]
        .map(String::from)
        .to_vec();
        let batches = scan(&self.traces, filter, Some(cols)).await?;
        let mut out = Vec::new();
        for b in &batches {
            let c = Cols(b);
            let (id, at, actor, query, results, ms) = (
                c.str("id")?,
                c.ts("at")?,
                c.str("actor")?,
                c.str("query")?,
                c.u32("results")?,
                c.f64("total_ms")?,
            );
            let config = c.str("config")?;
            for i in 0..b.num_rows() {
                out.push(TraceSummary {
                    id: id.value(i).to_string(),
                    at: conv::req_ts(at, i)?,
                    actor: actor.value(i).to_string(),
                    query: query.value(i).to_string(),
                    results: results.value(i),
                    total_ms: ms.value(i),
                    config_name: conv::opt_str(config, i).unwrap_or_default(),
                });
            }
        }
        out.sort_by(|a, b| b.id.cmp(&a.id));
        Ok(out)
    }

    pub async fn get_trace(&self, id: &str) -> Result<RetrievalTrace> {
        let filter = format!("id = {}", sql_str(id));
        let batches = scan(&self.traces, Some(filter), Some(vec!["trace".into()])).await?;
        for b in &batches {
            let col = Cols(b).str("trace")?;
            if b.num_rows() > 0 {
                return serde_json::from_str(col.value(0)).map_err(storage);
            }
        }
        Err(Error::not_found("trace", id))
    }

    // ---- search -------------------------------------------------------------------------

    /// Nearest memories by cosine similarity, restricted to spaces and statuses.
    pub async fn vector_search(
        &self,
        vector: &[f32],
        k: usize,
        spaces: &[String],
        statuses: &[MemoryStatus],
    ) -> Result<Vec<SearchHit>> {
        self.vector_search_tuned(vector, k, spaces, statuses, &VectorTuning::STANDARD)
            .await
    }

    /// [`Self::vector_search`] with explicit index parameters (for benchmarks and tuning).
    pub async fn vector_search_tuned(
        &self,
        vector: &[f32],
        k: usize,
        spaces: &[String],
        statuses: &[MemoryStatus],
        tuning: &VectorTuning,
    ) -> Result<Vec<SearchHit>> {
        if k == 0 {
            return Ok(Vec::new());
        }
        if vector.len() != self.info.dimensions {
            return Err(Error::invalid(
                "vector",
                format!(
                    "has {} dimensions; the store holds {}",
                    vector.len(),
                    self.info.dimensions
                ),
            ));
        }
        let mut q = self
            .memories
            .query()
            .nearest_to(vector)
            .map_err(storage)?
            .distance_type(DistanceType::Cosine)
            .limit(k)
            .select(Select::columns(&["id"]));
        if let Some(n) = tuning.nprobes {
            q = q.nprobes(n).map_err(storage)?;
        }
        if let Some(ef) = tuning.ef {
            q = q.ef(ef.max(k));
        }
        if let Some(r) = tuning.refine_factor {
            q = q.refine_factor(r);
        }
        if tuning.exact {
            q = q.bypass_vector_index();
        }
        if let Some(filter) = scope_filter(spaces, statuses) {
            q = q.only_if(filter);
        }
        let batches: Vec<RecordBatch> = q
            .execute()
            .await
            .map_err(storage)?
            .try_collect()
            .await
            .map_err(storage)?;
        hits(&batches, "_distance", |d| 1.0 - d)
    }

    /// BM25 full-text matches over title, text and tags, restricted to spaces and statuses.
    pub async fn keyword_search(
        &self,
        text: &str,
        k: usize,
        spaces: &[String],
        statuses: &[MemoryStatus],
    ) -> Result<Vec<SearchHit>> {
        let terms = fts_terms(text);
        if terms.is_empty() || k == 0 {
            return Ok(Vec::new());
        }
        let fts = FullTextSearchQuery::new(terms)
            .with_column("search_text".into())
            .map_err(storage)?;
        let mut q = self
            .memories
            .query()
            .full_text_search(fts)
            .limit(k)
            .select(Select::columns(&["id"]));
        if let Some(filter) = scope_filter(spaces, statuses) {
            q = q.only_if(filter);
        }
        let batches: Vec<RecordBatch> = q
            .execute()
            .await
            .map_err(storage)?
            .try_collect()
            .await
            .map_err(storage)?;
        hits(&batches, "_score", |s| s)
    }
}

/// The query as plain words: LanceDB's query parser would read quotes, colons and operators.
fn fts_terms(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(|w| w.trim_matches('\''))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn scope_filter(spaces: &[String], statuses: &[MemoryStatus]) -> Option<String> {
    let mut parts = Vec::new();
    if !spaces.is_empty() {
        parts.push(format!(
            "space IN ({})",
            sql_list(spaces.iter().map(String::as_str))
        ));
    }
    if !statuses.is_empty() {
        parts.push(format!(
            "status IN ({})",
            sql_list(statuses.iter().map(|s| s.as_str()))
        ));
    }
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

fn hits(
    batches: &[RecordBatch],
    score_col: &str,
    f: impl Fn(f32) -> f32,
) -> Result<Vec<SearchHit>> {
    let mut out = Vec::new();
    for b in batches {
        let c = Cols(b);
        let ids = c.str("id")?;
        let scores = c.f32(score_col)?;
        for i in 0..b.num_rows() {
            out.push(SearchHit {
                id: ids.value(i).to_string(),
                score: f(scores.value(i)),
            });
        }
    }
    Ok(out)
}

fn memory_columns() -> Vec<String> {
    schema::memories(1)
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .filter(|n| n != "vector" && n != "search_text")
        .collect()
}

pub(crate) async fn scan(
    table: &Table,
    filter: Option<String>,
    columns: Option<Vec<String>>,
) -> Result<Vec<RecordBatch>> {
    let mut q = table.query();
    if let Some(f) = filter {
        q = q.only_if(f);
    }
    if let Some(cols) = columns {
        q = q.select(Select::columns(&cols));
    }
    q.execute()
        .await
        .map_err(storage)?
        .try_collect()
        .await
        .map_err(storage)
}

async fn open_or_create(
    conn: &Connection,
    names: &[String],
    name: &str,
    schema: arrow_schema::SchemaRef,
) -> Result<Table> {
    if names.iter().any(|n| n == name) {
        return conn.open_table(name).execute().await.map_err(storage);
    }
    match conn.create_empty_table(name, schema).execute().await {
        Ok(t) => Ok(t),
        // Another process created it between our listing and now.
        Err(lancedb::Error::TableAlreadyExists { .. }) => {
            conn.open_table(name).execute().await.map_err(storage)
        }
        Err(e) => Err(storage(e)),
    }
}

async fn read_or_init_meta(
    meta: &Table,
    uri: &str,
    embedder: &str,
    dimensions: usize,
) -> Result<StoreInfo> {
    let batches = scan(meta, None, None).await?;
    let mut kv = std::collections::HashMap::new();
    for b in &batches {
        let c = Cols(b);
        let (k, v) = (c.str("key")?, c.str("value")?);
        for i in 0..b.num_rows() {
            kv.insert(k.value(i).to_string(), v.value(i).to_string());
        }
    }
    if kv.is_empty() {
        let version = SCHEMA_VERSION.to_string();
        let search = schema::SEARCH_INDEX_VERSION.to_string();
        let dims = dimensions.to_string();
        let batch = conv::strings_batch(
            &schema::meta(),
            vec![
                vec!["schema_version", "search_index", "embedder", "dimensions"],
                vec![&version, &search, embedder, &dims],
            ],
        )?;
        meta.add(batch).execute().await.map_err(storage)?;
        return Ok(StoreInfo {
            uri: uri.into(),
            schema_version: SCHEMA_VERSION,
            search_index: schema::SEARCH_INDEX_VERSION,
            embedder: embedder.into(),
            dimensions,
        });
    }
    let get = |k: &str| {
        kv.get(k)
            .ok_or_else(|| Error::Storage(format!("store meta lacks {k}")))
    };
    let schema_version: u32 = get("schema_version")?.parse().map_err(storage)?;
    if schema_version > SCHEMA_VERSION {
        return Err(Error::SchemaTooNew {
            found: schema_version,
            supported: SCHEMA_VERSION,
        });
    }
    let search_index = match kv.get("search_index") {
        Some(v) => v.parse().map_err(storage)?,
        None => 1,
    };
    Ok(StoreInfo {
        uri: uri.into(),
        schema_version,
        search_index,
        embedder: get("embedder")?.clone(),
        dimensions: get("dimensions")?.parse().map_err(storage)?,
    })
}

pub(crate) async fn meta_value(meta: &Table, key: &str) -> Result<Option<String>> {
    let batches = scan(meta, Some(format!("key = {}", sql_str(key))), None).await?;
    for b in &batches {
        if b.num_rows() > 0 {
            return Ok(Some(Cols(b).str("value")?.value(0).to_string()));
        }
    }
    Ok(None)
}

pub(crate) async fn merge_upsert(table: &Table, key: &str, batch: RecordBatch) -> Result<()> {
    retry(|| async {
        let mut m = table.merge_insert(&[key]);
        m.when_matched_update_all(None)
            .when_not_matched_insert_all();
        let reader = arrow_array::RecordBatchIterator::new(vec![Ok(batch.clone())], batch.schema());
        m.execute(Box::new(reader)).await.map(|_| ())
    })
    .await
}

async fn delete_ids(table: &Table, key: &str, ids: &[&str]) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    delete_where(
        table,
        &format!("{key} IN ({})", sql_list(ids.iter().copied())),
    )
    .await
}

pub(crate) async fn delete_where(table: &Table, predicate: &str) -> Result<()> {
    retry(|| async { table.delete(predicate).await.map(|_| ()) }).await
}

type Staging = tokio::task::JoinHandle<
    lance::Result<(
        Arc<lance::Dataset>,
        lance::dataset::transaction::Transaction,
    )>,
>;

/// Log rows being written as uncommitted data files (none for a change without operations).
/// Dropped uncommitted, the writing stops; files it left are never referenced, and go when old
/// versions are cleaned.
pub(crate) struct StagedLog {
    task: Option<Staging>,
}

impl StagedLog {
    /// Waits for the data files, then commits them as the log's next version.
    pub(crate) async fn commit(mut self, log: &Table) -> Result<()> {
        let Some(task) = self.task.take() else {
            return Ok(());
        };
        let (dataset, transaction) = task.await.map_err(storage)?.map_err(storage)?;
        let committed = lance::dataset::CommitBuilder::new(dataset)
            .execute(transaction)
            .await
            .map_err(storage)?;
        if let Some(d) = log.dataset() {
            d.update(committed);
        }
        Ok(())
    }
}

impl Drop for StagedLog {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1e3
}

/// Retries a LanceDB write that lost a commit race to another writer (another process).
pub(crate) async fn retry<F, Fut>(mut f: F) -> Result<()>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = lancedb::Result<()>>,
{
    let mut delay = Duration::from_millis(20);
    for attempt in 0.. {
        match f().await {
            Ok(()) => return Ok(()),
            Err(e) if attempt < 8 && is_conflict(&e) => {
                tracing::debug!(attempt, error = %e, "commit conflict; retrying");
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(1));
            }
            Err(e) => return Err(storage(e)),
        }
    }
    unreachable!()
}

fn is_conflict(e: &lancedb::Error) -> bool {
    let s = e.to_string().to_ascii_lowercase();
    s.contains("conflict") || s.contains("retryable") || s.contains("concurrent")
}

#[cfg(test)]
mod tests {
    use super::*;

    use mnemo_core::{OperationKind, to_json};

    fn op(n: usize) -> Operation {
        // Long enough documents that LanceDB would compress them (FSST, unless told otherwise).
        let doc =
            serde_json::json!({ "memory": { "text": format!("memory {n} ").repeat(40), "n": n } });
        Operation {
            id: mnemo_core::new_id(),
            kind: OperationKind::Add,
            actor: "test".into(),
            at: mnemo_core::now(),
            target: format!("m{n}"),
            space: "default".into(),
            before: None,
            after: to_json(&doc),
            action: String::new(),
            undoes: None,
            via: "mcp-http 3f2a".into(),
        }
    }

    fn without_metadata(schema: arrow_schema::SchemaRef) -> arrow_schema::SchemaRef {
        let fields: Vec<arrow_schema::Field> = schema
            .fields()
            .iter()
            .map(|f| f.as_ref().clone().with_metadata(Default::default()))
            .collect();
        std::sync::Arc::new(arrow_schema::Schema::new(fields))
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn staged_log_rows_count_only_once_committed() {
        let dir = tempfile::tempdir().unwrap();
        let uri = dir.path().to_string_lossy().to_string();
        let store = MemoryStore::open(&uri, "test", 4).await.unwrap();
        let staged = store.stage_operations(&[op(1), op(2)], 1).await.unwrap();
        assert_eq!(store.operations.count_rows(None).await.unwrap(), 0);
        staged.commit(&store.operations).await.unwrap();
        assert_eq!(store.operations.count_rows(None).await.unwrap(), 2);
        assert_eq!(store.last_seq().await.unwrap(), 1);

        // Dropped before its commit (a write of the change's tables failed): the log is as it was,
        // here and for a process that opens the store afresh.
        let dropped = store.stage_operations(&[op(3)], 2).await.unwrap();
        tokio::time::sleep(Duration::from_millis(200)).await;
        drop(dropped);
        let reopened = MemoryStore::open(&uri, "test", 4).await.unwrap();
        for s in [&store, &reopened] {
            assert_eq!(s.operations.count_rows(None).await.unwrap(), 2);
            assert_eq!(s.last_seq().await.unwrap(), 1);
        }
        // The next change commits after it as usual.
        let next = reopened.stage_operations(&[op(4)], 2).await.unwrap();
        next.commit(&reopened.operations).await.unwrap();
        assert_eq!(reopened.last_seq().await.unwrap(), 2);
        assert_eq!(reopened.operations.count_rows(None).await.unwrap(), 3);
    }

    #[tokio::test]
    async fn the_log_is_lz4_and_stores_made_before_that_still_take_appends() {
        let new = tempfile::tempdir().unwrap();
        let store = MemoryStore::open(&new.path().to_string_lossy(), "test", 4)
            .await
            .unwrap();
        let field = store
            .operations
            .schema()
            .await
            .unwrap()
            .field_with_name("after")
            .unwrap()
            .clone();
        assert_eq!(
            field
                .metadata()
                .get("lance-encoding:compression")
                .map(String::as_str),
            Some("lz4")
        );

        // A store whose log was created before the compression choice: plain utf8 columns.
        let old = tempfile::tempdir().unwrap();
        let conn = lancedb::connect(&old.path().to_string_lossy())
            .execute()
            .await
            .unwrap();
        conn.create_empty_table(schema::OPERATIONS, without_metadata(schema::operations()))
            .execute()
            .await
            .unwrap();
        conn.create_empty_table(schema::TRACES, without_metadata(schema::traces()))
            .execute()
            .await
            .unwrap();
        let field = conn
            .open_table(schema::OPERATIONS)
            .execute()
            .await
            .unwrap()
            .schema()
            .await
            .unwrap();
        assert!(
            field
                .field_with_name("after")
                .unwrap()
                .metadata()
                .is_empty()
        );

        for store in [
            store,
            MemoryStore::open(&old.path().to_string_lossy(), "test", 4)
                .await
                .unwrap(),
        ] {
            let ops: Vec<Operation> = (0..300).map(op).collect();
            store.append_operations(&ops, 1).await.unwrap();
            store
                .append_operations(
                    &ops[..1]
                        .iter()
                        .map(|o| Operation {
                            id: mnemo_core::new_id(),
                            ..o.clone()
                        })
                        .collect::<Vec<_>>(),
                    2,
                )
                .await
                .unwrap();
            let back = store.list_operations(None, 1_000).await.unwrap();
            assert_eq!(back.len(), 301);
            let first = back.iter().find(|o| o.id == ops[0].id).expect("read back");
            assert_eq!(first, &ops[0], "documents read back byte for byte");
        }
    }

    #[tokio::test]
    async fn superseded_access_records_are_dropped_and_totals_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = MemoryStore::open(&dir.path().to_string_lossy(), "test", 4)
            .await
            .unwrap();
        let t = mnemo_core::now();
        for rows in [vec![("a", 1), ("b", 2)], vec![("a", 3)], vec![("a", 2)]] {
            let rows: Vec<(&str, u32, Timestamp)> =
                rows.into_iter().map(|(i, n)| (i, n, t)).collect();
            store.append_access(&rows).await.unwrap();
        }
        assert_eq!(store.compact_access().await.unwrap(), 2);
        assert_eq!(
            store.compact_access().await.unwrap(),
            0,
            "nothing left to drop"
        );
        let mut sums = std::collections::HashMap::new();
        for b in scan(&store.access, None, None).await.unwrap() {
            conv::access_from_batch(&b, &mut sums).unwrap();
        }
        let counts: std::collections::BTreeMap<_, _> =
            sums.iter().map(|(k, v)| (k.as_str(), v.0)).collect();
        assert_eq!(counts, [("a", 3), ("b", 2)].into());
    }
}
