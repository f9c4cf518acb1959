//! `mnemo spaces`: list, make, rename, describe, colour, archive and delete spaces.

use anyhow::Result;
use clap::Subcommand;
use mnemo_api::{Api, Caller, ops};
use mnemo_engine::{NewSpace, SpacePatch, SpaceReport};

#[derive(Subcommand)]
pub enum SpacesCommand {
    /// Make an empty space.
    Create {
        name: String,
        #[arg(long, default_value = "")]
        description: String,
        /// `#rrggbb`.
        #[arg(long, default_value = "")]
        colour: String,
    },
    /// Rename a space: its memories move with it (one action; `mnemo undo` takes it back).
    Rename {
        name: String,
        to: String,
    },
    /// Set a space's description and colour.
    Describe {
        name: String,
        #[arg(long)]
        description: Option<String>,
        /// `#rrggbb`, or "" for the palette's.
        #[arg(long)]
        colour: Option<String>,
    },
    /// Archive a space: its memories stay, it takes no new ones, and recalls search it only
    /// when they name it.
    Archive {
        name: String,
    },
    Unarchive {
        name: String,
    },
    /// Delete a space; one holding memories needs --move-to (undoable) or --purge (not; asks
    /// first unless --yes).
    Delete {
        name: String,
        #[arg(long, conflicts_with = "purge")]
        move_to: Option<String>,
        #[arg(long)]
        purge: bool,
        #[arg(long, short)]
        yes: bool,
    },
}

/// Runs a subcommand, or lists the spaces with how many memories each holds.
pub async fn run(api: &Api, command: Option<SpacesCommand>, json: bool) -> Result<()> {
    let person = Caller::user().via("cli");
    let report = match command {
        None => return list(api, json).await,
        Some(SpacesCommand::Create {
            name,
            description,
            colour,
        }) => {
            let new = NewSpace {
                name,
                description,
                colour,
            };
            api.call::<ops::CreateSpace>(new, &person).await?
        }
        Some(SpacesCommand::Rename { name, to }) => {
            let patch = SpacePatch {
                rename: Some(to),
                ..Default::default()
            };
            update(api, name, patch).await?
        }
        Some(SpacesCommand::Describe {
            name,
            description,
            colour,
        }) => {
            let patch = SpacePatch {
                description,
                colour,
                ..Default::default()
            };
            update(api, name, patch).await?
        }
        Some(SpacesCommand::Archive { name }) => update(api, name, archived(true)).await?,
        Some(SpacesCommand::Unarchive { name }) => update(api, name, archived(false)).await?,
        Some(SpacesCommand::Delete {
            name,
            move_to,
            purge,
            yes,
        }) => {
            let held = api.engine().memories(Some(&name)).len();
            if purge && held > 0 && !yes && !crate::curate::confirm(held)? {
                println!("nothing deleted");
                return Ok(());
            }
            let r = ops::SpaceDeletion {
                name,
                move_to,
                purge: Some(purge),
            };
            api.call::<ops::DeleteSpace>(r, &person).await?
        }
    };
    print_report(&report);
    Ok(())
}

async fn update(api: &Api, name: String, patch: SpacePatch) -> Result<SpaceReport> {
    let r = ops::SpaceUpdate { name, patch };
    Ok(api
        .call::<ops::UpdateSpace>(r, &Caller::user().via("cli"))
        .await?)
}

fn archived(on: bool) -> SpacePatch {
    SpacePatch {
        archived: Some(on),
        ..Default::default()
    }
}

async fn list(api: &Api, json: bool) -> Result<()> {
    let spaces = (api.call::<ops::ListSpaces>(ops::NoInput {}, &Caller::user().via("cli"))).await?;
    if json {
        println!("{}", serde_json::to_string_pretty(&spaces)?);
        return Ok(());
    }
    for s in spaces {
        let n = api.engine().memories(Some(&s.name)).len();
        let flag = if s.archived { "  (archived)" } else { "" };
        println!("{:<24} {n:>7} memories  {}{flag}", s.name, s.colour);
        if !s.description.is_empty() {
            println!("    {}", s.description);
        }
    }
    Ok(())
}

fn print_report(r: &SpaceReport) {
    match &r.space {
        Some(s) => println!(
            "space {:?}{}{}",
            s.name,
            if s.archived { " (archived)" } else { "" },
            if r.moved > 0 {
                format!(": {} memories moved", r.moved)
            } else {
                String::new()
            }
        ),
        None if !r.purged.is_empty() => {
            println!("deleted; {} memories purged for good", r.purged.len())
        }
        None if r.moved > 0 => println!("deleted; {} memories moved", r.moved),
        None => println!("deleted"),
    }
    if !r.action.is_empty() && r.purged.is_empty() {
        println!("action {} (mnemo undo takes it back)", r.action);
    }
}
