//! `mnemo`: the command line over a memory store. A thin front-end: writes go through `mnemo-api`'s
//! operations, reads and benchmarks through the engine.

mod agents;
mod bench;
mod bench_remote;
mod bench_vault;
mod crash;
mod curate;
mod doctor;
mod dupscan;
mod eval;
mod explain;
mod export;
mod http;
mod import;
mod load;
mod serve;
mod spaces;
mod watch;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use mnemo_api::{Api, Caller, ImportOptions, Progress, ops};
use mnemo_core::{
    MemoryKind, MemoryPatch, MemoryStatus, NewEdge, NewMemory, RetrievalQuery, RetrievalResult,
};
use mnemo_engine::{Engine, RecallOptions};
use mnemo_store::Location;
use serde::Deserialize;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "mnemo",
    version,
    about = "Mnemo: see, search and curate a memory graph"
)]
struct Cli {
    /// The store's directory (or object-store URI). Defaults to $MNEMO_DB, then the OS data directory.
    #[arg(long, global = true, env = "MNEMO_DB")]
    db: Option<String>,
    /// An option of an object-store URI, KEY=VALUE (repeatable): aws_endpoint, aws_region,
    /// allow_http, credentials. The usual AWS_* environment variables apply as well.
    #[arg(long = "storage-option", global = true, value_name = "KEY=VALUE")]
    storage_options: Vec<String>,
    /// Log more (repeat for more).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Add one memory; prints its id.
    Add {
        text: String,
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        space: Option<String>,
        #[arg(long)]
        title: Option<String>,
        #[arg(long = "tag")]
        tags: Vec<String>,
        /// When it happened (RFC 3339).
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        session: Option<String>,
        #[arg(long)]
        source: Option<String>,
        #[arg(long)]
        importance: Option<f32>,
        /// An entity the memory mentions (repeatable).
        #[arg(long = "entity")]
        entities: Vec<String>,
        /// Print the stored memory as JSON instead of its id.
        #[arg(long)]
        json: bool,
    },
    /// Import memories: Mnemo JSONL, a ChatGPT or Claude data export (conversations.json), a
    /// transcript (JSONL of {speaker, text, time, conversation}), the MCP memory server's
    /// memory.jsonl, or a folder of Markdown notes (an Obsidian vault). All or nothing, one
    /// action to undo; importing the same thing again adds nothing.
    Import {
        /// A file, or a folder (a Markdown vault).
        path: PathBuf,
        /// Space for what names none.
        #[arg(long)]
        space: Option<String>,
        /// jsonl, markdown, chatgpt, claude, transcript or mcp-memory (default: detected).
        #[arg(long)]
        format: Option<String>,
        /// Skip nearest-neighbour `similar` links (faster for very large files).
        #[arg(long)]
        no_similar: bool,
        #[arg(long)]
        json: bool,
    },
    /// Import a Markdown (Obsidian) vault, then follow it live until Ctrl+C: a note saved,
    /// added, moved or deleted there is updated, added, followed or archived here.
    Watch {
        /// The vault's folder.
        dir: PathBuf,
        /// Space for its notes.
        #[arg(long)]
        space: Option<String>,
        /// Skip nearest-neighbour `similar` links.
        #[arg(long)]
        no_similar: bool,
    },
    /// Export memories and their links: JSONL in the import format (lossless), a Markdown vault
    /// (a folder), GraphML or Cytoscape JSON.
    Export {
        #[arg(long)]
        space: Option<String>,
        /// jsonl, markdown, graphml or json.
        #[arg(long, default_value = "jsonl")]
        format: String,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Retrieve memories for a query.
    Query {
        /// The query (omit with --batch).
        text: Option<String>,
        /// Space to search (repeatable; default all).
        #[arg(long = "space")]
        spaces: Vec<String>,
        #[arg(long, default_value_t = 10)]
        limit: u32,
        /// Kind to keep (repeatable).
        #[arg(long = "kind")]
        kinds: Vec<String>,
        /// Tag every result must have (repeatable).
        #[arg(long = "tag")]
        tags: Vec<String>,
        /// Only what was true at this time (RFC 3339): facts valid then, events that had happened.
        #[arg(long)]
        as_of: Option<String>,
        /// Only what Mnemo knew at this time (RFC 3339), as it was then (read from the log).
        #[arg(long)]
        known_at: Option<String>,
        /// A JSONL file of queries (`text`, optional `space`, `limit`, `kinds`); one answer per line.
        #[arg(long)]
        batch: Option<PathBuf>,
        #[arg(long)]
        json: bool,
        /// Print the retrieval trace as a readable table.
        #[arg(long)]
        explain: bool,
    },
    /// Show one memory with its edges.
    Get {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Edit a memory's fields.
    Edit {
        id: String,
        #[arg(long)]
        text: Option<String>,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        kind: Option<String>,
        #[arg(long = "tag")]
        tags: Option<Vec<String>>,
        #[arg(long)]
        importance: Option<f32>,
        #[arg(long)]
        pinned: Option<bool>,
    },
    /// Archive, forget (soft) or restore a memory.
    Status { id: String, status: String },
    /// Link two memories by hand.
    Link {
        from: String,
        to: String,
        #[arg(long)]
        relation: Option<String>,
    },
    /// Remove an edge.
    Unlink { edge: String },
    /// Print the operation log, newest first (with ID: that memory's history).
    Log {
        id: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Undo an action (default: the newest not undone), as a new action in the log.
    Undo {
        /// The action to undo: an operation's action id, as `mnemo log` prints it.
        action: Option<String>,
        /// Overwrite later changes to the same memories.
        #[arg(long)]
        force: bool,
    },
    /// Redo the newest undone action.
    Redo {
        #[arg(long)]
        force: bool,
    },
    /// Merge memories into one; prints the survivor's id.
    Merge {
        #[arg(required = true, num_args = 2..)]
        ids: Vec<String>,
        /// The memory that carries on (default: a pinned one, else the oldest).
        #[arg(long)]
        keep: Option<String>,
        /// The survivor's text afterwards (default: its own).
        #[arg(long)]
        text: Option<String>,
    },
    /// Mark OLD_ID as replaced by NEW_ID (OLD_ID holds until NEW_ID does).
    Supersede { old_id: String, new_id: String },
    /// Erase memories for good: rows, edges, their text in the log and traces, and every old
    /// version of the store's files. Asks first unless --yes. Cannot be undone.
    Purge {
        /// The memories, by id.
        #[arg(
            required_unless_present = "forgotten_before",
            conflicts_with = "forgotten_before"
        )]
        ids: Vec<String>,
        /// Every memory forgotten before this date (YYYY-MM-DD or RFC 3339) and unchanged since.
        #[arg(long)]
        forgotten_before: Option<String>,
        /// Do not ask.
        #[arg(long, short)]
        yes: bool,
    },
    /// Score retrieval configurations on a labelled query set: a file (one `query --batch` line
    /// per query plus `"relevant": [ids or external ids]`), else the judgments made in the app.
    Eval {
        /// A saved configuration (`standard`: the built-in); repeat to compare. Default: the
        /// store's default.
        #[arg(long = "config")]
        configs: Vec<String>,
        #[arg(long)]
        set: Option<PathBuf>,
        /// One JSON object per configuration: recall@1/5/10/20, mrr, ndcg@10, queries.
        #[arg(long)]
        json: bool,
    },
    /// The spaces, with how many memories each holds; or make, rename, describe, archive or
    /// delete one.
    Spaces {
        #[command(subcommand)]
        command: Option<spaces::SpacesCommand>,
        #[arg(long)]
        json: bool,
    },
    /// The review queue: near-duplicates, unconfirmed links, contradictions, orphans, stale.
    Review {
        /// At most this many items per section.
        #[arg(long, default_value_t = 20)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// List recent retrieval traces, or show one.
    Traces {
        /// A trace id to show in full.
        id: Option<String>,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Counts of memories, edges, kinds and spaces.
    Stats {
        #[arg(long)]
        json: bool,
    },
    /// Serve the UI and the HTTP API on this machine; the first line printed is the URL to open.
    Serve {
        /// Port to listen on; 0 picks a free one (default: 7878, else a free one when taken).
        #[arg(long)]
        port: Option<u16>,
        /// Serve the UI from this directory (a built ui/dist) instead of the one built into this
        /// binary (default: $MNEMO_UI_DIR, else the built-in UI).
        #[arg(long)]
        ui: Option<PathBuf>,
        /// Import the demo memory first if the store is empty.
        #[arg(long)]
        demo: bool,
        /// Listen on this address instead of 127.0.0.1 (others on the network can then reach it;
        /// the token still guards it).
        #[arg(long)]
        host: Option<std::net::IpAddr>,
        /// When a server already runs on this store, print its URL and exit instead.
        #[arg(long)]
        reuse: bool,
    },
    /// Serve the Model Context Protocol on stdin/stdout, for agents (Claude Desktop, Claude Code, Cursor…).
    Mcp,
    /// Compact the tables and refresh the indexes.
    Optimize,
    /// Check what this setup needs: the store opens and is consistent (nothing half written,
    /// nothing duplicated), its schema, the vector index, the token file, free disk, the built-in
    /// UI, the model; each ok / warning / error with the fix. Exits non-zero on an error.
    Doctor {
        /// Repair what the check finds: remove rows no committed change accounts for, forget
        /// later duplicates of an external id or entity.
        #[arg(long)]
        repair: bool,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Benchmarks that print medians against a baseline measured in the same run.
    Bench {
        #[command(subcommand)]
        which: bench::Which,
    },
}

fn db_uri(db: &Option<String>) -> String {
    db.clone().unwrap_or_else(|| {
        mnemo_engine::default_db_dir()
            .to_string_lossy()
            .into_owned()
    })
}

pub async fn open_engine(location: impl Into<Location>) -> Result<Engine> {
    let location: Location = location.into();
    let embedder = Arc::new(
        mnemo_embed::PocketEmbedder::new().context("loading the bundled embedding model")?,
    );
    let uri = location.uri.clone();
    Engine::open(location, embedder)
        .await
        .with_context(|| format!("opening the store at {uri}"))
}

/// A progress bar on standard error, only when standard output is a terminal.
pub fn progress_bar() -> impl Fn(Progress) + Sync {
    let bar = std::io::stdout().is_terminal().then(|| {
        let b = indicatif::ProgressBar::new(0);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{msg:>18} [{bar:40}] {pos}/{len} ({per_sec}, {eta})",
            )
            .expect("template")
            .progress_chars("=> "),
        );
        b
    });
    move |p: Progress| {
        if let Some(b) = &bar {
            b.set_message(p.stage);
            b.set_length(p.total as u64);
            b.set_position(p.done as u64);
            if p.stage == "writing" && p.done == p.total {
                b.finish_and_clear();
            }
        }
    }
}

fn main() -> std::process::ExitCode {
    mnemo_alloc::tune();
    let cli = Cli::parse();
    let filter = match cli.verbose {
        // Lance warns on every vector query that a future version will stop returning `_distance`
        // unasked; we read it, and will ask for it when that version comes.
        // …and warns on every index build about a change of its statistics' defaults.
        0 => "warn,lance::dataset::scanner=error,lance::index::vector::ivf=error",
        1 => "info,lance=warn,lancedb=warn,lance::dataset::scanner=error",
        _ => "debug",
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| filter.into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = mnemo_api::runtime::build().expect("tokio runtime");
    match runtime.block_on(run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

pub(crate) fn parse_kinds(kinds: &[String]) -> Result<Vec<MemoryKind>> {
    kinds
        .iter()
        .map(|k| k.parse::<MemoryKind>().map_err(anyhow::Error::from))
        .collect()
}

async fn run(cli: Cli) -> Result<()> {
    let options = (cli.storage_options.iter())
        .map(|o| mnemo_store::parse_storage_option(o))
        .collect::<Result<Vec<_>, _>>()?;
    // Absolute from here on: `serve --reuse` records a server per store, whatever the directory.
    let uri = Location::new(db_uri(&cli.db), options).resolved()?;
    match cli.command {
        Command::Bench { which } => return bench::run(which, &uri).await,
        Command::Mcp => {
            // Standard output carries the protocol: logs go to standard error only.
            let engine = open_engine(&uri).await?;
            engine.start_duplicate_scan();
            let api = Api::new(engine.clone());
            mnemo_mcp::serve_stdio(api)
                .await
                .map_err(|e| anyhow::anyhow!("MCP over stdio: {e}"))?;
            engine.flush().await?;
        }
        Command::Serve {
            port,
            ui,
            demo,
            host,
            reuse,
        } => {
            let args = serve::ServeArgs {
                port,
                ui,
                demo,
                host,
                reuse,
            };
            serve::run(&uri, args).await?;
        }
        Command::Add {
            text,
            kind,
            space,
            title,
            tags,
            at,
            session,
            source,
            importance,
            entities,
            json,
        } => {
            let engine = open_engine(&uri).await?;
            let input = NewMemory {
                text,
                kind,
                title,
                tags,
                space,
                session,
                source,
                occurred_at: at,
                importance,
                entities,
                ..Default::default()
            };
            let api = Api::new(engine);
            let m = api.call::<ops::AddMemory>(input, &Caller::user()).await?;
            api.flush().await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&m)?);
            } else {
                println!("{}", m.id);
            }
        }
        Command::Import {
            path,
            space,
            format,
            no_similar,
            json,
        } => {
            let api = Api::new(open_engine(&uri).await?);
            let options = ImportOptions {
                space,
                link_similar: !no_similar,
                ..ImportOptions::named(String::new())
            };
            import::run(&api, &path, format.as_deref(), options, json).await?;
        }
        Command::Watch {
            dir,
            space,
            no_similar,
        } => {
            let api = Api::new(open_engine(&uri).await?);
            watch::run(&api, &dir, space, no_similar).await?;
        }
        Command::Export { space, format, out } => {
            let api = Api::new(open_engine(&uri).await?);
            export::run(&api, space, &format, out.as_deref()).await?;
        }
        Command::Query {
            text,
            spaces,
            limit,
            kinds,
            tags,
            as_of,
            known_at,
            batch,
            json,
            explain,
        } => {
            let engine = open_engine(&uri).await?;
            let time = |field: &str, v: Option<String>| {
                v.map(|s| mnemo_core::validate::parse_time(field, &s))
                    .transpose()
            };
            let (as_of, known_at) = (time("as_of", as_of)?, time("known_at", known_at)?);
            if let Some(file) = batch {
                return query_batch(&engine, &file, json).await;
            }
            let Some(text) = text else {
                bail!("give a query text, or --batch FILE")
            };
            let query = RetrievalQuery {
                text,
                spaces,
                kinds: parse_kinds(&kinds)?,
                tags,
                as_of,
                known_at,
                limit,
                ..Default::default()
            };
            let recall = engine
                .recall(
                    query,
                    RecallOptions {
                        actor: "cli".into(),
                        record: true,
                        ..Default::default()
                    },
                )
                .await?;
            engine.flush().await?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string(&answer_json(&recall.results, &recall.trace))?
                );
            } else if explain {
                print!(
                    "{}",
                    explain::render(&recall.trace, &|id| engine
                        .get(id)
                        .map(|m| m.title)
                        .unwrap_or_default())
                );
            } else {
                for r in &recall.results {
                    println!(
                        "{:>2}. {:.3}  [{}] {}  ({})",
                        r.rank, r.score, r.memory.kind, r.memory.title, r.memory.id
                    );
                }
                if recall.results.is_empty() {
                    println!("no results");
                }
            }
        }
        Command::Get { id, json } => {
            let engine = open_engine(&uri).await?;
            let m = engine
                .get(&id)
                .with_context(|| format!("no memory with id {id}"))?;
            let edges = engine.edges_of(&id);
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(
                        &serde_json::json!({ "memory": m, "edges": edges })
                    )?
                );
            } else {
                println!(
                    "{}\n{} · {} · space {} · source {}\n\n{}\n",
                    m.title, m.kind, m.id, m.space, m.source, m.text
                );
                for e in edges {
                    let (dir, other) = if e.from == id {
                        ("→", &e.to)
                    } else {
                        ("←", &e.from)
                    };
                    let title = engine.get(other).map(|o| o.title).unwrap_or_default();
                    println!(
                        "  {dir} {:<12} {title} ({other}){}",
                        e.relation,
                        if e.automatic { "  [auto]" } else { "" }
                    );
                }
            }
        }
        Command::Edit {
            id,
            text,
            title,
            kind,
            tags,
            importance,
            pinned,
        } => {
            let engine = open_engine(&uri).await?;
            let kind = kind.map(|k| k.parse::<MemoryKind>()).transpose()?;
            let patch = MemoryPatch {
                text,
                title,
                kind,
                tags,
                importance,
                pinned,
                ..Default::default()
            };
            let update = ops::MemoryUpdate { id, patch };
            let m = Api::new(engine)
                .call::<ops::UpdateMemory>(update, &Caller::user())
                .await?;
            println!("{} (version {})", m.id, m.version);
        }
        Command::Status { id, status } => {
            let engine = open_engine(&uri).await?;
            let status = status.parse::<MemoryStatus>()?;
            let change = ops::StatusChange { id, status };
            let m = Api::new(engine)
                .call::<ops::SetStatus>(change, &Caller::user())
                .await?;
            println!("{} is {}", m.id, m.status);
        }
        Command::Link { from, to, relation } => {
            let engine = open_engine(&uri).await?;
            let edge = NewEdge {
                from,
                to,
                kind: None,
                relation,
                weight: None,
                valid_from: None,
                valid_until: None,
            };
            let e = Api::new(engine)
                .call::<ops::Link>(edge, &Caller::user())
                .await?;
            println!("{}", e.id);
        }
        Command::Unlink { edge } => {
            let engine = open_engine(&uri).await?;
            let edge = ops::EdgeRef { id: edge };
            Api::new(engine)
                .call::<ops::Unlink>(edge, &Caller::user())
                .await?;
        }
        Command::Log { id, limit, json } => {
            curate::log(&Api::new(open_engine(&uri).await?), id, limit, json).await?;
        }
        Command::Undo { action, force } => {
            curate::undo(&Api::new(open_engine(&uri).await?), action, force).await?;
        }
        Command::Redo { force } => {
            curate::redo(&Api::new(open_engine(&uri).await?), force).await?;
        }
        Command::Merge { ids, keep, text } => {
            let request = ops::MergeRequest {
                ids,
                keep,
                text,
                title: None,
            };
            curate::merge(&Api::new(open_engine(&uri).await?), request).await?;
        }
        Command::Supersede { old_id, new_id } => {
            curate::supersede(&Api::new(open_engine(&uri).await?), old_id, new_id).await?;
        }
        Command::Purge {
            ids,
            forgotten_before,
            yes,
        } => {
            let api = Api::new(open_engine(&uri).await?);
            curate::purge(&api, ids, forgotten_before, yes).await?;
        }
        Command::Eval { configs, set, json } => {
            eval::run(
                &Api::new(open_engine(&uri).await?),
                configs,
                set.as_deref(),
                json,
            )
            .await?;
        }
        Command::Spaces { command, json } => {
            spaces::run(&Api::new(open_engine(&uri).await?), command, json).await?;
        }
        Command::Review { limit, json } => {
            curate::review(&Api::new(open_engine(&uri).await?), limit, json).await?;
        }
        Command::Traces { id, limit, json } => {
            let engine = open_engine(&uri).await?;
            match id {
                Some(id) => {
                    let trace = engine.trace(&id).await?;
                    if json {
                        println!("{}", serde_json::to_string_pretty(&trace)?);
                    } else {
                        print!(
                            "{}",
                            explain::render(&trace, &|id| engine
                                .get(id)
                                .map(|m| m.title)
                                .unwrap_or_default())
                        );
                    }
                }
                None => {
                    let list = engine.traces(limit).await?;
                    if json {
                        println!("{}", serde_json::to_string_pretty(&list)?);
                    } else {
                        for t in list {
                            println!(
                                "{}  {}  {:<10} {:>3} results {:>7.1} ms  {}",
                                t.id,
                                t.at.format("%Y-%m-%d %H:%M:%S"),
                                t.actor,
                                t.results,
                                t.total_ms,
                                t.query
                            );
                        }
                    }
                }
            }
        }
        Command::Stats { json } => {
            let engine = open_engine(&uri).await?;
            let s = engine.stats().await?;
            if json {
                println!("{}", serde_json::to_string_pretty(&s)?);
            } else {
                println!(
                    "store       {} (schema v{}, embedder {})",
                    s.uri, s.schema_version, s.embedder
                );
                println!("memories    {}", s.store.memories);
                for (k, n) in &s.by_kind {
                    println!("  {k:<10} {n}");
                }
                println!("edges       {}", s.store.edges);
                for (k, n) in &s.by_edge_kind {
                    println!("  {k:<14} {n}");
                }
                println!(
                    "spaces      {}",
                    s.by_space
                        .iter()
                        .map(|(k, n)| format!("{k} ({n})"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                println!("components  {}", s.components);
                println!("operations  {}", s.store.operations);
                println!("traces      {}", s.store.traces);
            }
        }
        Command::Optimize => {
            let engine = open_engine(&uri).await?;
            engine.optimize().await?;
            println!("optimized");
        }
        Command::Doctor { repair, json } => doctor::run(&uri, repair, json).await?,
    }
    Ok(())
}

/// The details behind `mnemo doctor`'s consistency line.
pub(crate) fn print_doctor_details(r: &mnemo_engine::DoctorReport) {
    for line in &r.recovered {
        println!("recovered  {line}");
    }
    let fixed = if r.repaired { "removed" } else { "found" };
    if !r.dangling_edges.is_empty() {
        let n = r.dangling_edges.len();
        println!("{fixed:<10} {n} edges whose endpoint memory is missing");
    }
    if !r.unlogged_memories.is_empty() {
        let n = r.unlogged_memories.len();
        println!(
            "{fixed:<10} {n} memories no operation in the log accounts for (an interrupted write)"
        );
    }
    let fixed = if r.repaired { "forgot" } else { "found" };
    for d in &r.duplicates {
        let n = d.others.len();
        println!(
            "{fixed:<10} {n} later duplicates of {} in space {} (kept {})",
            d.what, d.space, d.kept
        );
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BatchQuery {
    text: String,
    #[serde(default)]
    space: Option<String>,
    #[serde(default)]
    limit: Option<u32>,
    #[serde(default)]
    kinds: Vec<String>,
}

async fn query_batch(engine: &Engine, file: &std::path::Path, json: bool) -> Result<()> {
    if !json {
        bail!("--batch prints JSON lines; add --json");
    }
    let f = std::fs::File::open(file).with_context(|| format!("opening {}", file.display()))?;
    // Parse every line first: a bad line is reported before any query runs.
    let mut queries = Vec::new();
    for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let q: BatchQuery = serde_json::from_str(&line)
            .with_context(|| format!("{}: line {}", file.display(), i + 1))?;
        let kinds =
            parse_kinds(&q.kinds).with_context(|| format!("{}: line {}", file.display(), i + 1))?;
        queries.push(RetrievalQuery {
            text: q.text,
            spaces: q.space.into_iter().collect(),
            kinds,
            limit: q.limit.unwrap_or(10),
            ..Default::default()
        });
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for q in queries {
        let recall = engine
            .recall(
                q,
                RecallOptions {
                    actor: "cli".into(),
                    record: true,
                    ..Default::default()
                },
            )
            .await?;
        serde_json::to_writer(&mut out, &answer_json(&recall.results, &recall.trace))?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    engine.flush().await?;
    Ok(())
}

fn answer_json(
    results: &[RetrievalResult],
    trace: &mnemo_core::RetrievalTrace,
) -> serde_json::Value {
    serde_json::json!({
        "results": results.iter().map(|r| serde_json::json!({
            "id": r.memory.id,
            "external_id": r.memory.external_id,
            "kind": r.memory.kind,
            "title": r.memory.title,
            "text": r.memory.text,
            "space": r.memory.space,
            "score": r.score,
            "channels": r.channels,
            "signals": r.signals,
            "path": r.path,
        })).collect::<Vec<_>>(),
        "trace": trace,
    })
}
