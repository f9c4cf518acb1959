//! `mnemo bench writes`: many agents adding one memory at a time over HTTP to `mnemo serve`
//! (with the embedder), with `mnemo add` runs from other processes beside them. Prints adds per
//! second and write latency against one client alone in the same run, the server's memory, and
//! checks that every write is there exactly once.

use anyhow::{Context, Result, ensure};
use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::http::Client;

pub async fn run(clients: usize, adds: usize, cli_adds: usize) -> Result<()> {
    let exe = std::env::current_exe()?;
    let dir = tempfile::tempdir()?;
    let store = dir.path().join("store");
    let (mut server, client) = start(&exe, &store, &dir.path().join("token"))?;
    let rss_start = rss_kib(server.id());
    println!("writes over HTTP to mnemo serve (embedding each text), {adds} adds per client");

    let cli = |n| CliAdds {
        exe: &exe,
        store: &store,
        n,
    };
    let alone = round(&client, 1, adds, "alone", cli(0), &Arc::default()).await?;
    let counter = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let sampler = tokio::spawn(sample_rss(server.id(), counter.clone(), done.clone()));
    let many = round(&client, clients, adds, "many", cli(cli_adds), &counter).await;
    done.store(true, Ordering::Relaxed);
    let (many, samples) = (many?, sampler.await?);
    let rss_end = rss_kib(server.id());
    let burst = recall_latency(&client).await?;
    report(&alone, 1);
    report(&many, clients);
    report_recalls(&client, burst, many.acked.len()).await?;
    report_rss(&samples);
    println!(
        "  ratio: {:.1}x the adds/s of one client alone",
        many.rate() / alone.rate()
    );
    println!(
        "  server resident memory: {} MiB after start, {} MiB at the end",
        rss_start / 1024,
        rss_end / 1024
    );
    let _ = Command::new("kill")
        .args(["-INT", &server.id().to_string()])
        .status();
    server.wait()?;
    report_fresh_rss(&exe, &store, &dir.path().join("token"), rss_end).await?;
    exactly_once(&store, &[alone, many]).await
}

/// Recalls (brief, with the query's embedding) one at a time: p50 and p95 in ms.
async fn recall_latency(client: &Client) -> Result<(f64, f64)> {
    let mut ms = Vec::with_capacity(RECALLS);
    for i in 0..RECALLS {
        let body =
            serde_json::json!({ "query": format!("what did agent {i} note about task {}", i % 7) });
        let t = Instant::now();
        let (status, answer) = client
            .call("POST", "/api/v1/recall/brief", &body.to_string())
            .await?;
        ensure!(status == 200, "recall: {status} {answer}");
        ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    ms.sort_by(f64::total_cmp);
    Ok((ms[RECALLS / 2], ms[RECALLS * 95 / 100]))
}

const RECALLS: usize = 40;
/// How long after its last write the server has settled its indexes (merged every segment),
/// with a margin: it waits 20 s of quiet, then merges.
const SETTLED_AFTER: Duration = Duration::from_secs(45);

/// Recall right after the burst, with the indexes in the segments it left them in (and the
/// rows since the last refresh unindexed), beside the same recalls once the server has settled
/// them; a short burst (no refresh) only the first.
async fn report_recalls(client: &Client, burst: (f64, f64), adds: usize) -> Result<()> {
    print!(
        "  recall right after the burst: p50 {:.1} ms, p95 {:.1} ms",
        burst.0, burst.1
    );
    if adds < mnemo_engine::OPTIMIZE_AFTER_ROWS {
        println!();
        return Ok(());
    }
    tokio::time::sleep(SETTLED_AFTER).await;
    let settled = recall_latency(client).await?;
    println!(
        "; once settled: p50 {:.1} ms, p95 {:.1} ms",
        settled.0, settled.1
    );
    Ok(())
}

/// What holding the store takes: a server that only opened it and answered one recall (which
/// loads the model and the indexes). The writing server's excess over that is what the writes
/// themselves left behind.
async fn report_fresh_rss(exe: &Path, store: &Path, token: &Path, rss_writer: u64) -> Result<()> {
    let (mut server, client) = start(exe, store, token)?;
    let (status, body) =
        (client.call("POST", "/api/v1/recall/brief", r#"{"query":"step"}"#)).await?;
    ensure!(status == 200, "recall on the fresh server: {status} {body}");
    let rss = rss_kib(server.id());
    let _ = Command::new("kill")
        .args(["-INT", &server.id().to_string()])
        .status();
    server.wait()?;
    println!(
        "  a fresh mnemo serve on the same store, after one recall: {} MiB ({:+} MiB for the writing server)",
        rss / 1024,
        (rss_writer as i64 - rss as i64) / 1024
    );
    Ok(())
}

struct Round {
    label: &'static str,
    /// External ids acknowledged, with each add's latency in ms.
    acked: Vec<(String, f64)>,
    cli: Vec<String>,
    seconds: f64,
}

impl Round {
    fn rate(&self) -> f64 {
        self.acked.len() as f64 / self.seconds
    }
}

fn report(r: &Round, clients: usize) {
    let mut ms: Vec<f64> = r.acked.iter().map(|(_, ms)| *ms).collect();
    ms.sort_by(f64::total_cmp);
    let pct = |p: f64| ms[((ms.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "  {clients:>3} client(s){}: {:6.0} adds/s, latency p50 {:6.1} ms, p95 {:6.1} ms ({} adds in {:.1} s)",
        if r.cli.is_empty() {
            String::new()
        } else {
            format!(" + {} `mnemo add`", r.cli.len())
        },
        r.rate(),
        pct(0.5),
        pct(0.95),
        r.acked.len(),
        r.seconds
    );
}

/// Starts `mnemo serve` on `store` with its own token file; answers once it prints its URL.
pub(crate) fn start(exe: &Path, store: &Path, token: &Path) -> Result<(Child, Client)> {
    let mut child = Command::new(exe)
        .arg("--db")
        .arg(store)
        .args(["serve", "--port", "0"])
        .env("MNEMO_TOKEN_FILE", token)
        .stdout(Stdio::piped())
        // With RUST_LOG set, the server's log goes to this process's stderr (for profiling).
        .stderr(match std::env::var_os("RUST_LOG") {
            Some(_) => Stdio::inherit(),
            None => Stdio::null(),
        })
        .spawn()?;
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().context("stdout")?).read_line(&mut line)?;
    Ok((child, Client::from_url(&line)?))
}

/// `mnemo add` runs beside a round: this binary, on this store, so many.
struct CliAdds<'a> {
    exe: &'a Path,
    store: &'a Path,
    n: usize,
}

async fn round(
    client: &Client,
    clients: usize,
    adds: usize,
    label: &'static str,
    cli: CliAdds<'_>,
    counter: &Arc<AtomicUsize>,
) -> Result<Round> {
    let started = Instant::now();
    let cli = tokio::task::spawn_blocking({
        let (exe, store, n) = (cli.exe.to_path_buf(), cli.store.to_path_buf(), cli.n);
        move || cli_writes(&exe, &store, label, n)
    });
    let tasks: Vec<_> = (0..clients)
        .map(|c| tokio::spawn(one_client(client.clone(), label, c, adds, counter.clone())))
        .collect();
    let mut acked = Vec::new();
    for t in tasks {
        acked.extend(t.await??);
    }
    let seconds = started.elapsed().as_secs_f64();
    Ok(Round {
        label,
        acked,
        cli: cli.await??,
        seconds,
    })
}

async fn one_client(
    client: Client,
    label: &str,
    c: usize,
    adds: usize,
    counter: Arc<AtomicUsize>,
) -> Result<Vec<(String, f64)>> {
    let mut acked = Vec::with_capacity(adds);
    for i in 0..adds {
        let x = format!("{label}-{c}-{i}");
        let body = serde_json::json!({
            "text": format!("Agent {c} noted fact number {i} while working on task {}", i % 7),
            "external_id": x,
        });
        let t = Instant::now();
        let (status, answer) = client
            .call("POST", "/api/v1/memories", &body.to_string())
            .await?;
        ensure!(status == 200, "add {x}: {status} {answer}");
        acked.push((x, t.elapsed().as_secs_f64() * 1e3));
        counter.fetch_add(1, Ordering::Relaxed);
    }
    Ok(acked)
}

/// `mnemo add` runs one after another, as a person's shell or a script would make them.
fn cli_writes(exe: &Path, store: &Path, label: &str, n: usize) -> Result<Vec<String>> {
    let mut ids = Vec::new();
    for i in 0..n {
        let out = Command::new(exe)
            .arg("--db")
            .arg(store)
            .args(["add", &format!("Added from the command line, {label} {i}")])
            .output()?;
        ensure!(
            out.status.success(),
            "mnemo add: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        ids.push(String::from_utf8(out.stdout)?.trim().to_string());
    }
    Ok(ids)
}

/// Every acknowledged add is stored once: by external id for HTTP, by id for the CLI.
async fn exactly_once(store: &Path, rounds: &[Round]) -> Result<()> {
    let engine = crate::open_engine(&store.to_string_lossy()).await?;
    let memories = engine.memories(None);
    let mut by_external: HashMap<&str, usize> = HashMap::new();
    for m in &memories {
        if let Some(x) = &m.external_id {
            *by_external.entry(x.as_str()).or_default() += 1;
        }
    }
    let mut writes = 0;
    for r in rounds {
        for (x, _) in &r.acked {
            let n = by_external.get(x.as_str()).copied().unwrap_or(0);
            ensure!(n == 1, "{}: {x} is stored {n} times", r.label);
        }
        for id in &r.cli {
            ensure!(
                engine.get(id).is_some(),
                "{}: `mnemo add` {id} is missing",
                r.label
            );
        }
        writes += r.acked.len() + r.cli.len();
    }
    let report = engine.doctor(false).await?;
    ensure!(report.is_clean(), "inconsistent: {report:?}");
    engine.close().await?;
    println!(
        "  every one of {writes} acknowledged writes is stored exactly once; the store is consistent"
    );
    Ok(())
}

/// (adds acknowledged so far, the server's resident KiB), once a second until `done`.
async fn sample_rss(
    pid: u32,
    counter: Arc<AtomicUsize>,
    done: Arc<AtomicBool>,
) -> Vec<(usize, u64)> {
    let mut samples = vec![(0, rss_kib(pid))];
    while !done.load(Ordering::Relaxed) {
        tokio::time::sleep(Duration::from_secs(1)).await;
        samples.push((counter.load(Ordering::Relaxed), rss_kib(pid)));
    }
    samples
}

/// Resident memory at each fifth of the concurrent round, and its growth per add over the second
/// half, once caches and the first index builds have settled: what the store's own growth costs.
fn report_rss(samples: &[(usize, u64)]) {
    let Some(&(total, _)) = samples.last() else {
        return;
    };
    let at = |n: usize| {
        samples
            .iter()
            .find(|(a, _)| *a >= n)
            .copied()
            .unwrap_or(samples[samples.len() - 1])
    };
    let marks: Vec<String> = (0..=5)
        .map(|i| at(total * i / 5))
        .map(|(a, kib)| format!("{a}: {} MiB", kib / 1024))
        .collect();
    println!(
        "  server resident memory by adds acknowledged: {}",
        marks.join(", ")
    );
    let (a0, r0) = at(total / 2);
    let (a1, r1) = at(total);
    if a1 > a0 {
        println!(
            "  growth over the second half: {:.1} KiB per add",
            (r1 as f64 - r0 as f64) / (a1 - a0) as f64
        );
    }
}

/// Resident memory of a process, in KiB (0 where /proc does not tell).
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    (status.lines())
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}
