//! The tokio runtime every front-end (the app, `mnemo serve`, `mnemo mcp`, the CLI) runs on,
//! and the thread pools LanceDB does its CPU work on.

/// A multi-threaded runtime whose pool for blocking work (LanceDB's file reads and writes go
/// there) is small: tokio's default of 512 threads let a busy server grow to about 50 of them,
/// each keeping freed memory of its own. `bench writes` (20 clients, 12,000 adds) ended at
/// 923–934 MiB resident with the default and 579 MiB with 4 threads, at the same adds/s.
/// `MNEMO_BLOCKING_THREADS` overrides it.
pub fn build() -> std::io::Result<tokio::runtime::Runtime> {
    size_lance_cpu_pool();
    start_index_pool();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(blocking_threads())
        .build()
}

/// Twice the cores, at least 4, unless `MNEMO_BLOCKING_THREADS` says otherwise.
fn blocking_threads() -> usize {
    (std::env::var("MNEMO_BLOCKING_THREADS").ok())
        .and_then(|v| v.parse().ok())
        .filter(|n: &usize| *n > 0)
        .unwrap_or((2 * cores()).max(4))
}

/// The cores this process may use, 2 when the OS does not say.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// LanceDB runs its CPU work (encoding a commit's pages, a full-text search, building or merging
/// an index) on a pool of its own, sized to the cores less two kept for I/O: on 2 or 3 cores, a
/// single thread, so a commit's or a search's few milliseconds wait behind a whole index build.
/// Under `bench writes` (20 clients, 40,000 adds, 2 cores) commits of 15 ms took 0.6–7.1 s
/// while an index segment was built beside them (272 adds/s); with 2 threads none took over
/// 500 ms (304 adds/s, p95 140 ms), with 4 about the same (283–294 adds/s), but with p95 over
/// 110 ms against 79 ms in the 12,000-add run, where index upkeep then took more of the cores.
/// At least 2 threads, then; `LANCE_CPU_THREADS` still overrides it.
fn size_lance_cpu_pool() {
    const LANCE_CPU_THREADS: &str = "LANCE_CPU_THREADS";
    if std::env::var_os(LANCE_CPU_THREADS).is_some() {
        return;
    }
    let threads = cores().saturating_sub(2).max(2);
    // SAFETY: `build` runs first thing in `main`, before the runtime or anything else has
    // started a thread that could read the environment at the same time.
    unsafe { std::env::set_var(LANCE_CPU_THREADS, threads.to_string()) };
}

/// How much lower than the rest of the process index builds run: at nice 5 an index build gets
/// about a quarter of a core that normal work wants too, and all of it otherwise. Lower still
/// (10) gave writes a little more but left index merges running twice as long in a burst, and
/// the rows written meanwhile unindexed: recalls right after 40,000 adds took 88-117 ms in two
/// of four runs, against 20-31 ms. `MNEMO_INDEX_NICE` (0 to 19) sets another.
const INDEX_BUILD_NICE: i32 = 5;

fn index_build_nice() -> i32 {
    (std::env::var("MNEMO_INDEX_NICE").ok())
        .and_then(|v| v.parse().ok())
        .filter(|n| (0..=19).contains(n))
        .unwrap_or(INDEX_BUILD_NICE)
}

/// LanceDB builds and merges its vector indexes (HNSW graphs, k-means) on rayon's global pool,
/// and nothing else of ours runs there. Its threads get a lower CPU priority, as databases give
/// compaction (RocksDB's `LowerThreadPoolCPUPriority`): index upkeep runs beside the writes
/// (see the engine's writer), and at equal priority, while an index segment was built, a
/// 20-text embedding pass took a median 68-80 ms against 28 and a group commit 29-37 ms against
/// 13 (`bench writes`, 40,000 adds, 2 cores); at nice 5, 56 and 24 ms. The pool is sized by
/// rayon as before (`RAYON_NUM_THREADS`, else a thread per core).
fn start_index_pool() {
    let built = (rayon::ThreadPoolBuilder::new())
        .thread_name(|i| format!("mnemo-index-{i}"))
        .start_handler(|_| lower_thread_priority(index_build_nice()))
        .build_global();
    if let Err(e) = built {
        // Only when something set it up first (a test harness): it works, at normal priority.
        tracing::debug!(error = %e, "rayon's global pool was already running");
    }
}

/// Lowers the calling thread's CPU priority by `nice`.
#[cfg(target_os = "linux")]
fn lower_thread_priority(nice: i32) {
    // On Linux a nice value belongs to a thread, and `who = 0` names the calling one.
    // Raising one's own nice value needs no privilege; a failure leaves it at normal priority.
    unsafe {
        let current = libc::getpriority(libc::PRIO_PROCESS, 0);
        libc::setpriority(libc::PRIO_PROCESS, 0, current + nice);
    }
}

/// Elsewhere `setpriority` would lower the whole process, so index builds keep normal priority.
#[cfg(not(target_os = "linux"))]
fn lower_thread_priority(_nice: i32) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_builds_run_on_named_threads_of_lower_priority() {
        start_index_pool();
        let ours = unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) };
        let pool = rayon::broadcast(|_| {
            let name = std::thread::current().name().map(str::to_owned);
            (name, unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) })
        });
        assert_eq!(pool.len(), rayon::current_num_threads());
        for (name, nice) in pool {
            assert!(name.is_some_and(|n| n.starts_with("mnemo-index-")));
            if cfg!(target_os = "linux") {
                assert_eq!(nice, (ours + index_build_nice()).min(19));
            }
        }
    }
}
