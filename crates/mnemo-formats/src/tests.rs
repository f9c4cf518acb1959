//! The converters on the hand-made fixtures in `tests/fixtures/import`.

use crate::{Format, detect};

const MCP: &str = include_str!("../../../tests/fixtures/import/mcp-memory.jsonl");
const TRANSCRIPT: &str = include_str!("../../../tests/fixtures/import/transcript.jsonl");
const CHATGPT: &str = include_str!("../../../tests/fixtures/import/chatgpt-conversations.json");
const CLAUDE: &str = include_str!("../../../tests/fixtures/import/claude-conversations.json");

#[test]
fn each_fixture_is_detected_as_its_format() {
    assert_eq!(detect(MCP), Format::McpMemory);
    assert_eq!(detect(TRANSCRIPT), Format::Transcript);
    assert_eq!(detect(CHATGPT), Format::Chatgpt);
    assert_eq!(detect(CLAUDE), Format::Claude);
    assert_eq!(
        detect(r#"{"text": "a note", "kind": "note"}"#),
        Format::Jsonl
    );
    assert!(Format::parse("markdown").is_err());
}

#[test]
fn the_mcp_memory_file_becomes_entities_with_their_facts_and_labelled_links() {
    let lines = crate::mcp_memory(MCP).unwrap();
    let entities: Vec<&str> = (lines.iter())
        .filter(|(_, l)| l.kind.as_deref() == Some("entity"))
        .map(|(_, l)| l.text.as_str())
        .collect();
    // San Francisco is named only by a relation: a bare entity.
    assert_eq!(
        entities,
        ["John_Smith", "Anthropic", "Café Lumière", "San Francisco"]
    );
    let john = &lines[0].1;
    assert_eq!(john.tags, ["person"]);
    let links: Vec<(&str, &str)> = (john.links.iter())
        .map(|l| (l.to.as_str(), l.relation.as_deref().unwrap()))
        .collect();
    assert_eq!(
        links,
        [
            ("mcp-entity:Anthropic", "works_at"),
            ("mcp-entity:Café Lumière", "meets_clients_at")
        ]
    );
    let facts: Vec<&str> = (lines.iter())
        .filter(|(_, l)| l.kind.as_deref() == Some("fact"))
        .map(|(_, l)| l.text.as_str())
        .collect();
    assert_eq!(facts.len(), 5);
    assert!(facts.contains(&"Speaks fluent Spanish"));
    // Stable ids: converting again gives the same external ids.
    let again = crate::mcp_memory(MCP).unwrap();
    let ids = |v: &[crate::Located]| {
        v.iter()
            .map(|(_, l)| l.external_id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&lines), ids(&again));
    let bad =
        crate::mcp_memory("{\"type\":\"entity\",\"name\":\"x\"}\n{\"type\":\"wat\"}").unwrap_err();
    assert!(bad.to_string().contains("line 2"), "{bad}");
}

#[test]
fn chatgpt_follows_the_current_branch_and_keeps_only_the_conversation() {
    let lines = crate::chatgpt(CHATGPT).unwrap();
    let turns: Vec<(&str, &str)> = (lines.iter())
        .map(|(_, l)| (l.entities[0].as_str(), l.text.as_str()))
        .collect();
    assert_eq!(
        turns,
        [
            ("User", "What hydration should a rye sourdough have?"),
            (
                "ChatGPT",
                "Rye takes more water: 80 to 85% hydration is common."
            ),
            ("User", "And for a wheat loaf, with this crumb?"),
            (
                "ChatGPT",
                "For wheat, 70 to 78%; your crumb looks underproofed."
            ),
            ("User", "Three things to do in Alfama at sunset?"),
            (
                "ChatGPT",
                "Miradouro de Santa Luzia, a fado house, and the tram 28 back."
            ),
        ]
    );
    let first = &lines[0].1;
    assert_eq!(
        first.session.as_deref(),
        Some("Sourdough hydration (6a1f0c2e)")
    );
    assert_eq!(
        first.occurred_at.as_deref(),
        Some("2024-05-14T09:00:10.500Z")
    );
    assert_eq!(first.kind.as_deref(), Some("episode"));
    let broken = CHATGPT.replacen("\"current_node\": \"n5\"", "\"current_node\": \"gone\"", 1);
    let e = crate::chatgpt(&broken).unwrap_err().to_string();
    assert!(e.contains("conversation 1") && e.contains("gone"), "{e}");
}

#[test]
fn claude_takes_text_or_content_and_names_untitled_conversations() {
    let lines = crate::claude(CLAUDE).unwrap();
    let texts: Vec<&str> = lines.iter().map(|(_, l)| l.text.as_str()).collect();
    assert_eq!(texts.len(), 4);
    assert!(texts[1].starts_with("1. Dual-write"), "{texts:?}");
    assert_eq!(lines[1].1.entities, ["Claude"]);
    assert_eq!(lines[2].1.session.as_deref(), Some("Untitled (b7e2d1c0)"));
    assert_eq!(
        lines[0].1.occurred_at.as_deref(),
        Some("2024-06-02T08:00:10.000000Z")
    );
    let e = crate::claude("[{\"uuid\": \"x\", \"chat_messages\": [{\"uuid\": \"m\", \"sender\": \"bot\", \"text\": \"hi\"}]}]")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("conversation 1") && e.contains("message 1"),
        "{e}"
    );
}

#[test]
fn a_transcript_is_one_episode_per_spoken_turn() {
    let lines = crate::transcript(TRANSCRIPT).unwrap();
    assert_eq!(lines.len(), 4, "the blank turn says nothing");
    assert_eq!(lines[1].1.entities, ["Priya"]);
    assert_eq!(lines[1].1.session.as_deref(), Some("standup 14 May"));
    assert_eq!(lines[1].0, "line 2");
    let e = crate::transcript("{\"speaker\": \"a\"}")
        .unwrap_err()
        .to_string();
    assert!(e.contains("line 1"), "{e}");
}

/// The fixture vault's notes, as the importer reads them (hidden folders left out).
fn fixture_vault(name: &str) -> Vec<crate::VaultFile> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name);
    let mut files = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let hidden = p.file_name().unwrap().to_string_lossy().starts_with('.');
            if p.is_dir() && !hidden {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                let rel = p
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.push(crate::VaultFile {
                    path: rel,
                    text: std::fs::read_to_string(&p).unwrap(),
                });
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

#[test]
fn a_vault_becomes_notes_linked_to_each_other_with_their_front_matter() {
    let lines = crate::vault(&fixture_vault("vault")).unwrap();
    let by_id = |x: &str| {
        (lines.iter().map(|(_, l)| l))
            .find(|l| l.external_id.as_deref() == Some(x))
            .unwrap_or_else(|| panic!("no line {x}"))
    };
    let atlas = by_id("vault:Atlas.md");
    assert_eq!(
        atlas.title.as_deref(),
        Some("Project Atlas"),
        "the first heading"
    );
    assert_eq!(atlas.tags, ["atlas", "project"]);
    assert_eq!(atlas.aliases, ["Project Atlas", "Atlas search"]);
    assert_eq!(atlas.occurred_at.as_deref(), Some("2024-05-06T00:00:00Z"));
    // Its own fields, with their types; not those Mnemo reads itself.
    let own = serde_json::json!({
        "owner": "Ana Ruiz", "status": "draft", "rating": 4, "reviewers": ["Priya", "Tomás"]
    });
    assert_eq!(serde_json::to_value(&atlas.properties).unwrap(), own);
    let links: Vec<(&str, &str)> = (atlas.links.iter())
        .map(|l| (l.to.as_str(), l.relation.as_deref().unwrap()))
        .collect();
    // To notes by file name (in a subfolder, with a unicode name, through an alias), to a
    // placeholder for a note that does not exist; not to the image, nor to its own heading.
    assert_eq!(
        links,
        [
            ("vault:people/Priya Natarajan.md", "links to"),
            ("vault:Café Lumière.md", "links to"),
            ("vault:Index rebuilds.md", "links to"),
            ("vault-missing:tomás vidal", "links to"),
        ]
    );
    let placeholder = by_id("vault-missing:tomás vidal");
    assert_eq!(
        (placeholder.kind.as_deref(), placeholder.text.as_str()),
        (Some("entity"), "Tomás Vidal")
    );
    let priya = by_id("vault:people/Priya Natarajan.md");
    assert_eq!(
        priya.title.as_deref(),
        Some("Priya Natarajan"),
        "the file name"
    );
    assert_eq!(
        (priya.tags.as_slice(), priya.aliases.as_slice()),
        (&["person".to_string()][..], &["Priya".to_string()][..])
    );
    let day = by_id("vault:journal/2024-05-14.md");
    assert_eq!(day.tags, ["daily", "work"]);
    assert_eq!(day.links[0].relation.as_deref(), Some("embeds"));
    assert_eq!(
        by_id("vault:Empty.md").text,
        "Empty",
        "an empty note keeps its name"
    );

    // The long note: its introduction, and each ## section linked to it (not the fenced one).
    let long = by_id("vault:Index rebuilds.md");
    // The heading names it (its title), and is not repeated in its text.
    assert_eq!(long.title.as_deref(), Some("Index rebuilds"));
    assert!(
        long.text.starts_with("Rebuilding the vector index"),
        "{}",
        long.text
    );
    let sections: Vec<&str> = (lines.iter().map(|(_, l)| l))
        .filter(|l| {
            l.links
                .iter()
                .any(|k| k.relation.as_deref() == Some("section of"))
        })
        .map(|l| l.title.as_deref().unwrap())
        .collect();
    assert_eq!(
        sections,
        [
            "Index rebuilds › Symptoms",
            "Index rebuilds › Causes",
            "Index rebuilds › Mitigations",
            "Index rebuilds › Benchmarks",
            "Index rebuilds › Open questions"
        ]
    );
    assert!(lines.iter().all(|(_, l)| !l.text.is_empty()));
}

#[test]
fn a_broken_front_matter_names_its_note() {
    let e = crate::vault(&fixture_vault("vault-broken"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("note \"Broken.md\"") && e.contains("not valid YAML"),
        "{e}"
    );
}

#[test]
fn links_are_read_as_obsidian_writes_them() {
    let got = crate::markdown::links(
        "[[A]] [[B|b]] ![[C]] [[D#h]] [[#own]] ![[x.png]] [[A]] [[broken\n]]",
    );
    let want = [
        ("A", "links to"),
        ("B", "links to"),
        ("C", "embeds"),
        ("D", "links to"),
    ];
    assert_eq!(got, want.map(|(t, r)| (t.to_string(), r)));
}

#[test]
fn the_links_section_mnemo_writes_comes_back_as_links_with_their_relation_and_no_text() {
    let note = |path: &str, text: &str| crate::VaultFile {
        path: path.into(),
        text: text.into(),
    };
    let files = [
        note(
            "a.md",
            "# Plan\n\nMove search.\n\n## Links\n\n- supports [[b]]\n- links to [[b]]\n",
        ),
        note("b.md", "Benchmark.\n\n## Links\n\nSee [[a]] for more.\n"),
    ];
    let lines = crate::vault(&files).unwrap();
    let a = &lines
        .iter()
        .find(|(_, l)| l.title.as_deref() == Some("Plan"))
        .unwrap()
        .1;
    assert_eq!(
        a.text, "Move search.",
        "the heading is the title, the section is links"
    );
    let relations: Vec<&str> = a
        .links
        .iter()
        .map(|l| l.relation.as_deref().unwrap())
        .collect();
    assert_eq!(relations, ["supports", "links to"]);
    // A "## Links" section of a person's own, with prose, stays text (its links are links).
    let b = &lines
        .iter()
        .find(|(_, l)| l.external_id.as_deref() == Some("vault:b.md"))
        .unwrap()
        .1;
    assert!(
        b.text.contains("## Links\n\nSee [[a]] for more."),
        "{}",
        b.text
    );
    assert_eq!(b.links.len(), 1);
}
