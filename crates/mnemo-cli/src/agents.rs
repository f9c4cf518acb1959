//! `mnemo bench agents`: what an agent waits for. Recall and remember as MCP tool calls from a
//! client in another process — over stdio (`mnemo mcp`) and over streamable HTTP (`mnemo serve`'s
//! `/mcp`) — and the same recall over REST, next to the engine's own recall in this process on
//! the same store: the difference is what the transport, the server and the client's process cost.

use anyhow::{Context, Result, bail, ensure};
use mnemo_core::RetrievalQuery;
use mnemo_engine::RecallOptions;
use mnemo_eval::synthetic::{Rng, sentence};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{ChildStdin, ChildStdout, Command, Stdio};
use std::time::Instant;

use crate::http::Client;

/// The protocol revision the benchmark's client asks for; the server answers with its own.
const PROTOCOL: &str = "2025-06-18";
/// Calls before measuring, so that index pages and caches are warm in every process.
const WARM_UP: usize = 30;

pub async fn run(memories: usize, calls: usize) -> Result<()> {
    let exe = std::env::current_exe()?;
    let dir = tempfile::tempdir()?;
    let store = dir.path().join("store");
    let uri = store.to_string_lossy().to_string();
    crate::bench::make_store(&uri, memories).await?;
    println!("recall and remember as an agent calls them, {calls} calls each, one at a time");
    let queries = Queries::new(calls);

    let engine = crate::open_engine(&uri).await?;
    let mut inside = Timings::default();
    for (i, q) in queries.all().enumerate() {
        let t = Instant::now();
        engine.recall(query(q), agent_options()).await?;
        inside.push(i, t);
    }
    engine.close().await?;
    drop(engine);
    inside.report("in this process (engine.recall, embedding the query)");

    let [recall, remember, after] = tokio::task::spawn_blocking({
        let (exe, store, queries) = (exe.clone(), store.clone(), queries.clone());
        move || over_stdio(&exe, &store, &queries)
    })
    .await??;
    recall.report("MCP over stdio: recall");
    remember.report("MCP over stdio: remember, then …");
    after.report("… recall, the agent's loop");

    // The stdio round's remembers left rows unindexed, which every search scans until an
    // optimize; the HTTP round starts from an optimized store, as the stdio round did.
    let engine = crate::open_engine(&uri).await?;
    engine.optimize().await?;
    engine.close().await?;
    drop(engine);

    let (mut server, client) = crate::load::start(&exe, &store, &dir.path().join("token"))?;
    let answer = over_http(&client, &queries).await;
    let _ = Command::new("kill")
        .args(["-INT", &server.id().to_string()])
        .status();
    server.wait()?;
    let [recall, remember, after, rest] = answer?;
    recall.report("MCP over HTTP: recall");
    rest.report("REST POST /api/v1/recall/brief (in turn)");
    remember.report("MCP over HTTP: remember, then …");
    after.report("… recall, the agent's loop");
    Ok(())
}

fn query(text: &str) -> RetrievalQuery {
    RetrievalQuery {
        text: text.to_string(),
        limit: 10,
        ..Default::default()
    }
}

/// As the MCP tool records it: the trace is kept and the results' accesses counted.
fn agent_options() -> RecallOptions {
    RecallOptions {
        actor: "agent:bench".into(),
        record: true,
        ..Default::default()
    }
}

/// The warm-up queries and the measured ones: sentences like the store's memories.
#[derive(Clone)]
struct Queries {
    warm: Vec<String>,
    measured: Vec<String>,
}

impl Queries {
    fn new(calls: usize) -> Self {
        let mut rng = Rng::new(42);
        let mut take = |n| (0..n).map(|_| sentence(&mut rng)).collect::<Vec<_>>();
        Queries {
            warm: take(WARM_UP),
            measured: take(calls),
        }
    }

    /// Warm-up first; [`Timings`] drops their times.
    fn all(&self) -> impl Iterator<Item = &String> {
        self.warm.iter().chain(&self.measured)
    }
}

/// Latencies of the measured calls, in ms.
#[derive(Default)]
struct Timings(Vec<f64>);

impl Timings {
    fn push(&mut self, i: usize, since: Instant) {
        if i >= WARM_UP {
            self.0.push(since.elapsed().as_secs_f64() * 1e3);
        }
    }

    fn report(mut self, label: &str) {
        let n = self.0.len();
        println!(
            "  {label:<55} p50 {:6.1} ms   p95 {:6.1} ms   ({n} calls)",
            crate::bench::percentile(&mut self.0, 0.5),
            crate::bench::percentile(&mut self.0, 0.95),
        );
    }
}

fn recall_args(q: &str) -> Value {
    json!({ "query": q, "limit": 10 })
}

fn remember_args(i: usize) -> Value {
    json!({ "text": format!("The agent noted step {i} of the benchmark: the build passed on try {}.", i % 5) })
}

/// A JSON-RPC client over a child process's stdin and stdout, one message per line.
struct StdioClient {
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: u64,
}

impl StdioClient {
    fn request(&mut self, method: &str, params: Value) -> Result<Value> {
        self.next_id += 1;
        let id = self.next_id;
        let line = json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params });
        writeln!(self.stdin, "{line}")?;
        self.stdin.flush()?;
        let mut buf = String::new();
        loop {
            buf.clear();
            ensure!(
                self.stdout.read_line(&mut buf)? > 0,
                "the MCP server closed its output"
            );
            let msg: Value = serde_json::from_str(&buf)
                .with_context(|| format!("not JSON-RPC: {}", buf.trim()))?;
            if msg["id"] == json!(id) {
                return answer(msg);
            }
        }
    }

    fn notify(&mut self, method: &str) -> Result<()> {
        writeln!(
            self.stdin,
            "{}",
            json!({ "jsonrpc": "2.0", "method": method })
        )?;
        Ok(self.stdin.flush()?)
    }
}

/// The result of a JSON-RPC answer, or why the call failed (a protocol or a tool error).
fn answer(msg: Value) -> Result<Value> {
    if let Some(e) = msg.get("error") {
        bail!("MCP error: {e}");
    }
    let result = msg
        .get("result")
        .cloned()
        .context("an answer without a result")?;
    if result["isError"] == json!(true) {
        bail!("tool error: {}", result["content"]);
    }
    Ok(result)
}

fn initialize_params() -> Value {
    json!({
        "protocolVersion": PROTOCOL,
        "capabilities": {},
        "clientInfo": { "name": "bench", "version": "1" }
    })
}

/// Recalls on their own, then the agent's loop: remember something, recall something.
fn over_stdio(exe: &Path, store: &Path, queries: &Queries) -> Result<[Timings; 3]> {
    let mut child = Command::new(exe)
        .arg("--db")
        .arg(store)
        .arg("mcp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let mut c = StdioClient {
        stdin: child.stdin.take().context("stdin")?,
        stdout: BufReader::new(child.stdout.take().context("stdout")?),
        next_id: 0,
    };
    let measured = (|| {
        c.request("initialize", initialize_params())?;
        c.notify("notifications/initialized")?;
        let mut recall = Timings::default();
        for (i, q) in queries.all().enumerate() {
            let t = Instant::now();
            let r = c.request("tools/call", tool("recall", recall_args(q)))?;
            recall.push(i, t);
            ensure!(
                r["structuredContent"]["trace_id"].is_string(),
                "recall: no trace id in {r}"
            );
        }
        let (mut remember, mut after) = (Timings::default(), Timings::default());
        for (i, q) in queries.all().enumerate() {
            let t = Instant::now();
            c.request("tools/call", tool("remember", remember_args(i)))?;
            remember.push(i, t);
            let t = Instant::now();
            c.request("tools/call", tool("recall", recall_args(q)))?;
            after.push(i, t);
        }
        Ok([recall, remember, after])
    })();
    drop(c); // closing stdin ends the server
    child.wait()?;
    measured
}

fn tool(name: &str, arguments: Value) -> Value {
    json!({ "name": name, "arguments": arguments })
}

/// An MCP session over streamable HTTP: each request a POST to `/mcp` with the session's id.
struct HttpSession<'a> {
    client: &'a Client,
    session: String,
    next_id: u64,
}

impl HttpSession<'_> {
    async fn open(client: &Client) -> Result<HttpSession<'_>> {
        let mut s = HttpSession {
            client,
            session: String::new(),
            next_id: 0,
        };
        let (head, _) = s.post(json!({ "jsonrpc": "2.0", "id": 0, "method": "initialize", "params": initialize_params() })).await?;
        s.session = header(&head, "mcp-session-id").context("no Mcp-Session-Id in the answer")?;
        s.post(json!({ "jsonrpc": "2.0", "method": "notifications/initialized" }))
            .await?;
        Ok(s)
    }

    async fn call(&mut self, name: &str, arguments: Value) -> Result<Value> {
        self.next_id += 1;
        let id = self.next_id;
        let (_, body) = self
            .post(json!({ "jsonrpc": "2.0", "id": id, "method": "tools/call", "params": tool(name, arguments) }))
            .await?;
        // The answer is an event stream; the message is the `data:` line with this id.
        for data in body.lines().filter_map(|l| l.strip_prefix("data:")) {
            if let Ok(msg) = serde_json::from_str::<Value>(data.trim())
                && msg["id"] == json!(id)
            {
                return answer(msg);
            }
        }
        bail!("no answer to call {id} in: {body}")
    }

    async fn post(&self, body: Value) -> Result<(String, String)> {
        let mut headers = vec![("Accept", "application/json, text/event-stream")];
        if !self.session.is_empty() {
            headers.push(("Mcp-Session-Id", &self.session));
            headers.push(("Mcp-Protocol-Version", PROTOCOL));
        }
        let (status, head, answer) = self
            .client
            .call_with("POST", "/mcp", &headers, &body.to_string())
            .await?;
        ensure!((200..300).contains(&status), "POST /mcp: {status} {answer}");
        Ok((head, answer))
    }
}

fn header(head: &str, name: &str) -> Option<String> {
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().to_string())
    })
}

async fn over_http(client: &Client, queries: &Queries) -> Result<[Timings; 4]> {
    let mut s = HttpSession::open(client).await?;
    // MCP and REST recalls in turn, on the same store, so that drift falls on both alike.
    let (mut recall, mut rest) = (Timings::default(), Timings::default());
    for (i, q) in queries.all().enumerate() {
        let t = Instant::now();
        s.call("recall", recall_args(q)).await?;
        recall.push(i, t);
        let t = Instant::now();
        let (status, body) = client
            .call("POST", "/api/v1/recall/brief", &recall_args(q).to_string())
            .await?;
        ensure!(status == 200, "REST recall: {status} {body}");
        rest.push(i, t);
    }
    let (mut remember, mut after) = (Timings::default(), Timings::default());
    for (i, q) in queries.all().enumerate() {
        let t = Instant::now();
        s.call("remember", remember_args(i + 10_000)).await?;
        remember.push(i, t);
        let t = Instant::now();
        s.call("recall", recall_args(q)).await?;
        after.push(i, t);
    }
    Ok([recall, remember, after, rest])
}
