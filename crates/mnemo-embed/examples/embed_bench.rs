//! Throughput of PocketEmbedder against pocket-encoder's sequential `Encoder::embed`.
//!
//! Run with `cargo run --release -p mnemo-embed --example embed_bench`. Builds 2000 short,
//! realistic memory-like sentences from templates (deterministic, no data files), then
//! prints the median texts/s over 3 runs of: (a) `Encoder::embed` on 300 texts, the
//! baseline; (b) `PocketEmbedder` on all 2000; and b/a. The same with one thread, and the
//! unbatched (threads only) strategy are printed too, for comparison, then the latency of
//! one query. Everything runs in this one process, the runs of all cases interleaved.

use mnemo_embed::{Embedder, PocketEmbedder};
use std::time::Instant;

const RUNS: usize = 3;
const TEXTS: usize = 2000;
const BASELINE_TEXTS: usize = 300;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let texts = sentences(TEXTS);
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let words = refs
        .iter()
        .map(|t| t.split_whitespace().count())
        .sum::<usize>() as f64;
    println!(
        "{} texts, {:.1} words on average; {} cores available",
        refs.len(),
        words / refs.len() as f64,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!("(\"cores busy\" = this process's CPU time / wall time: less than the cores");
    println!(" available means other processes took the rest; the machine is shared)");

    // Loading is excluded from the timings; every strategy embeds once to warm up.
    let encoder = pocket_encoder::Encoder::new()?;
    let embedder = PocketEmbedder::new()?;
    let one_thread = embedder.clone().with_threads(1)?;
    let unbatched = PocketEmbedder::unbatched()?;
    let baseline = &refs[..BASELINE_TEXTS];
    let subset = &refs[..BASELINE_TEXTS * 2];
    encoder.embed(&refs[..10])?;
    embedder.embed_batch(&refs[..64])?;
    unbatched.embed_batch(&refs[..10])?;

    let mut cases = [
        Case::new(
            format!("(a) pocket_encoder::Encoder::embed, sequential, {BASELINE_TEXTS} texts"),
            baseline.len(),
            Box::new(|| {
                encoder.embed(baseline)?;
                Ok(())
            }),
        ),
        Case::new(
            format!(
                "(b) PocketEmbedder::new() ({}, {} threads), {TEXTS} texts",
                if embedder.is_batched() {
                    "batched"
                } else {
                    "unbatched"
                },
                embedder.threads()
            ),
            refs.len(),
            Box::new(|| {
                embedder.embed_batch(&refs)?;
                Ok(())
            }),
        ),
        // For comparison: the same on one thread, and step one alone (pocket-encoder's
        // own encoder, one text per forward pass, on all threads).
        Case::new(
            format!("    PocketEmbedder, 1 thread, {TEXTS} texts"),
            refs.len(),
            Box::new(|| {
                one_thread.embed_batch(&refs)?;
                Ok(())
            }),
        ),
        Case::new(
            format!(
                "    PocketEmbedder::unbatched(), {} threads, {} texts",
                unbatched.threads(),
                subset.len()
            ),
            subset.len(),
            Box::new(|| {
                unbatched.embed_batch(subset)?;
                Ok(())
            }),
        ),
    ];
    // Rounds interleave the cases, so that a burst of load from other processes on this
    // shared machine hits all of them alike instead of skewing one ratio.
    for _ in 0..RUNS {
        for case in &mut cases {
            case.measure()?;
        }
    }
    let a = cases[0].median();
    for (i, case) in cases.iter().enumerate() {
        let rate = case.median();
        let ratio = if i == 0 {
            String::new()
        } else {
            format!(", {:.2}x (a)", rate.rate / a.rate)
        };
        println!("{}: {}{ratio}", case.label, rate.show());
    }
    println!("    ratio b/a: {:.2}x", cases[1].median().rate / a.rate);

    // Latency of one short query, the search path.
    let mut latencies: Vec<f64> = (0..21)
        .map(|i| {
            let started = Instant::now();
            embedder.embed_one(refs[i * 7])?;
            Ok(started.elapsed().as_secs_f64() * 1e3)
        })
        .collect::<Result<_, Box<dyn std::error::Error>>>()?;
    latencies.sort_by(f64::total_cmp);
    println!("    embed_one latency: median {:.2} ms", latencies[10]);
    Ok(())
}

type Run<'a> = Box<dyn FnMut() -> Result<(), Box<dyn std::error::Error>> + 'a>;

/// One strategy under test and its measurements so far.
struct Case<'a> {
    label: String,
    count: usize,
    run: Run<'a>,
    rates: Vec<Rate>,
}

impl<'a> Case<'a> {
    fn new(label: String, count: usize, run: Run<'a>) -> Self {
        Self {
            label,
            count,
            run,
            rates: Vec::new(),
        }
    }

    fn measure(&mut self) -> Result<(), Box<dyn std::error::Error>> {
        let cpu = cpu_seconds();
        let started = Instant::now();
        (self.run)()?;
        let wall = started.elapsed().as_secs_f64();
        let cores = cpu
            .zip(cpu_seconds())
            .map(|(before, after)| (after - before) / wall);
        self.rates.push(Rate {
            rate: self.count as f64 / wall,
            cores,
        });
        Ok(())
    }

    /// The measurement with the median rate.
    fn median(&self) -> &Rate {
        let mut sorted: Vec<&Rate> = self.rates.iter().collect();
        sorted.sort_by(|x, y| x.rate.total_cmp(&y.rate));
        sorted[sorted.len() / 2]
    }
}

/// One measurement: texts per second, and how many cores the process kept busy meanwhile.
struct Rate {
    rate: f64,
    cores: Option<f64>,
}

impl Rate {
    fn show(&self) -> String {
        match self.cores {
            Some(cores) => format!("{:7.1} texts/s ({cores:.2} cores busy)", self.rate),
            None => format!("{:7.1} texts/s", self.rate),
        }
    }
}

/// CPU time (user + system) of this process so far, where the OS tells it cheaply.
fn cpu_seconds() -> Option<f64> {
    // Fields 14 and 15 of /proc/self/stat, counted after the parenthesised command name.
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // The kernel reports in USER_HZ, which is 100 on every Linux ABI Rust supports.
    Some(ticks / 100.0)
}

/// `count` distinct sentences like the notes, facts and events a memory graph holds,
/// from a fixed linear congruential sequence, so every run embeds the same texts.
fn sentences(count: usize) -> Vec<String> {
    const PEOPLE: [&str; 12] = [
        "Alice",
        "Bob",
        "Priya",
        "Chen",
        "Maria",
        "Tom",
        "Aisha",
        "Lukas",
        "Sofia",
        "Kenji",
        "the landlord",
        "my sister",
    ];
    const THINGS: [&str; 16] = [
        "the quarterly report",
        "a dentist appointment",
        "the car insurance renewal",
        "the new database schema",
        "a birthday present",
        "the flight to Lisbon",
        "the kitchen renovation",
        "a book about memory palaces",
        "the server migration",
        "the tax return",
        "a running plan for the marathon",
        "the garden fence",
        "the onboarding checklist",
        "a recipe for lentil soup",
        "the broken laptop charger",
        "the hiking trip in the Alps",
    ];
    const WHEN: [&str; 10] = [
        "on Monday",
        "next week",
        "before the end of the month",
        "yesterday evening",
        "last summer",
        "after lunch",
        "by Friday",
        "in two weeks",
        "this morning",
        "at the weekend",
    ];
    const TEMPLATES: [&str; 12] = [
        "{p} asked me to review {t} {w}.",
        "Remember to pay for {t} {w}.",
        "{p} said {t} is delayed until {w}.",
        "I talked with {p} about {t} {w}, and we agreed to revisit it later.",
        "Idea: combine {t} with notes from {p}.",
        "{p} recommended {t}.",
        "Decided to postpone {t} {w} because {p} is away.",
        "Met {p} {w}; the main topic was {t}.",
        "Need to call {p} about {t}.",
        "{t} cost more than expected, according to {p}.",
        "Question for {p}: who is responsible for {t}?",
        "Finished {t} {w}.",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % n
    };
    (0..count)
        .map(|i| {
            let sentence = TEMPLATES[next(TEMPLATES.len())]
                .replace("{p}", PEOPLE[next(PEOPLE.len())])
                .replace("{t}", THINGS[next(THINGS.len())])
                .replace("{w}", WHEN[next(WHEN.len())]);
            // Capitalise sentences that start with a lower-case template value.
            let mut chars = sentence.chars();
            let first = chars.next().map(|c| c.to_uppercase().to_string());
            let sentence = first.unwrap_or_default() + chars.as_str();
            // A number keeps every text distinct, as real memories are.
            if i % 3 == 0 {
                format!("{sentence} (note {})", i + 1)
            } else {
                sentence
            }
        })
        .collect()
}
