//! The tokio runtime every front-end (the app, `mnemo serve`, `mnemo mcp`, the CLI) runs on.

/// A multi-threaded runtime whose pool for blocking work (LanceDB's file reads and writes go
/// there) is small: tokio's default of 512 threads let a busy server grow to about 50 of them,
/// each keeping freed memory of its own. `bench writes` (20 clients, 12,000 adds) ended at
/// 923–934 MiB resident with the default and 579 MiB with 4 threads, at the same adds/s.
/// `MNEMO_BLOCKING_THREADS` overrides it.
pub fn build() -> std::io::Result<tokio::runtime::Runtime> {
    size_lance_cpu_pool();
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
