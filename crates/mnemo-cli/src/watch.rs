//! `mnemo watch DIR [--space S]`: imports a Markdown vault, then follows it live until Ctrl+C,
//! a line for each burst of changes it brings in.

use anyhow::{Result, bail};
use mnemo_api::{Api, Caller, ImportOptions, WatchEvent};
use std::path::Path;

use crate::import;

pub async fn run(api: &Api, dir: &Path, space: Option<String>, no_similar: bool) -> Result<()> {
    if !dir.is_dir() {
        bail!(
            "{} is not a folder: watch follows a vault of Markdown notes",
            dir.display()
        );
    }
    let options = ImportOptions {
        space,
        link_similar: !no_similar,
        ..ImportOptions::named(import::name_of(dir))
    };
    let shown = dir.to_path_buf();
    let report = move |event: WatchEvent| {
        let at = chrono::Local::now().format("%H:%M:%S");
        match event {
            WatchEvent::Synced { report } => println!("{at} {}", import::summary(&shown, &report)),
            WatchEvent::Failed { error } => println!("{at} not imported: {}", error.message),
        }
    };
    let person = Caller::user().via("cli");
    let (first, watch) = api.watch_vault(dir, options, person, report).await?;
    println!("{}", import::summary(dir, &first));
    println!(
        "watching {} for changes (Ctrl+C to stop)",
        watch.dir.display()
    );
    tokio::signal::ctrl_c().await?;
    watch.stop();
    api.flush().await?;
    eprintln!("stopped watching");
    Ok(())
}
