//! `mnemo log`, `undo`, `redo`, `merge`, `supersede`: curation from the command line.

use anyhow::Result;
use mnemo_api::{Api, Caller, ops};
use mnemo_core::Operation;

/// The person at the terminal: the CLI's curation is theirs, as in the app (connected through
/// the CLI, as the log records).
fn person() -> Caller {
    Caller::user().via("cli")
}

/// Prints operations newest first: time, kind, actor, target, action (what `undo` takes).
pub async fn log(api: &Api, id: Option<String>, limit: usize, json: bool) -> Result<()> {
    let page = ops::OperationsPage {
        target: id,
        limit: Some(limit.clamp(1, 1000) as u32),
    };
    let list = api.call::<ops::ListOperations>(page, &person()).await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&list)?);
        return Ok(());
    }
    for o in &list {
        println!("{}", line(o));
    }
    Ok(())
}

fn line(o: &Operation) -> String {
    let at = o.at.format("%Y-%m-%d %H:%M:%S");
    let undo = (o.undoes.as_ref()).map_or(String::new(), |u| format!("  (undoes {u})"));
    format!(
        "{at}  {:<9} {:<16} {}  action {}{undo}",
        o.kind.as_str(),
        o.actor,
        o.target,
        o.action
    )
}

pub async fn undo(api: &Api, action: Option<String>, force: bool) -> Result<()> {
    let request = ops::UndoRequest {
        action,
        mine: None,
        force: Some(force),
    };
    let r = api.call::<ops::Undo>(request, &person()).await?;
    println!(
        "undid {}: {} memories, {} edges (redo with `mnemo redo`, or `mnemo undo {}`)",
        r.undid,
        r.memories.len(),
        r.edges,
        r.action
    );
    Ok(())
}

pub async fn redo(api: &Api, force: bool) -> Result<()> {
    let request = ops::RedoRequest {
        mine: None,
        force: Some(force),
    };
    let r = api.call::<ops::Redo>(request, &person()).await?;
    println!(
        "redid (undid the undo {}): {} memories, {} edges",
        r.undid,
        r.memories.len(),
        r.edges
    );
    Ok(())
}

pub async fn merge(api: &Api, request: ops::MergeRequest) -> Result<()> {
    let m = api.call::<ops::MergeMemories>(request, &person()).await?;
    println!("{}", m.id);
    Ok(())
}

pub async fn supersede(api: &Api, old: String, new: String) -> Result<()> {
    let request = ops::SupersedeRequest {
        id: old,
        by: Some(new),
        new: None,
    };
    let s = api.call::<ops::Supersede>(request, &person()).await?;
    let until = (s.old.valid_until).map_or(String::new(), |t| t.to_rfc3339());
    println!(
        "{} superseded by {} (held until {until})",
        s.old.id, s.new.id
    );
    Ok(())
}

/// Prints the review queue section by section, each item with its reason.
pub async fn review(api: &Api, limit: u32, json: bool) -> Result<()> {
    let request = ops::ReviewRequest {
        limit: Some(limit),
        stale_below: None,
    };
    let q = api.call::<ops::GetReview>(request, &person()).await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&q)?);
        return Ok(());
    }
    let title = |id: &str| api_title(api, id);
    let c = &q.counts;
    println!("near-duplicates ({})", c.duplicates);
    for g in &q.duplicates {
        let names: Vec<String> = g
            .ids
            .iter()
            .map(|id| format!("{id} {:?}", title(id)))
            .collect();
        println!("  {}  — {}", names.join("  +  "), g.reason);
    }
    println!("unconfirmed automatic links ({})", c.links);
    for l in &q.links {
        let e = &l.edge;
        println!(
            "  {} {:?} → {:?}  — {}  (edge {})",
            e.kind,
            title(&e.from),
            title(&e.to),
            l.reason,
            e.id
        );
    }
    println!("possible contradictions ({})", c.contradictions);
    for x in &q.contradictions {
        println!(
            "  {:?} vs {:?}  — {}",
            title(&x.a),
            title(&x.b),
            x.difference.reason
        );
    }
    println!("orphans ({})", c.orphans);
    for id in &q.orphans {
        println!("  {id} {:?}", title(id));
    }
    println!("stale ({})", c.stale);
    for s in &q.stale {
        println!(
            "  {} {:?}  retention {:.2}",
            s.id,
            title(&s.id),
            s.retention
        );
    }
    Ok(())
}

fn api_title(api: &Api, id: &str) -> String {
    api.engine().get(id).map(|m| m.title).unwrap_or_default()
}

/// `mnemo purge`: shows what would go, asks (unless `yes`), then erases it.
pub async fn purge(
    api: &Api,
    ids: Vec<String>,
    forgotten_before: Option<String>,
    yes: bool,
) -> Result<()> {
    let forgotten_before = forgotten_before.map(|d| {
        // A bare date means its start, in UTC.
        if d.len() == 10 {
            format!("{d}T00:00:00Z")
        } else {
            d
        }
    });
    let mut request = ops::PurgeRequest {
        ids,
        forgotten_before,
        dry_run: Some(true),
    };
    let plan = api
        .call::<ops::PurgeMemories>(request.clone(), &person())
        .await?;
    if plan.purged.is_empty() {
        println!("nothing to purge");
        return Ok(());
    }
    for id in &plan.purged {
        let title = api.engine().get(id).map(|m| m.title).unwrap_or_default();
        println!("  {id}  {title}");
    }
    if !yes && !confirm(plan.purged.len())? {
        println!("nothing purged");
        return Ok(());
    }
    request.ids = plan.purged;
    request.forgotten_before = None;
    request.dry_run = None;
    let done = api.call::<ops::PurgeMemories>(request, &person()).await?;
    println!(
        "purged {} memories and {} links; redacted {} log entries and {} traces; removed old versions",
        done.purged.len(),
        done.edges,
        done.redacted_operations,
        done.redacted_traces
    );
    Ok(())
}

pub(crate) fn confirm(n: usize) -> Result<bool> {
    use std::io::{BufRead, Write};
    let what = if n == 1 {
        "this memory".to_string()
    } else {
        format!("these {n} memories")
    };
    print!("purge {what} for good? this cannot be undone [y/N] ");
    std::io::stdout().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}
