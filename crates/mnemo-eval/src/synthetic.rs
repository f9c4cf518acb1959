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

/// A synthetic memory set: vectors from a [`VectorSpace`] (so the vector index has the structure
/// it meets in real embeddings) and sentences for the full-text index.
pub struct Synthetic {
    pub inputs: Vec<NewMemory>,
    /// Where the vectors came from: draw queries from it, and they resemble the memories.
    pub space: VectorSpace,
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

/// Weights of a [`VectorSpace`]'s parts. The defaults make vectors shaped like sentence
/// embeddings of the bundled model (`mnemo bench data` measures both): a direction every vector
/// shares, 64 topics of 64 subtopics each, and within a topic a few directions of variation, so
/// neighbourhoods have about as many dimensions as real ones (not all 384, where every point of a
/// cluster is as far as every other and no index can tell them apart).
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub common: f32,
    pub topic: f32,
    pub subtopic: f32,
    pub within: f32,
    /// Directions of variation within a topic.
    pub rank: usize,
    pub noise: f32,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            common: 0.9,
            topic: 0.6,
            subtopic: 0.5,
            within: 0.35,
            rank: 12,
            noise: 0.03,
        }
    }
}

const TOPICS: usize = 64;
const SUBTOPICS: usize = 64;

/// A deterministic distribution of unit vectors with topics, subtopics and low-dimensional
/// variation within a topic.
pub struct VectorSpace {
    style: Style,
    dims: usize,
    common: Vec<f32>,
    topics: Vec<Vec<f32>>,
    subtopics: Vec<Vec<f32>>,
    directions: Vec<Vec<Vec<f32>>>,
}

impl VectorSpace {
    pub fn new(dims: usize, style: Style, rng: &mut Rng) -> Self {
        let mut unit = || {
            let mut v: Vec<f32> = (0..dims).map(|_| rng.gauss()).collect();
            normalise(&mut v);
            v
        };
        let common = unit();
        let topics = (0..TOPICS).map(|_| unit()).collect();
        let subtopics = (0..TOPICS * SUBTOPICS).map(|_| unit()).collect();
        let directions = (0..TOPICS)
            .map(|_| (0..style.rank).map(|_| unit()).collect())
            .collect();
        VectorSpace {
            style,
            dims,
            common,
            topics,
            subtopics,
            directions,
        }
    }

    /// One unit vector.
    pub fn sample(&self, rng: &mut Rng) -> Vec<f32> {
        let s = &self.style;
        let t = rng.below(TOPICS);
        let sub = &self.subtopics[t * SUBTOPICS + rng.below(SUBTOPICS)];
        let mut v: Vec<f32> = (0..self.dims)
            .map(|i| s.common * self.common[i] + s.topic * self.topics[t][i] + s.subtopic * sub[i])
            .collect();
        // Irwin–Hall "gauss" has variance 1/2; scale to unit variance.
        let scale = std::f32::consts::SQRT_2;
        for d in &self.directions[t] {
            let z = s.within * scale * rng.gauss();
            v.iter_mut().zip(d).for_each(|(x, y)| *x += z * y);
        }
        for x in v.iter_mut() {
            *x += s.noise * scale * rng.gauss();
        }
        normalise(&mut v);
        v
    }
}

pub fn memories(n: usize, dims: usize, embedder: &str, seed: u64) -> Synthetic {
    memories_styled(n, dims, embedder, seed, Style::default())
}

pub fn memories_styled(
    n: usize,
    dims: usize,
    embedder: &str,
    seed: u64,
    style: Style,
) -> Synthetic {
    let mut rng = Rng::new(seed);
    let space = VectorSpace::new(dims, style, &mut rng);
    let inputs = (0..n)
        .map(|i| NewMemory {
            text: sentence(&mut rng),
            session: Some(format!("s{}", i / 50)),
            external_id: Some(format!("m{i}")),
            occurred_at: Some(format!("2024-01-01T00:00:00Z")),
            vector: Some(space.sample(&mut rng)),
            embedder: Some(embedder.to_string()),
            ..Default::default()
        })
        .collect();
    Synthetic { inputs, space }
}
