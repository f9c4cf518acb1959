//! Deterministic synthetic memories: short realistic sentences and clustered unit vectors, so a
//! vector index has structure to find and every run measures the same data.

use mnemo_core::NewMemory;

/// Deterministic pseudo-random numbers (xorshift64*), so every run measures the same data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
    pub fn gauss(&mut self) -> f32 {
        // Irwin–Hall approximation: good enough for synthetic clusters.
        (0..6).map(|_| self.unit()).sum::<f32>() - 3.0
    }
}

const SUBJECTS: &[&str] = &[
    "I",
    "We",
    "Maria",
    "The team",
    "My sister",
    "Dr. Chen",
    "Our agent",
    "Tom",
    "The client",
    "Priya",
];
const VERBS: &[&str] = &[
    "visited",
    "discussed",
    "fixed",
    "planned",
    "reviewed",
    "bought",
    "wrote about",
    "cancelled",
    "booked",
    "cooked",
];
const OBJECTS: &[&str] = &[
    "the quarterly budget",
    "a trip to Lisbon",
    "the database migration",
    "a birthday dinner",
    "the garden shed",
    "a new laptop",
    "the onboarding guide",
    "the flaky integration test",
    "a pottery class",
    "the concert tickets",
    "the vector index",
    "a hiking route",
    "the insurance claim",
    "the team offsite",
    "a sourdough recipe",
];
const WHEN: &[&str] = &[
    "yesterday",
    "last week",
    "this morning",
    "on Friday",
    "after lunch",
    "in March",
    "before the holidays",
];

/// A realistic short sentence, deterministic from the generator.
pub fn sentence(rng: &mut Rng) -> String {
    format!(
        "{} {} {} {} (note {}).",
        SUBJECTS[rng.below(SUBJECTS.len())],
        VERBS[rng.below(VERBS.len())],
        OBJECTS[rng.below(OBJECTS.len())],
        WHEN[rng.below(WHEN.len())],
        rng.below(10_000)
    )
}

/// A synthetic memory set: clustered unit vectors (so the vector index has structure to find)
/// and sentences for the full-text index.
pub struct Synthetic {
    pub inputs: Vec<NewMemory>,
    pub centroids: Vec<Vec<f32>>,
}

pub fn normalise(v: &mut [f32]) {
    let n = v
        .iter()
        .map(|x| x * x)
        .sum::<f32>()
        .sqrt()
        .max(f32::MIN_POSITIVE);
    v.iter_mut().for_each(|x| *x /= n);
}

pub fn memories(n: usize, dims: usize, embedder: &str, seed: u64) -> Synthetic {
    let mut rng = Rng::new(seed);
    let centroids: Vec<Vec<f32>> = (0..64)
        .map(|_| {
            let mut c: Vec<f32> = (0..dims).map(|_| rng.gauss()).collect();
            normalise(&mut c);
            c
        })
        .collect();
    let inputs = (0..n)
        .map(|i| {
            let c = &centroids[rng.below(centroids.len())];
            let mut v: Vec<f32> = c.iter().map(|x| x + 0.08 * rng.gauss()).collect();
            normalise(&mut v);
            NewMemory {
                text: sentence(&mut rng),
                session: Some(format!("s{}", i / 50)),
                external_id: Some(format!("m{i}")),
                occurred_at: Some(format!("2024-01-01T00:00:00Z")),
                vector: Some(v),
                embedder: Some(embedder.to_string()),
                ..Default::default()
            }
        })
        .collect();
    Synthetic { inputs, centroids }
}
