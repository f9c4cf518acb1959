//! Embeds the built UI (`ui/dist`) in the binary, so that `mnemo serve` serves it from any
//! directory and after `cargo install`. Writes `ui_assets.rs`: (path, bytes, etag) per file.
//! `include_bytes!` makes the compiler track each file; the directory is watched for new ones.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let dist = manifest.join("../../ui/dist");
    println!("cargo:rerun-if-changed={}", dist.display());
    let mut files = Vec::new();
    if dist.join("index.html").is_file() {
        walk(&dist, &dist, &mut files);
    } else {
        println!(
            "cargo:warning=ui/dist is not built: this binary serves the API only (run `npm run build` in ui/ first)"
        );
    }
    files.sort();
    let mut out = String::from("pub(crate) static FILES: &[(&str, &[u8], &str)] = &[\n");
    for (rel, path) in &files {
        let bytes = std::fs::read(path).expect("a UI file is readable");
        let etag = format!("\"{:016x}\"", fnv1a(&bytes));
        let abs = path.canonicalize().expect("a UI file has a path");
        writeln!(out, "    ({rel:?}, include_bytes!({abs:?}), {etag:?}),").expect("to a string");
    }
    out.push_str("];\n");
    let target =
        PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo")).join("ui_assets.rs");
    std::fs::write(target, out).expect("OUT_DIR is writable");
}

/// Every file under `dir`, as its path relative to `root` (with `/`) and its full path.
fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    for entry in std::fs::read_dir(dir).expect("ui/dist is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            walk(root, &path, out);
        } else {
            let rel = path.strip_prefix(root).expect("under the root");
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push((rel.join("/"), path));
        }
    }
}

/// FNV-1a, 64 bits: an ETag that changes with the content.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
