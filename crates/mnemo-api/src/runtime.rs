//! The tokio runtime every front-end (the app, `mnemo serve`, `mnemo mcp`, the CLI) runs on.

/// A multi-threaded runtime whose pool for blocking work (LanceDB's file reads and writes go
/// there) is small: tokio's default of 512 threads let a busy server grow to about 50 of them,
/// each keeping freed memory of its own. `bench writes` (20 clients, 12,000 adds) ended at
/// 923–934 MiB resident with the default and 579 MiB with 4 threads, at the same adds/s.
/// `MNEMO_BLOCKING_THREADS` overrides it.
pub fn build() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(blocking_threads())
        .build()
}

/// Twice the cores, at least 4, unless `MNEMO_BLOCKING_THREADS` says otherwise.
fn blocking_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    (std::env::var("MNEMO_BLOCKING_THREADS").ok())
        .and_then(|v| v.parse().ok())
        .filter(|n: &usize| *n > 0)
        .unwrap_or((2 * cores).max(4))
}
