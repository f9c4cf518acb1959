//! The HTTP API on loopback: every route with the real engine, errors as 4xx with a code and a
//! message, and live deltas and traces over server-sent events.

use mnemo_api::Api;
use mnemo_server::{Server, ServerConfig};
use mnemo_tests::temp_engine;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

async fn start() -> (SocketAddr, Api, tempfile::TempDir) {
    let (engine, dir) = temp_engine().await;
    let api = Api::new(engine);
    let config = ServerConfig {
        addr: "127.0.0.1:0".parse().unwrap(),
        ui: mnemo_server::Ui::None,
        token: None,
    };
    let server = Server::bind(api.clone(), config).await.unwrap();
    let addr = server.local_addr();
    tokio::spawn(server.serve());
    (addr, api, dir)
}

/// One HTTP/1.1 request; returns the status and the body parsed as JSON.
async fn call(addr: SocketAddr, method: &str, path: &str, body: Option<&str>) -> (u16, Value) {
    call_bytes(addr, method, path, body.unwrap_or("").as_bytes()).await
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        s = &rest[n + 2..];
    }
    out
}

#[tokio::test]
async fn the_api_adds_edits_links_recalls_and_lists() {
    let (addr, _api, _dir) = start().await;
    let (st, a) = call(addr, "POST", "/api/v1/memories", Some(r#"{"text":"Ada chose LanceDB for the Atlas store","title":"Atlas store","tags":["atlas"],"entities":["Ada"]}"#)).await;
    assert_eq!(st, 200, "{a}");
    let a_id = a["id"].as_str().unwrap().to_string();
    let (_, b) = call(
        addr,
        "POST",
        "/api/v1/memories",
        Some(r#"{"text":"The Atlas store keeps vectors and full text together"}"#),
    )
    .await;
    let b_id = b["id"].as_str().unwrap().to_string();

    let (st, edited) = call(
        addr,
        "PATCH",
        &format!("/api/v1/memories/{a_id}"),
        Some(r#"{"title":"Atlas storage decision","pinned":true}"#),
    )
    .await;
    assert_eq!(st, 200);
    assert_eq!(edited["title"], "Atlas storage decision");
    assert_eq!(edited["pinned"], true);
    assert_eq!(edited["version"], 2);

    let (st, edge) = call(
        addr,
        "POST",
        "/api/v1/edges",
        Some(&json!({"from": a_id, "to": b_id, "relation": "explains"}).to_string()),
    )
    .await;
    assert_eq!(st, 200, "{edge}");
    assert_eq!(edge["relation"], "explains");
    assert_eq!(edge["automatic"], false);
    let edge_path = format!("/api/v1/edges/{}", edge["id"].as_str().unwrap());
    let (st, read) = call(addr, "GET", &edge_path, None).await;
    assert_eq!(
        (st, &read),
        (200, &edge),
        "a link reads back as it was made"
    );

    let (st, detail) = call(addr, "GET", &format!("/api/v1/memories/{a_id}"), None).await;
    assert_eq!(st, 200);
    assert_eq!(detail["memory"]["title"], "Atlas storage decision");
    assert!(
        detail["edges"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["id"] == edge["id"])
    );
    assert!(
        detail["neighbors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == b_id.as_str())
    );
    // The entity Ada was made and linked on ingest.
    assert!(
        detail["neighbors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["kind"] == "entity" && m["title"] == "Ada")
    );
    let kinds: Vec<&str> = detail["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"add") && kinds.contains(&"update"),
        "{kinds:?}"
    );

    let (st, answer) = call(
        addr,
        "POST",
        "/api/v1/recall",
        Some(r#"{"query":{"text":"which database did Ada choose","limit":5}}"#),
    )
    .await;
    assert_eq!(st, 200, "{answer}");
    let hits: Vec<&str> = answer["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["memory"]["id"].as_str().unwrap())
        .collect();
    assert!(
        hits[..2.min(hits.len())].contains(&a_id.as_str()),
        "Ada's choice is in the top two: {answer}"
    );
    let trace_id = answer["trace"]["id"].as_str().unwrap().to_string();
    let stages: Vec<&str> = answer["trace"]["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert!(
        stages.contains(&"vector") && stages.contains(&"keyword") && stages.contains(&"rerank"),
        "{stages:?}"
    );

    // Traces are written in the background, within about a second.
    let mut listed = Value::Null;
    for _ in 0..40 {
        listed = call(addr, "GET", "/api/v1/traces?limit=5", None).await.1;
        if listed.as_array().is_some_and(|l| !l.is_empty()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(listed[0]["id"], trace_id.as_str());
    let (st, trace) = call(addr, "GET", &format!("/api/v1/traces/{trace_id}"), None).await;
    assert_eq!(st, 200);
    assert_eq!(trace["query"]["text"], "which database did Ada choose");

    let (st, removed) = call(
        addr,
        "DELETE",
        &format!("/api/v1/edges/{}", edge["id"].as_str().unwrap()),
        None,
    )
    .await;
    assert_eq!(st, 200);
    assert_eq!(removed["id"], edge["id"]);
    let (st, forgotten) = call(
        addr,
        "POST",
        &format!("/api/v1/memories/{b_id}/status"),
        Some(r#"{"status":"forgotten"}"#),
    )
    .await;
    assert_eq!(st, 200);
    assert_eq!(forgotten["status"], "forgotten");

    let (_, spaces) = call(addr, "GET", "/api/v1/spaces", None).await;
    assert_eq!(spaces[0]["name"], "default");
    let (_, overview) = call(addr, "GET", "/api/v1/overview", None).await;
    let (_, snapshot) = call(addr, "GET", "/api/v1/snapshot", None).await;
    let titles: Vec<&str> = snapshot["memories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"Ada") && titles.contains(&"Atlas storage decision"),
        "{titles:?}"
    );
    assert_eq!(
        overview["memories"],
        titles.len(),
        "the two memories and the entities they mention"
    );
    assert_eq!(
        overview["edges"],
        snapshot["edges"].as_array().unwrap().len()
    );
    assert_eq!(snapshot["seq"], overview["seq"]);
    let (_, config) = call(addr, "GET", "/api/v1/config", None).await;
    assert!(config["rerank"]["relevance"].as_f64().unwrap() > 0.0);
}

#[tokio::test]
async fn bad_requests_are_4xx_with_a_code_and_a_message() {
    let (addr, _api, _dir) = start().await;
    let cases: [(&str, &str, Option<&str>, u16, &str, &str); 8] = [
        (
            "POST",
            "/api/v1/memories",
            Some(r#"{"text":""}"#),
            422,
            "invalid_input",
            "text",
        ),
        (
            "POST",
            "/api/v1/memories",
            Some("{not json"),
            422,
            "invalid_input",
            "invalid request body",
        ),
        (
            "POST",
            "/api/v1/memories",
            Some(r#"{"text":"x","kind":"poem"}"#),
            422,
            "invalid_input",
            "kind",
        ),
        (
            "POST",
            "/api/v1/memories",
            Some(r#"{"text":"x","colour":"red"}"#),
            422,
            "invalid_input",
            "colour",
        ),
        (
            "GET",
            "/api/v1/memories/nope",
            None,
            404,
            "not_found",
            "nope",
        ),
        (
            "POST",
            "/api/v1/edges",
            Some(r#"{"from":"a","to":"b"}"#),
            422,
            "invalid_input",
            "from",
        ),
        (
            "POST",
            "/api/v1/recall",
            Some(r#"{"query":{"text":"  "}}"#),
            422,
            "invalid_input",
            "query.text",
        ),
        (
            "GET",
            "/api/v1/nothing-here",
            None,
            404,
            "not_found",
            "route",
        ),
    ];
    for (method, path, body, status, code, mentions) in cases {
        let (st, err) = call(addr, method, path, body).await;
        assert_eq!(st, status, "{method} {path} {body:?}: {err}");
        assert_eq!(err["code"], code, "{method} {path}: {err}");
        assert!(
            err["message"].as_str().unwrap().contains(mentions),
            "{method} {path}: {err}"
        );
    }
    let (_, overview) = call(addr, "GET", "/api/v1/overview", None).await;
    assert_eq!(overview["memories"], 0, "nothing was half-written");
    let huge = format!(r#"{{"text":"{}"}}"#, "x".repeat(5 << 20));
    let (st, err) = call(addr, "POST", "/api/v1/memories", Some(&huge)).await;
    assert_eq!(st, 413, "{err}");
    assert_eq!(err["code"], "too_large");
}

#[tokio::test]
async fn an_import_upload_reports_and_a_bad_line_writes_nothing() {
    let (addr, _api, _dir) = start().await;
    let good = "{\"text\":\"first\",\"external_id\":\"a\"}\n{\"text\":\"second\",\"external_id\":\"b\",\"links\":[{\"to\":\"a\"}]}\n";
    let (st, report) = call(
        addr,
        "POST",
        "/api/v1/import?space=notes&name=two.jsonl",
        Some(good),
    )
    .await;
    assert_eq!(st, 200, "{report}");
    assert_eq!(report["added"], 2);
    let (st, report) = call(
        addr,
        "POST",
        "/api/v1/import?space=notes&name=two.jsonl",
        Some(good),
    )
    .await;
    assert_eq!(st, 200);
    assert_eq!(report["added"], 0, "the same file again adds nothing");
    let bad = "{\"text\":\"third\"}\n{\"text\":\"fourth\",\"occurred_at\":\"yesterday\"}\n";
    let (st, err) = call(addr, "POST", "/api/v1/import?space=notes", Some(bad)).await;
    assert_eq!(st, 422, "{err}");
    assert!(err["message"].as_str().unwrap().contains("line 2"), "{err}");
    let (_, overview) = call(addr, "GET", "/api/v1/overview", None).await;
    assert_eq!(overview["memories"], 2);
}

/// Reads server-sent events until one named `name` arrives; returns its data.
async fn next_event(lines: &mut (impl AsyncBufReadExt + Unpin), name: &str) -> Value {
    let mut current = String::new();
    loop {
        let mut line = String::new();
        let n = tokio::time::timeout(Duration::from_secs(20), lines.read_line(&mut line))
            .await
            .expect("an event in time")
            .unwrap();
        assert!(n > 0, "the event stream ended");
        let line = line.trim_end();
        if let Some(e) = line.strip_prefix("event: ") {
            current = e.to_string();
        } else if let Some(d) = line.strip_prefix("data: ")
            && current == name
        {
            return serde_json::from_str(d).unwrap();
        }
    }
}

#[tokio::test]
async fn deltas_and_traces_stream_live_as_server_sent_events() {
    let (addr, api, _dir) = start().await;
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(
        format!("GET /api/v1/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n")
            .as_bytes(),
    )
    .await
    .unwrap();
    let mut lines = BufReader::new(s);
    let hello = next_event(&mut lines, "hello").await;
    assert_eq!(hello["seq"], 0);

    let m = api
        .call::<mnemo_api::AddMemory>(
            mnemo_tests::note("Live: the stream carries this"),
            &mnemo_api::Caller::user(),
        )
        .await
        .unwrap();
    let delta = next_event(&mut lines, "delta").await;
    assert_eq!(delta["seq"], 1);
    assert!(
        delta["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["type"] == "memory_upserted" && c["memory"]["id"] == m.id.as_str()),
        "{delta}"
    );

    let q = mnemo_api::RecallRequest {
        query: mnemo_core::RetrievalQuery {
            text: "stream".into(),
            ..Default::default()
        },
        config: None,
        config_name: None,
    };
    let answer = api
        .call::<mnemo_api::Recall>(q, &mnemo_api::Caller::agent("tester"))
        .await
        .unwrap();
    let trace = next_event(&mut lines, "trace").await;
    assert_eq!(trace["id"], answer.trace.id.as_str());
    assert_eq!(trace["actor"], "agent:tester");
}

/// A raw request with chosen headers; returns the status and body.
async fn call_with(addr: SocketAddr, path: &str, headers: &str) -> (u16, Value) {
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(format!("GET {path} HTTP/1.1\r\nConnection: close\r\n{headers}\r\n").as_bytes())
        .await
        .unwrap();
    response(s).await
}

#[tokio::test]
async fn the_api_needs_the_token_and_refuses_foreign_origins_and_hosts() {
    let (engine, _dir) = temp_engine().await;
    let token = "t0k3n-for-this-test-0123456789abcdef";
    let config = ServerConfig {
        addr: "127.0.0.1:0".parse().unwrap(),
        ui: mnemo_server::Ui::None,
        token: Some(token.into()),
    };
    let server = Server::bind(Api::new(engine), config).await.unwrap();
    let addr = server.local_addr();
    tokio::spawn(server.serve());
    let host = format!("Host: {addr}\r\n");
    let auth = format!("Authorization: Bearer {token}\r\n");

    let (st, err) = call_with(addr, "/api/v1/spaces", &host).await;
    assert_eq!(
        (st, err["code"].as_str()),
        (401, Some("unauthorized")),
        "no token: {err}"
    );
    let (st, err) = call_with(
        addr,
        "/api/v1/spaces",
        &format!("{host}Authorization: Bearer wrong\r\n"),
    )
    .await;
    assert_eq!(
        (st, err["code"].as_str()),
        (401, Some("unauthorized")),
        "wrong token: {err}"
    );
    let (st, _) = call_with(addr, "/api/v1/spaces", &format!("{host}{auth}")).await;
    assert_eq!(st, 200, "the right token");
    let (st, _) = call_with(addr, &format!("/api/v1/spaces?token={token}"), &host).await;
    assert_eq!(st, 200, "the token in the query, as EventSource sends it");
    let (st, err) = call_with(
        addr,
        "/api/v1/spaces",
        &format!("{host}{auth}Origin: https://evil.example\r\n"),
    )
    .await;
    assert_eq!(
        (st, err["code"].as_str()),
        (403, Some("forbidden")),
        "a foreign origin: {err}"
    );
    let (st, _) = call_with(
        addr,
        "/api/v1/spaces",
        &format!("{host}{auth}Origin: http://{addr}\r\n"),
    )
    .await;
    assert_eq!(st, 200, "the server's own origin");
    let (st, err) = call_with(
        addr,
        "/api/v1/spaces",
        &format!("Host: evil.example:{}\r\n{auth}", addr.port()),
    )
    .await;
    assert_eq!(
        (st, err["code"].as_str()),
        (403, Some("forbidden")),
        "a rebound host name: {err}"
    );
}

/// Like `call`, with a body of any bytes.
async fn call_bytes(addr: SocketAddr, method: &str, path: &str, body: &[u8]) -> (u16, Value) {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).await.unwrap();
    s.write_all(body).await.unwrap();
    response(s).await
}

/// Reads a whole response: the status and the body parsed as JSON (else as text).
async fn response(mut s: TcpStream) -> (u16, Value) {
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8_lossy(&raw);
    let (head, rest) = text.split_once("\r\n\r\n").expect("a response head");
    let status: u16 = head.split(' ').nth(1).unwrap().parse().unwrap();
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(rest)
    } else {
        rest.to_string()
    };
    (
        status,
        serde_json::from_str(&body).unwrap_or(Value::String(body)),
    )
}

/// The bad-input corpus (`tests/fixtures/bad`) and oversized requests: each is a 4xx whose
/// message names the line or field, nothing is written, and the server answers afterwards.
#[tokio::test]
async fn bad_input_is_refused_whole_and_the_server_keeps_answering() {
    let (addr, _api, _dir) = start().await;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bad");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    assert!(files.len() >= 9, "the corpus is there");
    let mut written = json!(null);
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let body = std::fs::read(f).unwrap();
        let (st, answer) = call_bytes(addr, "POST", "/api/v1/import", &body).await;
        if name == "crlf-and-bom.jsonl" {
            assert_eq!((st, &answer["added"]), (200, &json!(2)), "{name}: {answer}");
            written = call(addr, "GET", "/api/v1/overview", None).await.1["memories"].clone();
            continue;
        }
        assert_eq!(st, 422, "{name}: {answer}");
        assert_eq!(answer["code"], "invalid_input", "{name}: {answer}");
        let message = answer["message"].as_str().unwrap();
        assert!(
            message.contains("line 2") || message.contains("memories[1]"),
            "{name}: {message}"
        );
    }
    let line = |extra: &str| format!("{{\"text\":\"fine\"}}\n{{\"text\":\"x\",{extra}}}\n");
    let tags: Vec<String> = (0..100_000).map(|i| format!("t{i}")).collect();
    let huge = [
        (line(&format!("\"tags\":{}", json!(tags))), "tags"),
        (
            line(&format!("\"entities\":[\"{}\"]", "E".repeat(200_000))),
            "entities[0]",
        ),
        (
            line(&format!("\"entities\":{}", json!(vec!["e"; 10_000]))),
            "entities",
        ),
    ];
    for (body, field) in &huge {
        let (st, answer) = call(addr, "POST", "/api/v1/import", Some(body)).await;
        assert_eq!(st, 422, "{field}: {answer}");
        assert!(
            answer["message"].as_str().unwrap().contains(field),
            "{answer}"
        );
    }
    let recall =
        |config: Value| json!({"query": {"text": "anything"}, "config": config}).to_string();
    let configs = [
        (
            json!({"expansion": {"hops": 4294967295u64}}),
            "config.expansion.hops",
        ),
        (
            json!({"expansion": {"iterations": 4294967295u64}}),
            "config.expansion.iterations",
        ),
        (json!({"vector_k": 1_000_000}), "config.vector_k"),
        (
            json!({"rerank": {"recency_half_life_days": -1}}),
            "config.rerank.recency_half_life_days",
        ),
    ];
    for (config, field) in configs {
        let (st, answer) = call(addr, "POST", "/api/v1/recall", Some(&recall(config))).await;
        assert_eq!(st, 422, "{field}: {answer}");
        assert!(
            answer["message"].as_str().unwrap().contains(field),
            "{answer}"
        );
    }
    let long_query = json!({"query": {"text": "q".repeat(10_000)}}).to_string();
    let (st, answer) = call(addr, "POST", "/api/v1/recall", Some(&long_query)).await;
    assert_eq!(st, 422, "{answer}");
    assert!(answer["message"].as_str().unwrap().contains("query.text"));
    let (st, overview) = call(addr, "GET", "/api/v1/overview", None).await;
    // Only the valid file's memories (and an entity it names): nothing refused was written.
    assert!(written.as_u64().is_some_and(|n| n >= 2), "{written}");
    assert_eq!((st, &overview["memories"]), (200, &written), "{overview}");
}

/// Sends a request and returns the whole raw response, headers included.
async fn raw(addr: SocketAddr, method: &str, path: &str, body: &str) -> String {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).await.unwrap();
    s.write_all(body.as_bytes()).await.unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).await.unwrap();
    out
}

#[tokio::test]
async fn an_export_downloads_with_a_safe_file_name_and_refuses_what_does_not_exist() {
    let (addr, _api, _dir) = start().await;
    let add = r#"{"text": "Menu of the café", "space": "café \"x\""}"#;
    assert_eq!(
        call(addr, "POST", "/api/v1/memories", Some(add)).await.0,
        200
    );
    let r = raw(
        addr,
        "POST",
        "/api/v1/export",
        r#"{"format": "jsonl", "space": "café \"x\""}"#,
    )
    .await;
    assert!(r.starts_with("HTTP/1.1 200"), "{r}");
    let lower = r.to_lowercase();
    assert!(lower.contains("content-type: application/x-ndjson"), "{r}");
    assert!(
        r.contains(r#"filename="caf_ _x_.jsonl"; filename*=UTF-8''caf%C3%A9%20%22x%22.jsonl"#),
        "{r}"
    );
    assert!(r.contains("Menu of the caf"), "{r}");
    for (body, says) in [
        (
            r#"{"format": "graphml", "ids": ["nope"]}"#,
            "memory not found: nope",
        ),
        (
            r#"{"format": "jsonl", "space": "ghost"}"#,
            "space not found: ghost",
        ),
        (r#"{"format": "markdown"}"#, "writes a folder"),
    ] {
        let (st, answer) = call(addr, "POST", "/api/v1/export", Some(body)).await;
        assert!(st == 404 || st == 422, "{body}: {st} {answer}");
        assert!(
            answer["message"].as_str().unwrap().contains(says),
            "{body}: {answer}"
        );
    }
}
