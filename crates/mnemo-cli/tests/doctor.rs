//! `mnemo doctor` as a user runs it: the real binary on a real store, each check with its level
//! and fix, JSON for scripts, and a non-zero exit on an error.

use std::process::{Command, Output};

fn doctor(db: &str, token: &std::path::Path, json: bool) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mnemo"));
    cmd.args(["--db", db, "doctor"])
        .env("MNEMO_TOKEN_FILE", token)
        .env_remove("MNEMO_UI_DIR");
    if json {
        cmd.arg("--json");
    }
    cmd.output().expect("mnemo runs")
}

#[test]
fn doctor_reports_each_check_with_its_fix() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store");
    let token = dir.path().join("token");
    std::fs::write(&token, "0123456789abcdef0123456789abcdef").unwrap();
    #[cfg(unix)]
    std::fs::set_permissions(&token, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    let out = doctor(&db.to_string_lossy(), &token, false);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "warnings only: {text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for line in [
        "ok       store",
        "ok       schema",
        "ok       consistent",
        "ok       index",
        "ok       disk",
        "ok       model",
    ] {
        assert!(text.contains(line), "{line:?} in:\n{text}");
    }
    #[cfg(unix)]
    {
        assert!(text.contains("warning  token"), "{text}");
        assert!(
            text.contains(&format!("fix: chmod 600 {}", token.display())),
            "{text}"
        );
    }

    let out = doctor(&db.to_string_lossy(), &token, true);
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = (answer["checks"].as_array().unwrap().iter())
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "store",
            "schema",
            "consistent",
            "index",
            "model",
            "token",
            "disk",
            "ui"
        ]
    );
    assert_eq!(answer["store"]["repaired"], false);
}

#[test]
fn a_store_that_does_not_open_is_an_error_and_a_non_zero_exit() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-store");
    std::fs::write(&file, "just a file").unwrap();
    let out = doctor(&file.to_string_lossy(), &dir.path().join("token"), false);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("error    store"), "{text}");
    assert!(text.contains("fix: check that"), "{text}");
    // The checks that need no store still run.
    assert!(text.contains("ok       token"), "{text}");
}
