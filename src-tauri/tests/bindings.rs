//! The UI's TypeScript types come from Rust: this fails when `ui/src/bindings.ts` is stale.
//! `MNEMO_UPDATE_BINDINGS=1 cargo test -p mnemo-app --test bindings` (or `npm run bindings`) rewrites it.

use std::path::PathBuf;

#[test]
fn the_committed_bindings_match_the_rust_types() {
    let committed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts");
    if std::env::var_os("MNEMO_UPDATE_BINDINGS").is_some() {
        mnemo_app::export_bindings(&committed).expect("export bindings");
    }
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("bindings.ts");
    mnemo_app::export_bindings(&fresh).expect("export bindings");
    let fresh = std::fs::read_to_string(&fresh).unwrap();
    let old = std::fs::read_to_string(&committed).unwrap_or_default();
    assert!(
        fresh.contains("export type Memory ="),
        "the export lacks the Memory type"
    );
    assert!(fresh.contains("getMemory"), "the export lacks the commands");
    assert!(
        old == fresh,
        "ui/src/bindings.ts is stale: run `npm run bindings` (MNEMO_UPDATE_BINDINGS=1 cargo test -p mnemo-app --test bindings) and commit it"
    );
}
