//! `mnemo bench crash`: the kill campaign. Each round imports a JSONL file in one process while
//! `mnemo serve` in another takes adds over HTTP, kills one of the two with SIGKILL at a random
//! instant, reopens the store and checks: it opens; every add acknowledged to a client is there;
//! nothing is half there (every memory and edge belongs to a committed change); re-running the
//! import completes to exactly the file's lines, with nothing duplicated.

use anyhow::{Context, Result, bail, ensure};
use mnemo_api::{Api, Caller, ImportOptions};
use mnemo_eval::synthetic::Rng;
use std::collections::HashSet;
use std::io::{BufRead, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::http::Client;

pub async fn run(rounds: usize, lines: usize, seed: u64) -> Result<()> {
    let exe = std::env::current_exe()?;
    let work = tempfile::tempdir()?;
    let file = work.path().join("import.jsonl");
    let embedder = write_import(&file, lines).await?;
    let span = import_time(&exe, work.path(), &file)?;
    println!(
        "kill campaign: {rounds} rounds, {lines}-line import ({:.1} s alone) ∥ adds over HTTP, SIGKILL to one within that time",
        span.as_secs_f64()
    );
    let mut rng = Rng::new(seed);
    let mut failures = 0;
    for round in 1..=rounds {
        let dir = work.path().join(format!("round{round}"));
        let delay = span.mul_f32(0.05 + 1.1 * rng.unit());
        match one_round(&exe, &dir, &file, lines, delay, &mut rng).await {
            Ok(r) => println!("  round {round:>3}: ok   {r}"),
            Err(e) => {
                failures += 1;
                println!("  round {round:>3}: FAIL {e:#}");
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
    println!("{rounds} rounds, {failures} failures (embedder {embedder})");
    ensure!(failures == 0, "{failures} of {rounds} rounds failed");
    Ok(())
}

/// A file of synthetic memories with their vectors and external ids `m0`, `m1`…
async fn write_import(path: &Path, lines: usize) -> Result<String> {
    let e = mnemo_embed::PocketEmbedder::new()?;
    use mnemo_embed::Embedder;
    let data = mnemo_eval::synthetic::memories(lines, e.dimensions(), e.id(), 3);
    let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
    for input in &data.inputs {
        serde_json::to_writer(&mut w, input)?;
        w.write_all(b"\n")?;
    }
    w.flush()?;
    Ok(e.id().to_string())
}

/// How long the import takes on its own: the span the kills are spread over.
fn import_time(exe: &Path, work: &Path, file: &Path) -> Result<Duration> {
    let store = work.join("calibration");
    let started = Instant::now();
    let out = mnemo(exe, &store).arg("import").arg(file).output()?;
    ensure!(
        out.status.success(),
        "the import alone failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&store);
    Ok(started.elapsed())
}

async fn one_round(
    exe: &Path,
    dir: &Path,
    file: &Path,
    lines: usize,
    delay: Duration,
    rng: &mut Rng,
) -> Result<String> {
    let store = dir.join("store");
    std::fs::create_dir_all(&store)?;
    let (mut server, client) = start_server(exe, &store, &dir.join("token"))?;
    let mut import = mnemo(exe, &store)
        .args(["import", "--json"])
        .arg(file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let acked = Arc::new(Mutex::new(Vec::new()));
    let adder = tokio::spawn(add_until_stopped(client, acked.clone()));
    tokio::time::sleep(delay).await;
    let kill_server = rng.below(2) == 0;
    let victim = if kill_server {
        &mut server
    } else {
        &mut import
    };
    let victim_was_done = victim.try_wait()?.is_some();
    victim.kill()?; // SIGKILL
    victim.wait()?;
    if kill_server {
        adder.abort();
        wait(import, Duration::from_secs(600)).await?;
    } else {
        adder.abort();
        interrupt(server).await?;
    }
    let acked = acked.lock().expect("acked").clone();
    let (recovered, stored) = check(&store, file, lines, &acked).await?;
    Ok(format!(
        "killed {} after {:.1} s{}; {} adds acknowledged, all there; {recovered}; re-import → {stored} lines, no duplicates",
        if kill_server { "serve" } else { "import" },
        delay.as_secs_f64(),
        if victim_was_done {
            " (it had finished)"
        } else {
            ""
        },
        acked.len()
    ))
}

fn mnemo(exe: &Path, store: &Path) -> Command {
    let mut c = Command::new(exe);
    c.arg("--db").arg(store);
    c
}

fn start_server(exe: &Path, store: &Path, token: &Path) -> Result<(Child, Client)> {
    let mut child = mnemo(exe, store)
        .args(["serve", "--port", "0"])
        .env("MNEMO_TOKEN_FILE", token)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let out = child.stdout.take().context("the server's output")?;
    let mut line = String::new();
    std::io::BufReader::new(out).read_line(&mut line)?;
    let client = Client::from_url(&line).with_context(|| format!("serve printed {line:?}"))?;
    Ok((child, client))
}

/// Adds memories one at a time until aborted, noting the external id of each one acknowledged.
async fn add_until_stopped(client: Client, acked: Arc<Mutex<Vec<String>>>) {
    for i in 0.. {
        let x = format!("api-{i}");
        let body =
            serde_json::json!({ "text": format!("Added over HTTP, number {i}"), "external_id": x });
        match client
            .call("POST", "/api/v1/memories", &body.to_string())
            .await
        {
            Ok((200, _)) => acked.lock().expect("acked").push(x),
            Ok(_) => {}
            Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
        }
    }
}

async fn wait(mut child: Child, limit: Duration) -> Result<()> {
    let started = Instant::now();
    while child.try_wait()?.is_none() {
        if started.elapsed() > limit {
            child.kill()?;
            bail!(
                "the surviving process did not finish in {} s",
                limit.as_secs()
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}

/// Ctrl-C, as a person stops `mnemo serve`.
async fn interrupt(child: Child) -> Result<()> {
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()?;
    wait(child, Duration::from_secs(60)).await
}

/// Reopens the store and checks it; answers what recovery did and how many import lines are there.
async fn check(
    store: &Path,
    file: &Path,
    lines: usize,
    acked: &[String],
) -> Result<(String, usize)> {
    let uri = store.to_string_lossy();
    let engine = crate::open_engine(&uri).await.context("the store opens")?;
    let recovered = match engine.store().recoveries().as_slice() {
        [] => "nothing to recover".to_string(),
        r => format!("recovered {r:?}"),
    };
    let report = engine.doctor(false).await?;
    ensure!(report.is_clean(), "inconsistent after the kill: {report:?}");
    let externals: HashSet<String> = (engine.memories(None).into_iter())
        .filter_map(|m| m.external_id)
        .collect();
    let lost: Vec<&String> = acked.iter().filter(|x| !externals.contains(*x)).collect();
    ensure!(lost.is_empty(), "acknowledged adds missing: {lost:?}");

    let api = Api::new(engine.clone());
    let reader = std::io::BufReader::new(std::fs::File::open(file)?);
    let options = ImportOptions::named("import.jsonl");
    api.import(reader, options, &Caller::cli(), &|_| {}).await?;
    let mut seen = HashSet::new();
    let mut stored = 0;
    for m in engine.memories(None) {
        let Some(x) = m.external_id.filter(|x| x.starts_with('m')) else {
            continue;
        };
        ensure!(seen.insert(x.clone()), "external id {x} stored twice");
        stored += 1;
    }
    ensure!(
        stored == lines,
        "{stored} of {lines} lines stored after re-import"
    );
    let report = engine.doctor(false).await?;
    ensure!(
        report.is_clean(),
        "inconsistent after re-import: {report:?}"
    );
    engine.close().await?;
    Ok((recovered, stored))
}
