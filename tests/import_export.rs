//! JSONL import and export: idempotence, all-or-nothing on a bad line, and export → import equality.

use mnemo_engine::{AddOptions, ExportOptions};
use mnemo_tests::{repo_root, temp_engine};

async fn import_str(
    engine: &mnemo_engine::Engine,
    text: &str,
) -> mnemo_core::Result<mnemo_engine::ImportReport> {
    engine
        .import_jsonl(
            std::io::Cursor::new(text.as_bytes()),
            "test.jsonl",
            &AddOptions::default(),
            "user",
            &|_| {},
        )
        .await
}

#[tokio::test]
async fn importing_the_same_file_twice_adds_nothing() {
    let (engine, _dir) = temp_engine().await;
    let demo = std::fs::read_to_string(repo_root().join("assets/demo/memories.jsonl")).unwrap();
    let first = import_str(&engine, &demo).await.unwrap();
    assert_eq!(first.added as usize, demo.lines().count());
    assert!(
        first.entities_created > 5 && first.edges_created > first.added,
        "{first:?}"
    );
    let counts = engine.store().counts().await.unwrap();
    let second = import_str(&engine, &demo).await.unwrap();
    assert_eq!(second.added, 0);
    assert_eq!(second.unchanged as usize, demo.lines().count());
    assert_eq!(second.edges_created, 0);
    let after = engine.store().counts().await.unwrap();
    assert_eq!(
        (after.memories, after.edges),
        (counts.memories, counts.edges)
    );
    // Explicit links resolved by external id, with custom relations.
    let n4 = engine
        .memories(None)
        .into_iter()
        .find(|m| m.external_id.as_deref() == Some("n4"))
        .unwrap();
    let supports = engine
        .edges_of(&n4.id)
        .into_iter()
        .find(|e| e.relation == "supports")
        .expect("link from the file");
    assert!(!supports.automatic);
    assert_eq!(n4.source, "import:test.jsonl");
}

#[tokio::test]
async fn a_malformed_line_fails_the_file_with_its_line_number_and_writes_nothing() {
    let (engine, _dir) = temp_engine().await;
    import_str(
        &engine,
        "{\"text\": \"already here\", \"external_id\": \"x0\"}\n",
    )
    .await
    .unwrap();
    let before = engine.store().counts().await.unwrap();
    let cases = [
        (
            "{\"text\": \"ok\"}\n{\"text\": \"fine\"}\n{\"text\": \"bad\", \"kind\": \"thought\"}\n",
            "invalid line 3: memorykind: unknown value \"thought\"",
        ),
        (
            "{\"text\": \"ok\"}\n{\"text\": oops}\n",
            "invalid line 2: expected value",
        ),
        (
            "{\"text\": \"ok\", \"links\": [{\"to\": \"missing\"}]}\n",
            "invalid line 1: links[0].to: no memory in this file or store",
        ),
        (
            "{\"text\": \"ok\"}\n\n{\"txt\": \"typo\"}\n",
            "invalid line 3: unknown field `txt`",
        ),
        (
            "{\"text\": \"a\", \"external_id\": \"d\"}\n{\"text\": \"b\", \"external_id\": \"d\"}\n",
            "invalid line 2: external_id: \"d\" is also used on line 1",
        ),
        (
            "{\"text\": \"ok\", \"vector\": [0.5, 0.5]}\n",
            "invalid line 1: vector: has 2 dimensions",
        ),
        (
            "{\"text\": \"ok\", \"valid_from\": \"2024-02-01\", \"valid_until\": \"2024-01-01\"}\n",
            "invalid line 1: valid_until",
        ),
    ];
    for (file, expected) in cases {
        let err = import_str(&engine, file).await.unwrap_err().to_string();
        assert!(
            err.starts_with(expected),
            "{err:?} should start with {expected:?}"
        );
        let after = engine.store().counts().await.unwrap();
        assert_eq!(after, before, "nothing from {file:?} was written");
    }
}

#[tokio::test]
async fn export_then_import_into_an_empty_store_gives_back_the_same_memories_and_edges() {
    let (engine, _dir) = temp_engine().await;
    let demo = std::fs::read_to_string(repo_root().join("assets/demo/memories.jsonl")).unwrap();
    import_str(&engine, &demo).await.unwrap();
    let m = engine
        .memories(None)
        .into_iter()
        .find(|m| m.external_id.as_deref() == Some("p4"))
        .unwrap();
    engine
        .update(
            &m.id,
            mnemo_core::MemoryPatch {
                pinned: Some(true),
                ..Default::default()
            },
            "user",
        )
        .await
        .unwrap();
    let mut exported = Vec::new();
    let n = engine
        .export_jsonl(&mut exported, &ExportOptions::default())
        .await
        .unwrap();
    assert_eq!(n, engine.memories(None).len());

    let (copy, _dir2) = temp_engine().await;
    let report = import_str(&copy, std::str::from_utf8(&exported).unwrap())
        .await
        .unwrap();
    assert_eq!(report.added as usize, n);
    assert_eq!(report.entities_created, 0, "a restore creates nothing new");
    assert_eq!(copy.memories(None), engine.memories(None));
    assert_eq!(copy.edges(), engine.edges());
    let mut again = Vec::new();
    copy.export_jsonl(&mut again, &ExportOptions::default())
        .await
        .unwrap();
    assert_eq!(
        String::from_utf8(again).unwrap(),
        String::from_utf8(exported.clone()).unwrap(),
        "exports are stable"
    );
    // Vectors came across too: the same query ranks the same way in both stores.
    let q = mnemo_core::RetrievalQuery {
        text: "index rebuilds".into(),
        ..Default::default()
    };
    let a = engine.recall(q.clone(), Default::default()).await.unwrap();
    let b = copy.recall(q, Default::default()).await.unwrap();
    let ids = |r: &mnemo_engine::RecallAnswer| {
        r.results
            .iter()
            .map(|r| r.memory.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&a), ids(&b));
}

/// Imports a fixture of `tests/fixtures/import` through the API, its format detected.
async fn import_fixture(
    api: &mnemo_api::Api,
    name: &str,
) -> mnemo_api::ApiResult<mnemo_engine::ImportReport> {
    let text = std::fs::read(repo_root().join("tests/fixtures/import").join(name)).unwrap();
    let options = mnemo_api::ImportOptions::named(name);
    api.import(&text[..], options, &mnemo_api::Caller::user(), &|_| {})
        .await
}

#[tokio::test]
async fn other_tools_files_import_detected_once_and_undo_as_one_action() {
    let (engine, _dir) = temp_engine().await;
    let api = mnemo_api::Api::new(engine.clone());
    for (file, format, lines) in [
        ("mcp-memory.jsonl", "mcp-memory", 9),
        ("transcript.jsonl", "transcript", 4),
        ("chatgpt-conversations.json", "chatgpt", 6),
        ("claude-conversations.json", "claude", 4),
    ] {
        let first = import_fixture(&api, file).await.unwrap();
        assert_eq!(
            (first.format.as_str(), first.lines),
            (format, lines),
            "{file}"
        );
        assert_eq!(first.added, lines, "{file}: {first:?}");
        let again = import_fixture(&api, file).await.unwrap();
        assert_eq!(
            (again.added, again.unchanged),
            (0, lines),
            "{file}: nothing twice"
        );
    }
    // The MCP memory's relations are labelled edges between its entities; observations are facts
    // about them.
    let all = engine.memories(None);
    let named = |t: &str| {
        all.iter()
            .find(|m| m.title == t && m.kind == mnemo_core::MemoryKind::Entity)
            .unwrap()
    };
    let (john, anthropic) = (named("John_Smith"), named("Anthropic"));
    let edges = engine.snapshot().edges;
    assert!(
        edges
            .iter()
            .any(|e| e.from == john.id && e.to == anthropic.id && e.relation == "works_at"),
        "works_at edge"
    );
    let spanish = all
        .iter()
        .find(|m| m.text == "Speaks fluent Spanish")
        .unwrap();
    assert_eq!(spanish.kind, mnemo_core::MemoryKind::Fact);
    assert!(
        edges
            .iter()
            .any(|e| e.from == spanish.id && e.to == john.id && e.relation == "about")
    );
    // A chat's turns are one session, in order, with their speaker as an entity.
    let turns: Vec<&mnemo_core::Memory> = (all.iter())
        .filter(|m| m.session.as_deref() == Some("Sourdough hydration (6a1f0c2e)"))
        .collect();
    assert_eq!(turns.len(), 4);
    assert!(
        all.iter()
            .any(|m| m.kind == mnemo_core::MemoryKind::Entity && m.title == "ChatGPT")
    );

    // The last import is one action: one undo takes all of it back.
    let before = engine.memories(None).len();
    let claude_turns = (all.iter())
        .filter(|m| m.source == "import:claude-conversations.json")
        .filter(|m| m.kind == mnemo_core::MemoryKind::Episode)
        .count();
    assert_eq!(claude_turns, 4);
    let undone = engine
        .undo(None, mnemo_engine::Whose::Anyone, false, "user")
        .await
        .unwrap();
    assert!(undone.memories.len() >= 4, "{undone:?}");
    let left = engine.memories(None);
    assert!(
        left.iter()
            .all(|m| m.source != "import:claude-conversations.json")
    );
    assert!(left.len() < before);
}

#[tokio::test]
async fn a_broken_export_is_refused_with_where_and_writes_nothing() {
    let (engine, _dir) = temp_engine().await;
    let api = mnemo_api::Api::new(engine.clone());
    let good = std::fs::read_to_string(
        repo_root().join("tests/fixtures/import/chatgpt-conversations.json"),
    )
    .unwrap();
    let broken = good.replacen("\"parent\": \"m2\"", "\"parent\": \"nowhere\"", 1);
    let options = mnemo_api::ImportOptions::named("conversations.json");
    let e = api
        .import(
            broken.as_bytes(),
            options,
            &mnemo_api::Caller::user(),
            &|_| {},
        )
        .await
        .unwrap_err();
    assert!(
        e.message.contains("conversation 2") && e.message.contains("nowhere"),
        "{}",
        e.message
    );
    let not_json = mnemo_api::ImportOptions {
        format: Some(mnemo_api::Format::Claude),
        ..mnemo_api::ImportOptions::named("x.json")
    };
    let e = api
        .import(
            &b"{\"not\": \"an array\"}"[..],
            not_json,
            &mnemo_api::Caller::user(),
            &|_| {},
        )
        .await
        .unwrap_err();
    assert!(e.message.contains("not a Claude export"), "{}", e.message);
    assert_eq!(engine.memories(None).len(), 0);
    assert_eq!(engine.operations(None, 10).await.unwrap().len(), 0);
}

#[tokio::test]
async fn a_selection_exports_as_graphml_cytoscape_json_and_a_markdown_vault() {
    let (engine, dir) = temp_engine().await;
    let api = mnemo_api::Api::new(engine.clone());
    let demo = std::fs::read_to_string(repo_root().join("assets/demo/memories.jsonl")).unwrap();
    import_str(&engine, &demo).await.unwrap();
    let all = engine.memories(None);
    let by_ext = |x: &str| {
        all.iter()
            .find(|m| m.external_id.as_deref() == Some(x))
            .unwrap()
            .id
            .clone()
    };
    // n4 "supports" n3; p1 is linked to neither.
    let ids = vec![by_ext("n3"), by_ext("n4"), by_ext("p1")];
    let request = |format: &str| mnemo_api::ExportRequest {
        format: Some(format.into()),
        space: None,
        ids: ids.clone(),
    };
    let graphml = api.export(request("graphml")).await.unwrap();
    let text = String::from_utf8(graphml.body).unwrap();
    assert_eq!(graphml.content_type, "application/graphml+xml");
    assert_eq!(text.matches("<node id=").count(), 3);
    assert!(
        text.contains("<data key=\"relation\">supports</data>"),
        "{text}"
    );
    // Only edges between exported memories: each edge's ends are among the three.
    let attr = |line: &str, name: &str| {
        let from = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        line[from..].split('"').next().unwrap().to_string()
    };
    for line in text.lines().filter(|l| l.contains("<edge ")) {
        assert!(
            ids.contains(&attr(line, "source")) && ids.contains(&attr(line, "target")),
            "{line}"
        );
    }
    assert!(text.contains("Atlas database decision"));

    let json = api.export(request("json")).await.unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&json.body).unwrap();
    let nodes = doc["elements"]["nodes"].as_array().unwrap();
    let edges = doc["elements"]["edges"].as_array().unwrap();
    assert_eq!(nodes.len(), 3);
    assert!(!edges.is_empty());
    for e in edges {
        let (s, t) = (
            e["data"]["source"].as_str().unwrap(),
            e["data"]["target"].as_str().unwrap(),
        );
        assert!(
            ids.iter().any(|i| i == s) && ids.iter().any(|i| i == t),
            "{e}"
        );
    }

    let vault = dir.path().join("vault");
    let options = mnemo_engine::ExportOptions {
        space: None,
        ids: ids.clone(),
    };
    assert_eq!(api.export_markdown(&options, &vault).unwrap(), 3);
    let note = std::fs::read_to_string(vault.join("default/Atlas database decision.md")).unwrap();
    assert!(note.starts_with("---\ntags: "), "{note}");
    assert!(
        note.contains("\nmnemo:\n  id: "),
        "Mnemo's own fields apart: {note}"
    );
    assert!(
        note.contains("tags: [\"atlas\", \"decision\"]") && note.contains("pinned: true"),
        "{note}"
    );
    assert!(
        note.contains("# Atlas database decision\n\nDecision: Atlas uses LanceDB"),
        "{note}"
    );
    let benchmark = (std::fs::read_dir(vault.join("default")).unwrap())
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .find(|n| n.contains("Benchmarked LanceDB"))
        .unwrap();
    assert!(
        benchmark.contains("- supports [[Atlas database decision]]"),
        "{benchmark}"
    );
    // Into a folder that is not empty: refused, nothing written.
    let e = api.export_markdown(&options, &vault).unwrap_err();
    assert!(e.message.contains("not empty"), "{}", e.message);
    let e = api.export(request("pdf")).await.unwrap_err();
    assert!(e.message.contains("\"pdf\""), "{}", e.message);
}

#[tokio::test]
async fn a_markdown_vault_imports_as_linked_notes_once_and_a_broken_one_writes_nothing() {
    let (engine, _dir) = temp_engine().await;
    let api = mnemo_api::Api::new(engine.clone());
    let vault = repo_root().join("tests/fixtures/vault");
    let person = mnemo_api::Caller::user();
    let options = || mnemo_api::ImportOptions::named("vault");
    let first = api
        .import_vault(&vault, options(), &person, &|_| {})
        .await
        .unwrap();
    assert_eq!(first.format, "markdown");
    // Six notes, five sections of the long one, one placeholder for the missing note.
    assert_eq!((first.lines, first.added), (12, 12), "{first:?}");
    let all = engine.memories(None);
    let note = |t: &str| {
        all.iter()
            .find(|m| m.title == t)
            .unwrap_or_else(|| panic!("{t}"))
    };
    let (atlas, priya) = (note("Project Atlas"), note("Priya Natarajan"));
    assert_eq!(atlas.kind, mnemo_core::MemoryKind::Note);
    assert_eq!(atlas.source, "import:vault");
    let edges = engine.snapshot().edges;
    assert!(
        edges
            .iter()
            .any(|e| e.from == atlas.id && e.to == priya.id && e.relation == "links to"),
        "a link between two notes"
    );
    let tomas = (all.iter())
        .find(|m| m.kind == mnemo_core::MemoryKind::Entity && m.title == "Tomás Vidal")
        .expect("a placeholder for the note that does not exist");
    assert!(edges.iter().any(|e| e.from == atlas.id && e.to == tomas.id));
    // A name that leads to a note is that note, not an entity beside it: `[[Priya Natarajan]]`
    // is a link to her note (not a mention too), and a note never mentions itself.
    for t in ["Priya Natarajan", "Café Lumière", "Index rebuilds"] {
        assert!(
            !all.iter()
                .any(|m| m.kind == mnemo_core::MemoryKind::Entity && m.title == t),
            "no entity {t} beside the note"
        );
    }
    let cafe = note("Café Lumière");
    assert!(!edges.iter().any(|e| e.from == cafe.id && e.to == cafe.id));
    let to_priya = (edges.iter())
        .filter(|e| e.from == atlas.id && e.to == priya.id)
        .count();
    assert_eq!(to_priya, 1, "one link, no mention beside it");
    let again = api
        .import_vault(&vault, options(), &person, &|_| {})
        .await
        .unwrap();
    assert_eq!((again.added, again.unchanged), (0, 12));

    let (empty, _d) = temp_engine().await;
    let api = mnemo_api::Api::new(empty.clone());
    let broken = repo_root().join("tests/fixtures/vault-broken");
    let e = api
        .import_vault(&broken, options(), &person, &|_| {})
        .await
        .unwrap_err();
    assert!(
        e.message.contains("Broken.md") && e.message.contains("YAML"),
        "{}",
        e.message
    );
    assert!(
        empty.memories(None).is_empty(),
        "the fine note is not written either"
    );
}

/// Copies a folder (a fixture vault) to `to`.
fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[tokio::test]
async fn a_vault_imported_again_updates_follows_renames_archives_and_relinks_in_one_action() {
    let (engine, dir) = temp_engine().await;
    let api = mnemo_api::Api::new(engine.clone());
    let vault = dir.path().join("vault");
    copy_dir(&repo_root().join("tests/fixtures/vault"), &vault);
    let person = mnemo_api::Caller::user();
    let import = || {
        api.import_vault(
            &vault,
            mnemo_api::ImportOptions::named("vault"),
            &person,
            &|_| {},
        )
    };
    import().await.unwrap();
    let titled = |t: &str| {
        (engine.memories(None).into_iter())
            .find(|m| m.title == t)
            .unwrap_or_else(|| panic!("{t}"))
    };
    let (atlas, priya) = (titled("Project Atlas"), titled("Priya Natarajan"));
    let journal = titled("2024-05-14");
    let placeholder = titled("Tomás Vidal");
    let edges_before = engine.snapshot().edges.len();
    assert_eq!(
        atlas.properties["status"], "draft",
        "front matter of its own"
    );
    assert_eq!(atlas.properties["rating"], 4);

    // In the vault: Atlas edited (one link taken out), Priya moved to another folder, the
    // journal deleted, and the missing note written.
    let atlas_path = vault.join("Atlas.md");
    let text = std::fs::read_to_string(&atlas_path).unwrap();
    let edited = text
        .replace(
            "Move product search off Elasticsearch",
            "Move all search off Elasticsearch",
        )
        .replace(", [[Café Lumière]] hosts the kickoff", "")
        .replace("status: draft", "status: final");
    std::fs::write(&atlas_path, edited).unwrap();
    std::fs::create_dir_all(vault.join("team")).unwrap();
    std::fs::rename(
        vault.join("people/Priya Natarajan.md"),
        vault.join("team/Priya Natarajan.md"),
    )
    .unwrap();
    std::fs::remove_file(vault.join("journal/2024-05-14.md")).unwrap();
    std::fs::write(
        vault.join("Tomás Vidal.md"),
        "Tomás Vidal leads design for [[Atlas]].\n",
    )
    .unwrap();

    let again = import().await.unwrap();
    // Atlas (text), Priya (path); the journal and the placeholder archived; Tomás's note new.
    assert_eq!(
        (again.added, again.updated, again.renamed),
        (1, 2, 1),
        "{again:?}"
    );
    assert_eq!(again.archived, 2, "{again:?}");
    let now = |id: &str| engine.get(id).unwrap();
    assert!(
        now(&atlas.id).text.contains("Move all search"),
        "updated in place, same id"
    );
    assert_eq!(now(&atlas.id).version, atlas.version + 1);
    assert_eq!(now(&atlas.id).properties["status"], "final");
    assert_eq!(
        now(&priya.id).external_id.as_deref(),
        Some("vault:team/Priya Natarajan.md"),
        "followed to its new path, with its id and history"
    );
    assert_eq!(now(&journal.id).status, mnemo_core::MemoryStatus::Archived);
    assert_eq!(
        now(&placeholder.id).status,
        mnemo_core::MemoryStatus::Archived
    );
    let tomas = (engine.memories(None).into_iter())
        .find(|m| m.kind == mnemo_core::MemoryKind::Note && m.title == "Tomás Vidal")
        .expect("the new note");
    let edges = engine.snapshot().edges;
    let linked = |from: &str, to: &str| {
        edges
            .iter()
            .filter(|e| e.from == from && e.to == to && e.relation == "links to")
            .count()
    };
    let cafe = titled("Café Lumière");
    assert_eq!(linked(&atlas.id, &cafe.id), 0, "the link taken out is gone");
    assert_eq!(linked(&atlas.id, &priya.id), 1, "kept once, not doubled");
    assert_eq!(
        linked(&atlas.id, &tomas.id),
        1,
        "the link now reaches the new note"
    );
    assert_eq!(linked(&atlas.id, &placeholder.id), 0);
    assert!(again.links_removed >= 2, "{again:?}");

    // Unchanged files: nothing to do.
    let third = import().await.unwrap();
    assert_eq!(
        (
            third.added,
            third.updated,
            third.archived,
            third.links_removed
        ),
        (0, 0, 0, 0),
        "{third:?}"
    );
    assert_eq!(engine.snapshot().edges.len(), edges.len());

    // The re-import is one action: one undo puts the store back as the first import left it.
    engine
        .undo(None, mnemo_engine::Whose::Anyone, false, "user")
        .await
        .unwrap();
    assert_eq!(now(&atlas.id).text, atlas.text);
    assert_eq!(now(&priya.id).external_id, priya.external_id);
    assert_eq!(now(&journal.id).status, mnemo_core::MemoryStatus::Active);
    assert!(
        engine
            .get(&tomas.id)
            .is_none_or(|m| m.status != mnemo_core::MemoryStatus::Active)
    );
    assert_eq!(engine.snapshot().edges.len(), edges_before);
}

#[tokio::test]
async fn an_emptied_vault_archives_its_notes_but_an_empty_folder_never_imported_is_refused() {
    let (engine, dir) = temp_engine().await;
    let api = mnemo_api::Api::new(engine.clone());
    let person = mnemo_api::Caller::user();
    let import = |folder: std::path::PathBuf, name: &str| {
        let api = &api;
        let person = &person;
        let options = mnemo_api::ImportOptions::named(name);
        async move { api.import_vault(&folder, options, person, &|_| {}).await }
    };
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let refused = import(empty.clone(), "empty").await.unwrap_err();
    assert!(
        refused.message.contains("holds no Markdown notes"),
        "{refused:?}"
    );
    assert_eq!(engine.snapshot_counts().1, 0, "nothing written");

    let vault = dir.path().join("vault");
    copy_dir(&repo_root().join("tests/fixtures/vault"), &vault);
    import(vault.clone(), "vault").await.unwrap();
    let notes = || {
        (engine.memories(None).into_iter())
            .filter(|m| {
                m.external_id
                    .as_deref()
                    .is_some_and(|x| x.starts_with("vault:"))
            })
            .filter(|m| m.status == mnemo_core::MemoryStatus::Active)
            .count()
    };
    assert!(notes() > 3, "the vault's notes are in");
    std::fs::remove_dir_all(&vault).unwrap();
    std::fs::create_dir_all(&vault).unwrap();
    let emptied = import(vault.clone(), "vault").await.unwrap();
    assert_eq!(notes(), 0, "every note archived: {emptied:?}");
    assert!(emptied.archived > 3, "{emptied:?}");
    assert_eq!(emptied.added, 0);
    // Another vault's name still finds nothing of its own there.
    assert!(import(vault, "other").await.is_err());
}

#[tokio::test]
async fn a_markdown_export_imports_again_as_the_same_notes_with_their_fields_and_links() {
    let (engine, dir) = temp_engine().await;
    let api = mnemo_api::Api::new(engine.clone());
    let lines = [
        r#"{"text": "Atlas moves search onto LanceDB.", "kind": "note", "title": "Atlas plan", "tags": ["atlas"], "external_id": "a", "properties": {"status": "draft", "rating": 4, "reviewers": ["Priya"]}}"#,
        r#"{"text": "Priya benchmarked the index rebuild.", "kind": "note", "title": "Rebuild benchmark", "external_id": "b", "links": [{"to": "a", "relation": "supports"}]}"#,
    ];
    import_str(&engine, &lines.join("\n")).await.unwrap();
    let notes: Vec<mnemo_core::Memory> = (engine.memories(None).into_iter())
        .filter(|m| m.kind == mnemo_core::MemoryKind::Note)
        .collect();
    assert_eq!(notes.len(), 2);
    let ids: Vec<String> = notes.iter().map(|m| m.id.clone()).collect();
    let options = mnemo_engine::ExportOptions { space: None, ids };
    let vault = dir.path().join("vault");
    assert_eq!(api.export_markdown(&options, &vault).unwrap(), 2);

    let (other, _d) = temp_engine().await;
    let back = mnemo_api::Api::new(other.clone());
    let person = mnemo_api::Caller::user();
    let report = back
        .import_vault(
            &vault,
            mnemo_api::ImportOptions::named("vault"),
            &person,
            &|_| {},
        )
        .await
        .unwrap();
    assert_eq!(report.added, 2, "{report:?}");
    let got = other.memories(None);
    let note = |t: &str| {
        (got.iter())
            .find(|m| m.kind == mnemo_core::MemoryKind::Note && m.title == t)
            .unwrap_or_else(|| panic!("{t}: {got:#?}"))
    };
    let (plan, bench) = (note("Atlas plan"), note("Rebuild benchmark"));
    assert_eq!(
        plan.text, "Atlas moves search onto LanceDB.",
        "the text as it was"
    );
    assert_eq!(
        bench.text, "Priya benchmarked the index rebuild.",
        "its links are no text"
    );
    assert_eq!(plan.tags, ["atlas"]);
    assert_eq!(
        serde_json::to_value(&plan.properties).unwrap(),
        serde_json::json!({"status": "draft", "rating": 4, "reviewers": ["Priya"]}),
        "its own fields, with their types; none of Mnemo's under mnemo:"
    );
    assert!(bench.properties.is_empty(), "{:?}", bench.properties);
    let edges = other.snapshot().edges;
    assert!(
        (edges.iter()).any(|e| e.from == bench.id && e.to == plan.id && e.relation == "supports"),
        "the link comes back between the two notes, with its relation"
    );
}
