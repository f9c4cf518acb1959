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

/// Reads the child's stdout lines on a thread, so a test can wait for one with a deadline.
fn lines_of(child: &mut std::process::Child) -> std::sync::mpsc::Receiver<String> {
    use std::io::BufRead;
    let out = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

fn wait_for(lines: &std::sync::mpsc::Receiver<String>, what: &str) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) if line.contains(what) => return line,
            Ok(_) => continue,
            Err(e) => panic!("no line with {what:?}: {e}"),
        }
    }
}

#[test]
fn watch_follows_a_vault_live_until_interrupted() {
    let dir = tempfile::tempdir().unwrap();
    let (db, vault) = (dir.path().join("store"), dir.path().join("notes"));
    std::fs::create_dir_all(vault.join(".obsidian")).unwrap();
    write(
        &vault,
        "Atlas.md",
        "# Project Atlas\n\nSearch moves to [[Lance]].\n",
    );
    write(&vault, "Lance.md", "The embedded vector store.\n");
    let mut child = Command::new(env!("CARGO_BIN_EXE_mnemo"))
        .arg("--db")
        .arg(&db)
        .args(["watch", "--space", "notes"])
        .arg(&vault)
        .env_remove("MNEMO_DB")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let lines = lines_of(&mut child);
    let first = wait_for(&lines, "(markdown)");
    assert!(first.contains("2 lines: 2 added"), "{first}");
    wait_for(&lines, "watching");

    // Saved in the editor: the note is updated in place. Obsidian's own files are not notes.
    write(
        &vault,
        "Atlas.md",
        "# Project Atlas\n\nSearch moves to [[Lance]] in June.\n",
    );
    write(&vault.join(".obsidian"), "workspace.json", "{}");
    let saved = wait_for(&lines, "updated");
    assert!(saved.contains("1 updated (0 moved), 0 archived"), "{saved}");
    // A new note, then one deleted.
    write(&vault, "Priya.md", "Priya runs the index.\n");
    let added = wait_for(&lines, "added");
    assert!(added.contains("1 added"), "{added}");
    std::fs::remove_file(vault.join("Lance.md")).unwrap();
    let gone = wait_for(&lines, "archived");
    assert!(gone.contains("1 archived"), "{gone}");
    // Half-typed front matter is reported and the watch goes on.
    write(
        &vault,
        "Priya.md",
        "---\ntags: [a\n---\nPriya runs the index.\n",
    );
    let broken = wait_for(&lines, "not imported");
    assert!(broken.contains("Priya.md"), "{broken}");

    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let export = ok(&mnemo(&db, &["export", "--space", "notes"]));
    assert!(
        export.contains("Search moves to [[Lance]] in June."),
        "{export}"
    );
    assert!(export.contains("Priya runs the index."));
    assert!(
        !export.contains("workspace"),
        "Obsidian's settings are no note"
    );
    let lance = export
        .lines()
        .find(|l| l.contains("The embedded vector store"))
        .unwrap();
    assert!(lance.contains("\"status\":\"archived\""), "{lance}");
}
