//! Finds the model assets inside the pocket-encoder package this crate links, for `include_bytes!`.
//!
//! pocket-encoder keeps its model private and runs one text per forward pass. To run
//! batched forward passes over the *same* bundled weights, this crate compiles in the
//! very files pocket-encoder compiles in: it asks Cargo (offline, so nothing is ever
//! downloaded) where the locked pocket-encoder package lives. No model file is copied
//! into this repository. If the assets cannot be found, the crate still builds and falls
//! back to running pocket-encoder's own encoder on several threads.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Files of pocket-encoder's `assets/` directory that the batched model reads.
const ASSETS: [&str; 5] = [
    "model.safetensors",
    "shapes.json",
    "config.json",
    "tokenizer.json",
    "provenance.json",
];

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rustc-check-cfg=cfg(mnemo_embed_batched)");

    match locate_assets() {
        Ok((assets, lock_file)) => {
            for name in ASSETS {
                println!("cargo::rerun-if-changed={}", assets.join(name).display());
            }
            // A different pocket-encoder version changes the lock file but not the old
            // asset files, so the lock file must also trigger a new lookup.
            if let Some(lock_file) = lock_file {
                println!("cargo::rerun-if-changed={}", lock_file.display());
            }
            println!("cargo::rustc-env=MNEMO_POCKET_ASSETS={}", assets.display());
            println!("cargo::rustc-cfg=mnemo_embed_batched");
        }
        Err(why) => {
            println!(
                "cargo::warning=mnemo-embed: batched inference disabled ({why}); \
                 falling back to pocket-encoder's one-text-at-a-time encoder on several threads"
            );
        }
    }
}

/// Returns pocket-encoder's `assets/` directory and the workspace lock file.
///
/// `cargo metadata` on the workspace itself would need every member's dependencies on
/// disk, and `cargo build -p mnemo-embed` only fetches this crate's. So the lookup
/// resolves a throwaway one-dependency package (in OUT_DIR) against a copy of the
/// workspace lock file: same pocket-encoder version and source, only its own
/// dependencies needed, `--offline` so it can never download anything.
fn locate_assets() -> Result<(PathBuf, Option<PathBuf>), String> {
    let cargo = env("CARGO")?;
    let manifest_dir = PathBuf::from(env("CARGO_MANIFEST_DIR")?);
    let out_dir = PathBuf::from(env("OUT_DIR")?);
    let target = env("TARGET")?;

    let lock_file = manifest_dir
        .ancestors()
        .map(|dir| dir.join("Cargo.lock"))
        .find(|path| path.is_file());
    let requirement = match &lock_file {
        Some(lock_file) => format!("={}", locked_version(lock_file)?),
        None => "*".to_string(),
    };

    let probe = out_dir.join("pocket-encoder-probe");
    std::fs::create_dir_all(probe.join("src")).map_err(|e| e.to_string())?;
    std::fs::write(probe.join("src/lib.rs"), "").map_err(|e| e.to_string())?;
    std::fs::write(
        probe.join("Cargo.toml"),
        format!(
            "[package]\nname = \"mnemo-embed-asset-probe\"\nversion = \"0.0.0\"\n\
             edition = \"2021\"\npublish = false\n\n[dependencies]\n\
             pocket-encoder = \"{requirement}\"\n\n[workspace]\n"
        ),
    )
    .map_err(|e| e.to_string())?;
    if let Some(lock_file) = &lock_file {
        std::fs::copy(lock_file, probe.join("Cargo.lock")).map_err(|e| e.to_string())?;
    }

    // Run from this crate's directory so the same Cargo configuration (for example a
    // vendored-sources replacement) applies as to the real build.
    let output = Command::new(cargo)
        .current_dir(&manifest_dir)
        .args([
            "metadata",
            "--offline",
            "--format-version",
            "1",
            "--filter-platform",
        ])
        .arg(&target)
        .arg("--manifest-path")
        .arg(probe.join("Cargo.toml"))
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!(
            "cargo metadata failed: {}",
            stderr.split_whitespace().collect::<Vec<_>>().join(" ")
        ));
    }
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("cannot parse cargo metadata: {e}"))?;
    let dep_manifest = metadata["packages"]
        .as_array()
        .ok_or("no packages in cargo metadata")?
        .iter()
        .find(|p| p["name"].as_str() == Some("pocket-encoder"))
        .and_then(|p| p["manifest_path"].as_str())
        .ok_or("pocket-encoder is not in cargo metadata")?;
    let assets = Path::new(dep_manifest)
        .parent()
        .ok_or("manifest path without a directory")?
        .join("assets");
    for name in ASSETS {
        if !assets.join(name).is_file() {
            return Err(format!("{} not found", assets.join(name).display()));
        }
    }
    Ok((assets, lock_file))
}

/// The one pocket-encoder version in the lock file (two would make the choice a guess).
fn locked_version(lock_file: &Path) -> Result<String, String> {
    let lock = std::fs::read_to_string(lock_file).map_err(|e| e.to_string())?;
    let mut versions = Vec::new();
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"pocket-encoder\"" {
            let version = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
                .and_then(|v| v.strip_suffix('"'))
                .ok_or("unreadable pocket-encoder entry in Cargo.lock")?;
            versions.push(version.to_string());
        }
    }
    match versions.as_slice() {
        [version] => Ok(version.clone()),
        [] => Err("pocket-encoder is not in Cargo.lock".into()),
        _ => Err(format!(
            "several pocket-encoder versions in Cargo.lock: {versions:?}"
        )),
    }
}

fn env(name: &str) -> Result<String, String> {
    std::env::var(name).map_err(|_| format!("{name} is not set"))
}
