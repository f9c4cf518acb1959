//! The `mnemo` binary as a user runs it: exact command forms, exit codes, messages and output shapes.

use std::path::Path;
use std::process::{Command, Output};

fn mnemo(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mnemo"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("MNEMO_DB")
        .output()
        .expect("mnemo runs")
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn add_query_import_export_and_stats() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    let id = ok(&mnemo(
        &db,
        &[
            "add",
            "Priya suggested nightly compaction for the Atlas index",
            "--kind",
            "note",
            "--space",
            "work",
            "--title",
            "Compaction tip",
            "--tag",
            "atlas",
            "--tag",
            "ops",
            "--at",
            "2024-05-14T15:30:00Z",
        ],
    ));
    let id = id.trim();
    assert_eq!(id.len(), 36, "prints the new id: {id:?}");
    assert_eq!(&id[14..15], "7", "a UUIDv7");

    let file = write(
        dir.path(),
        "notes.jsonl",
        concat!(
            "{\"text\": \"Booked flights to Lisbon for October\", \"external_id\": \"p2\", \"tags\": [\"travel\"], \"session\": \"trip\", \"occurred_at\": \"2024-06-02T19:15:00Z\"}\n",
            "{\"text\": \"Marco found an apartment in Alfama\", \"external_id\": \"p3\", \"session\": \"trip\", \"occurred_at\": \"2024-06-05T21:00:00Z\", \"links\": [{\"to\": \"p2\", \"relation\": \"follows\"}]}\n",
        ),
    );
    let out = ok(&mnemo(
        &db,
        &["import", file.to_str().unwrap(), "--space", "work"],
    ));
    assert!(
        out.starts_with(&format!(
            "{} (jsonl): 2 lines: 2 added, 0 already present",
            file.display()
        )),
        "{out}"
    );
    let out = ok(&mnemo(
        &db,
        &["import", file.to_str().unwrap(), "--space", "work"],
    ));
    assert!(
        out.starts_with(&format!(
            "{} (jsonl): 2 lines: 0 added, 2 already present",
            file.display()
        )),
        "{out}"
    );

    let out = ok(&mnemo(
        &db,
        &[
            "query",
            "who found the apartment",
            "--space",
            "work",
            "--limit",
            "3",
            "--json",
        ],
    ));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let results = v["results"].as_array().unwrap();
    assert!(!results.is_empty() && results.len() <= 3);
    assert_eq!(results[0]["external_id"], "p3");
    for key in [
        "id",
        "external_id",
        "kind",
        "title",
        "text",
        "score",
        "signals",
    ] {
        assert!(results[0].get(key).is_some(), "result lacks {key}");
    }
    assert!(v["trace"]["stages"].as_array().unwrap().len() >= 6);

    let out = ok(&mnemo(&db, &["query", "compaction", "--explain"]));
    assert!(
        out.contains("── Vector") && out.contains("── Rerank") && out.contains("── results"),
        "{out}"
    );
    assert!(out.contains("Compaction tip"), "{out}");

    let queries = write(
        dir.path(),
        "q.jsonl",
        "{\"text\": \"apartment\", \"space\": \"work\", \"limit\": 1}\n{\"text\": \"compaction\", \"limit\": 2, \"kinds\": [\"note\"]}\n",
    );
    let out = ok(&mnemo(
        &db,
        &["query", "--batch", queries.to_str().unwrap(), "--json"],
    ));
    let answers: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(answers.len(), 2, "one answer per query, in order");
    assert_eq!(answers[0]["results"].as_array().unwrap().len(), 1);
    assert_eq!(answers[0]["results"][0]["external_id"], "p3");
    assert_eq!(answers[1]["results"][0]["id"], id);

    let export = dir.path().join("export.jsonl");
    ok(&mnemo(&db, &["export", "--out", export.to_str().unwrap()]));
    let stdout_export = ok(&mnemo(&db, &["export"]));
    assert_eq!(
        std::fs::read_to_string(&export).unwrap(),
        stdout_export,
        "--out and stdout agree"
    );
    let copy = dir.path().join("copy");
    ok(&mnemo(&copy, &["import", export.to_str().unwrap()]));
    assert_eq!(
        ok(&mnemo(&copy, &["export"])),
        stdout_export,
        "export → import → export is stable"
    );

    let stats: serde_json::Value =
        serde_json::from_str(&ok(&mnemo(&db, &["stats", "--json"]))).unwrap();
    assert_eq!(stats["by_kind"]["note"], 1);
    assert_eq!(stats["by_kind"]["episode"], 2);
    assert!(
        stats["store"]["traces"].as_u64().unwrap() >= 3,
        "queries leave traces: {stats}"
    );
}

#[test]
fn a_bad_import_line_exits_non_zero_names_the_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    let file = write(
        dir.path(),
        "bad.jsonl",
        "{\"text\": \"fine\"}\n{\"text\": \"also fine\"}\n{\"text\": \"\"}\n",
    );
    let out = mnemo(&db, &["import", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 3: text: must not be empty"), "{err}");
    let stats: serde_json::Value =
        serde_json::from_str(&ok(&mnemo(&db, &["stats", "--json"]))).unwrap();
    assert_eq!(stats["store"]["memories"], 0);

    let out = mnemo(&db, &["add", "x", "--kind", "thought"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown value \"thought\""));
}
