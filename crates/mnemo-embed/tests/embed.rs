//! PocketEmbedder against the real bundled model: shape, order, errors, and equality with
//! pocket-encoder's own `Encoder::embed` (the proof that the id names the same space).

use mnemo_embed::{Embedder, PocketEmbedder};

/// Short and long, plain and odd: punctuation, digits, code, accents, other scripts,
/// emoji, repeated words, and texts past the 128-token truncation point.
fn varied_texts() -> Vec<String> {
    let mut texts: Vec<String> = [
        "hi",
        "Remember to renew the car insurance before March.",
        "Alice prefers tea over coffee in the mornings.",
        "The quarterly report is due on Friday; Bob owns the finance section.",
        "fn main() { println!(\"hello, world\"); }",
        "SELECT id, title FROM memories WHERE space = 'work' ORDER BY created_at DESC;",
        "Café au lait, crème brûlée and a naïve résumé.",
        "東京で会議があります。",
        "Встреча с командой в понедельник в 10:00.",
        "🚀 launch day!!! 🎉🎉",
        "3.14159 2.71828 1.41421 42 1e-9 0xFF",
        "   leading and trailing whitespace   ",
        "The flight to Lisbon leaves at 07:45 from terminal 2.",
        "My sister recommended a book about memory palaces.",
        "The server migration moved the database to the new cluster without downtime.",
        "Need to call the landlord about the broken heating.",
        "A recipe for lentil soup: onions, carrots, cumin, red lentils, stock, lemon.",
        "Kenji said the hiking trip in the Alps is postponed until September.",
        "buffalo buffalo buffalo buffalo buffalo buffalo buffalo buffalo",
        "URGENT: password reset requested for account #48213 at https://example.com/reset",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    texts.push(
        "This long note keeps going about the kitchen renovation, the plumber, the tiles, \
         the budget and the schedule. "
            .repeat(8),
    );
    texts.push(format!("{} end", "word ".repeat(400)));
    texts
}

fn max_abs_diff(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max)
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn top5(query: &[f32], corpus: &[Vec<f32>]) -> Vec<usize> {
    let mut ranked: Vec<usize> = (0..corpus.len()).collect();
    ranked.sort_by(|&a, &b| dot(query, &corpus[b]).total_cmp(&dot(query, &corpus[a])));
    ranked.truncate(5);
    ranked
}

fn refs(texts: &[String]) -> Vec<&str> {
    texts.iter().map(String::as_str).collect()
}

#[test]
fn new_uses_the_batched_path() {
    // Fails if build.rs could not find pocket-encoder's assets (it says why in a
    // warning): the crate would still work, but several times slower.
    assert!(PocketEmbedder::new().unwrap().is_batched());
}

#[test]
fn identity_dimensions_and_unit_norm() {
    let embedder = PocketEmbedder::new().unwrap();
    assert_eq!(embedder.id(), pocket_encoder::model_info().id);
    assert_eq!(embedder.dimensions(), 384);
    let texts = varied_texts();
    let vectors = embedder.embed_batch(&refs(&texts)).unwrap();
    assert_eq!(vectors.len(), texts.len());
    for (i, v) in vectors.iter().enumerate() {
        assert_eq!(v.len(), 384, "texts[{i}]");
        assert!(v.iter().all(|x| x.is_finite()), "texts[{i}]");
        let norm = dot(v, v).sqrt();
        assert!((norm - 1.0).abs() < 1e-5, "texts[{i}] has norm {norm}");
    }
}

/// The coordinate space must be pocket-encoder's, or storing vectors under its id would
/// be a lie: the batched path has to reproduce `Encoder::embed` text by text.
#[test]
fn batched_vectors_equal_pocket_encoder() {
    let texts = varied_texts();
    let texts = refs(&texts);
    let reference = pocket_encoder::Encoder::new()
        .unwrap()
        .embed(&texts)
        .unwrap();
    for embedder in [
        PocketEmbedder::new().unwrap(),
        PocketEmbedder::unbatched().unwrap(),
    ] {
        let vectors = embedder.embed_batch(&texts).unwrap();
        assert_eq!(vectors.len(), reference.len());
        let worst = vectors
            .iter()
            .zip(&reference)
            .map(|(a, b)| max_abs_diff(a, b))
            .fold(0.0, f32::max);
        println!(
            "batched={}: max abs coordinate difference to Encoder::embed: {worst:e}",
            embedder.is_batched()
        );
        assert!(worst < 1e-4, "max abs difference {worst}");
        for (q, query) in reference.iter().enumerate() {
            assert_eq!(
                top5(&vectors[q], &vectors),
                top5(query, &reference),
                "top-5 for texts[{q}] as query"
            );
        }
        // Queries that are not in the corpus, embedded one at a time by both.
        let encoder = pocket_encoder::Encoder::new().unwrap();
        for question in [
            "when is the report due?",
            "what does Alice drink?",
            "soup ingredients",
            "database outage",
        ] {
            let ours = embedder.embed_one(question).unwrap();
            let theirs = encoder.embed(&[question]).unwrap().remove(0);
            assert!(max_abs_diff(&ours, &theirs) < 1e-4, "{question}");
            assert_eq!(
                top5(&ours, &vectors),
                top5(&theirs, &reference),
                "{question}"
            );
        }
    }
}

#[test]
fn order_is_preserved_across_groups_and_threads() {
    // 37 texts of mixed lengths, so they are reordered into several groups by length
    // and spread over threads, then must come back in input order.
    let base = varied_texts();
    let texts: Vec<String> = (0..37)
        .map(|i| format!("{} #{i}", base[(i * 7) % base.len()]))
        .collect();
    let texts = refs(&texts);
    for embedder in [
        PocketEmbedder::new().unwrap(),
        PocketEmbedder::unbatched().unwrap(),
    ] {
        let batch = embedder.embed_batch(&texts).unwrap();
        assert_eq!(batch.len(), 37);
        for (i, text) in texts.iter().enumerate() {
            let single = embedder.embed_one(text).unwrap();
            let diff = max_abs_diff(&batch[i], &single);
            assert!(diff < 1e-5, "texts[{i}] differs by {diff}");
        }
        // The grouping does not depend on the thread count, so neither do the bits.
        let one_thread = embedder
            .clone()
            .with_threads(1)
            .unwrap()
            .embed_batch(&texts)
            .unwrap();
        assert_eq!(one_thread, batch);
    }
}

#[test]
fn many_texts_are_chunked_internally() {
    // More than pocket-encoder accepts in one call (4096) and many forward passes.
    let texts: Vec<String> = (0..4500).map(|i| format!("memory number {i}")).collect();
    let vectors = PocketEmbedder::new()
        .unwrap()
        .embed_batch(&refs(&texts))
        .unwrap();
    assert_eq!(vectors.len(), 4500);
    assert!(vectors.iter().all(|v| v.len() == 384));
}

#[test]
fn empty_text_error_names_its_index() {
    for embedder in [
        PocketEmbedder::new().unwrap(),
        PocketEmbedder::unbatched().unwrap(),
    ] {
        let error = embedder
            .embed_batch(&["fine", "also fine", " \n\t", "fine again"])
            .unwrap_err();
        assert_eq!(error.code(), mnemo_core::ErrorCode::InvalidInput);
        assert!(error.to_string().contains("texts[2]"), "{error}");

        let error = embedder.embed_batch(&["", "fine"]).unwrap_err();
        assert!(error.to_string().contains("texts[0]"), "{error}");

        assert!(embedder.embed_one("").is_err());
    }
}

#[test]
fn oversized_text_error_names_its_index() {
    let huge = "a ".repeat(mnemo_embed::MAX_TEXT_BYTES);
    let error = PocketEmbedder::new()
        .unwrap()
        .embed_batch(&["fine", &huge])
        .unwrap_err();
    assert_eq!(error.code(), mnemo_core::ErrorCode::InvalidInput);
    assert!(error.to_string().contains("texts[1]"), "{error}");
}

#[test]
fn zero_texts_give_zero_vectors() {
    for embedder in [
        PocketEmbedder::new().unwrap(),
        PocketEmbedder::unbatched().unwrap(),
    ] {
        assert!(embedder.embed_batch(&[]).unwrap().is_empty());
    }
}

#[test]
fn works_as_a_trait_object_across_threads() {
    let embedder: std::sync::Arc<dyn Embedder> =
        std::sync::Arc::new(PocketEmbedder::new().unwrap());
    let handles: Vec<_> = (0..2)
        .map(|t| {
            let embedder = embedder.clone();
            std::thread::spawn(move || embedder.embed_one(&format!("thread {t} says hello")))
        })
        .collect();
    for handle in handles {
        assert_eq!(handle.join().unwrap().unwrap().len(), 384);
    }
}
