//! `mnemo doctor`: each thing a user's setup needs (the store opens and is consistent, its schema,
//! the vector index, the token file, free disk, the built-in UI, the model), as ok / warning /
//! error with the fix. The judgements are pure functions; `run` gathers the facts.

use anyhow::Result;
use mnemo_engine::DoctorReport;
use mnemo_store::Location;
use serde::Serialize;
use std::path::Path;
use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Ok,
    Warning,
    Error,
}

/// One line of the doctor's answer.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub name: &'static str,
    pub level: Level,
    pub detail: String,
    /// What to do about it, when it is not ok.
    pub fix: Option<String>,
}

impl Check {
    fn ok(name: &'static str, detail: impl Into<String>) -> Check {
        Check {
            name,
            level: Level::Ok,
            detail: detail.into(),
            fix: None,
        }
    }

    fn not_ok(
        name: &'static str,
        level: Level,
        detail: impl Into<String>,
        fix: impl Into<String>,
    ) -> Check {
        Check {
            name,
            level,
            detail: detail.into(),
            fix: Some(fix.into()),
        }
    }
}

#[derive(Serialize)]
struct Answer<'a> {
    checks: &'a [Check],
    store: Option<&'a DoctorReport>,
}

pub async fn run(uri: &Location, repair: bool, json: bool) -> Result<()> {
    let mut checks = Vec::new();
    let started = Instant::now();
    let report = match crate::open_engine(uri).await {
        Ok(engine) => {
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            checks.push(Check::ok("store", format!("{uri} opens ({ms:.0} ms)")));
            let report = store_checks(&engine, repair, &mut checks).await;
            checks.push(model(&engine));
            engine.close().await?;
            report
        }
        Err(e) => {
            let fix = format!(
                "check that {uri} is a Mnemo store (or an empty folder) you may read and write"
            );
            checks.push(Check::not_ok(
                "store",
                Level::Error,
                format!("{uri} does not open: {e:#}"),
                fix,
            ));
            None
        }
    };
    checks.push(token(&mnemo_server::default_token_path()));
    checks.push(disk(uri));
    checks.push(ui(mnemo_server::ui_is_embedded()));
    if json {
        let answer = Answer {
            checks: &checks,
            store: report.as_ref(),
        };
        println!("{}", serde_json::to_string_pretty(&answer)?);
    } else {
        print(&checks, report.as_ref());
    }
    if checks.iter().any(|c| c.level == Level::Error) {
        anyhow::bail!("mnemo doctor found errors (see the fixes above)");
    }
    Ok(())
}

async fn store_checks(
    engine: &mnemo_engine::Engine,
    repair: bool,
    checks: &mut Vec<Check>,
) -> Option<DoctorReport> {
    let info = engine.store().info();
    checks.push(schema(info.schema_version, mnemo_store::SCHEMA_VERSION));
    let report = match engine.doctor(repair).await {
        Ok(r) => r,
        Err(e) => {
            let fix = "run `mnemo doctor --repair`; if that fails too, export what opens and import it into a new store";
            checks.push(Check::not_ok(
                "consistent",
                Level::Error,
                format!("cannot be checked: {e}"),
                fix,
            ));
            return None;
        }
    };
    checks.push(consistency(&report));
    let rows = engine.store().counts().await.map_or(0, |c| c.memories);
    match engine.store().vector_index().await {
        Ok(index) => checks.push(vector_index(rows, index.as_ref())),
        Err(e) => checks.push(Check::not_ok(
            "index",
            Level::Warning,
            format!("cannot read the vector index: {e}"),
            "run `mnemo optimize`",
        )),
    }
    Some(report)
}

fn schema(found: u32, ours: u32) -> Check {
    if found == ours {
        Check::ok("schema", format!("v{found}, this Mnemo's"))
    } else {
        let fix = "use the Mnemo that wrote this store, or a newer one";
        Check::not_ok(
            "schema",
            Level::Error,
            format!("v{found}, but this Mnemo reads v{ours}"),
            fix,
        )
    }
}

fn consistency(r: &DoctorReport) -> Check {
    if r.is_clean() || r.repaired {
        let done = if r.repaired { "repaired: " } else { "" };
        return Check::ok(
            "consistent",
            format!(
                "{done}every memory and edge belongs to a committed change; nothing duplicated"
            ),
        );
    }
    let detail = format!(
        "{} dangling edges, {} memories no change accounts for, {} duplicated ids or names",
        r.dangling_edges.len(),
        r.unlogged_memories.len(),
        r.duplicates.len()
    );
    Check::not_ok(
        "consistent",
        Level::Error,
        detail,
        "run `mnemo doctor --repair`",
    )
}

fn vector_index(rows: usize, index: Option<&mnemo_store::VectorIndexState>) -> Check {
    let due = mnemo_store::vector_index_due(rows, index);
    let detail = match index {
        None => format!("{rows} memories, no vector index (exact search)"),
        Some(st) => format!(
            "{} rows indexed, {} not yet, in {} segment(s)",
            st.indexed, st.unindexed, st.segments
        ),
    };
    match due {
        None => Check::ok("index", detail),
        Some(why) => Check::not_ok(
            "index",
            Level::Warning,
            format!("{detail}: {why}"),
            "run `mnemo optimize` (searches stay correct meanwhile, only slower)",
        ),
    }
}

fn token(path: &Path) -> Check {
    let shown = path.display();
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Check::ok(
            "token",
            format!("{shown} not made yet (`mnemo serve` makes it, readable by you alone)"),
        ),
        Err(e) => Check::not_ok(
            "token",
            Level::Error,
            format!("{shown}: {e}"),
            "check the permissions of its folder",
        ),
        Ok(meta) => token_mode(&shown.to_string(), mode(&meta)),
    }
}

#[cfg(unix)]
fn mode(meta: &std::fs::Metadata) -> Option<u32> {
    Some(std::os::unix::fs::PermissionsExt::mode(&meta.permissions()))
}

#[cfg(not(unix))]
fn mode(_: &std::fs::Metadata) -> Option<u32> {
    None
}

fn token_mode(shown: &str, mode: Option<u32>) -> Check {
    match mode {
        Some(m) if m & 0o077 != 0 => Check::not_ok(
            "token",
            Level::Warning,
            format!(
                "{shown} is readable by others (mode {:o}): they could call the API as you",
                m & 0o777
            ),
            format!("chmod 600 {shown} (`mnemo serve` also fixes it when it starts)"),
        ),
        _ => Check::ok("token", format!("{shown}, readable by you alone")),
    }
}

const GIB: u64 = 1 << 30;

fn disk(uri: &str) -> Check {
    if uri.contains("://") {
        return Check::ok(
            "disk",
            format!("{uri} is object storage: no local disk to check"),
        );
    }
    // The store's folder, or the nearest existing parent before it is made.
    let mut dir = Path::new(uri);
    while !dir.exists() {
        match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => dir = p,
            _ => break,
        }
    }
    match free_bytes(dir) {
        Some(free) => free_space(free),
        None => Check::not_ok(
            "disk",
            Level::Warning,
            format!("cannot tell the free space at {}", dir.display()),
            "check with `df -h`",
        ),
    }
}

/// Free space judged against what a store needs to commit and compact.
fn free_space(free: u64) -> Check {
    let detail = format!(
        "{:.1} GiB free where the store is",
        free as f64 / GIB as f64
    );
    let fix = "free some disk space: a store needs room to commit and to compact its files";
    if free < GIB / 2 {
        Check::not_ok("disk", Level::Error, detail, fix)
    } else if free < 2 * GIB {
        Check::not_ok("disk", Level::Warning, detail, fix)
    } else {
        Check::ok("disk", detail)
    }
}

#[cfg(unix)]
fn free_bytes(dir: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut st = std::mem::MaybeUninit::<libc::statvfs>::uninit();
    // SAFETY: `path` is a NUL-terminated string and `st` is written by statvfs before it is read.
    let st = unsafe {
        if libc::statvfs(path.as_ptr(), st.as_mut_ptr()) != 0 {
            return None;
        }
        st.assume_init()
    };
    Some(st.f_bavail as u64 * st.f_frsize as u64)
}

#[cfg(not(unix))]
fn free_bytes(_: &Path) -> Option<u64> {
    None
}

fn ui(embedded: bool) -> Check {
    if embedded {
        Check::ok("ui", "built into this binary")
    } else {
        let fix = "build the UI (`cd ui && npm run build`), then build mnemo again; or serve one with --ui DIR";
        Check::not_ok(
            "ui",
            Level::Warning,
            "this binary was built without the UI: `mnemo serve` answers the API only",
            fix,
        )
    }
}

fn model(engine: &mnemo_engine::Engine) -> Check {
    let e = engine.embedder();
    let started = Instant::now();
    match e.embed_one("doctor check") {
        Ok(v) => {
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            Check::ok(
                "model",
                format!(
                    "{} ({} dimensions) embeds a sentence in {ms:.0} ms",
                    e.id(),
                    v.len()
                ),
            )
        }
        Err(err) => Check::not_ok(
            "model",
            Level::Error,
            format!("{} does not load: {err}", e.id()),
            "reinstall Mnemo: the model is built into the binary",
        ),
    }
}

fn print(checks: &[Check], report: Option<&DoctorReport>) {
    for c in checks {
        let level = match c.level {
            Level::Ok => "ok",
            Level::Warning => "warning",
            Level::Error => "error",
        };
        println!("{level:<8} {:<11} {}", c.name, c.detail);
        if let Some(fix) = &c.fix {
            println!("{:<20} fix: {fix}", "");
        }
    }
    if let Some(r) = report {
        crate::print_doctor_details(r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_readable_by_others_is_a_warning_with_the_fix() {
        let c = token_mode("/t", Some(0o100644));
        assert_eq!(c.level, Level::Warning);
        assert!(c.detail.contains("644"), "{}", c.detail);
        assert!(c.fix.unwrap().contains("chmod 600 /t"));
        assert_eq!(token_mode("/t", Some(0o100600)).level, Level::Ok);
    }

    #[test]
    fn free_space_thresholds() {
        assert_eq!(free_space(100 * GIB).level, Level::Ok);
        assert_eq!(free_space(GIB).level, Level::Warning);
        assert_eq!(free_space(GIB / 4).level, Level::Error);
    }

    #[test]
    fn schema_and_ui() {
        assert_eq!(schema(3, 3).level, Level::Ok);
        assert_eq!(schema(4, 3).level, Level::Error);
        assert_eq!(ui(true).level, Level::Ok);
        assert_eq!(ui(false).level, Level::Warning);
    }

    #[test]
    fn a_half_written_store_is_an_error_until_repaired() {
        let mut r = DoctorReport {
            dangling_edges: vec!["e".into()],
            ..Default::default()
        };
        assert_eq!(consistency(&r).level, Level::Error);
        r.repaired = true;
        assert_eq!(consistency(&r).level, Level::Ok);
    }

    #[test]
    fn an_index_far_behind_is_a_warning() {
        let behind = mnemo_store::VectorIndexState {
            segments: 1,
            indexed: 6_000,
            unindexed: 4_000,
        };
        assert_eq!(vector_index(10_000, Some(&behind)).level, Level::Warning);
        let fresh = mnemo_store::VectorIndexState {
            segments: 1,
            indexed: 10_000,
            unindexed: 0,
        };
        assert_eq!(vector_index(10_000, Some(&fresh)).level, Level::Ok);
        assert_eq!(vector_index(10_000, None).level, Level::Warning);
        assert_eq!(vector_index(100, None).level, Level::Ok);
    }

    #[test]
    fn free_space_is_read_where_the_store_will_be() {
        let dir = tempfile::tempdir().unwrap();
        let c = disk(&dir.path().join("not/yet/made").to_string_lossy());
        assert_ne!(c.level, Level::Error, "{c:?}");
        assert!(c.detail.contains("GiB free"), "{}", c.detail);
    }
}
