//! Links `mnemo` with packed relative relocations (DT_RELR) where the machine's linker and C
//! library support them.
//!
//! A position-independent binary of this size carries about 200,000 relative relocations: 4.7 MB
//! of `.rela.dyn` at 24 bytes each, which DT_RELR packs into a bitmap of a few kilobytes (and the
//! loader applies faster). A binary so linked needs glibc 2.36 or newer, so the flag is added
//! only when the C library `mnemo` is linked against provides `GLIBC_ABI_DT_RELR` and the linker
//! knows the option: a build on an older machine links as before. The desktop app is not linked
//! this way, because its AppImage promises glibc 2.35.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=CC");
    if packed_relocations_supported() {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

fn packed_relocations_supported() -> bool {
    let env = |key: &str| std::env::var(key).unwrap_or_default();
    let native = env("HOST") == env("TARGET");
    let gnu_linux = env("CARGO_CFG_TARGET_OS") == "linux" && env("CARGO_CFG_TARGET_ENV") == "gnu";
    let arch = matches!(env("CARGO_CFG_TARGET_ARCH").as_str(), "x86_64" | "aarch64");
    native && gnu_linux && arch && linker_knows_option() && libc_has_relr()
}

fn compiler() -> String {
    std::env::var("CC").unwrap_or_else(|_| "cc".to_owned())
}

fn output_of(args: &[&str]) -> Option<Vec<u8>> {
    let out = Command::new(compiler()).args(args).output().ok()?;
    Some([out.stdout, out.stderr].concat())
}

fn linker_knows_option() -> bool {
    output_of(&["-Wl,--help"]).is_some_and(|help| contains(&help, b"pack-relative-relocs"))
}

fn libc_has_relr() -> bool {
    let Some(path) = output_of(&["-print-file-name=libc.so.6"]) else {
        return false;
    };
    let path = String::from_utf8_lossy(&path).trim().to_owned();
    std::fs::read(&path).is_ok_and(|libc| contains(&libc, b"GLIBC_ABI_DT_RELR"))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}
