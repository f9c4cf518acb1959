//! Graph expansion for retrieval: personalized PageRank from seed memories, within a few hops.
//!
//! The walk runs on a copy of the "ball" around the seeds, renumbered `0..n`, so that every vector
//! it allocates has the ball's size and the cost of a query never grows with the whole graph.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use mnemo_core::{Edge, EdgeKind, ExpansionConfig, PathStep, Timestamp};
use petgraph::stable_graph::{EdgeIndex, NodeIndex};

use crate::MemoryGraph;

/// What an expansion activated, and how activation got there.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Expansion {
    /// Personalized PageRank score of every seed and of every node that kept enough activation.
    pub activation: HashMap<String, f32>,
    /// For every non-seed node of `activation`: the strongest path from a seed to it.
    pub paths: HashMap<String, Vec<PathStep>>,
    /// Nodes the walk could enter within `hops` of the seeds, seeds included.
    pub reached: usize,
    /// Distinct edges the walk could traverse: those touching a node closer than `hops`.
    pub visited_edges: usize,
}

impl MemoryGraph {
    /// Spreads the seeds' scores over the graph by personalized PageRank and explains the result.
    ///
    /// The walk restarts with probability `cfg.restart` at a seed, chosen in proportion to its
    /// score (scores are normalised to sum 1; if none is positive the seeds count equally), and
    /// otherwise follows an edge in either direction, in proportion to
    /// `cfg.weight_of(kind) * edge.weight` among the node's edges. It only sees nodes within
    /// `cfg.hops` of a seed and the edges touching a node closer than that (an edge between two
    /// nodes at exactly `cfg.hops` is not followed, so a hub there costs nothing). It never
    /// enters a `Forgotten` memory, never follows an edge whose weight is not positive, and a
    /// node with nowhere to go sends its mass back to the seeds.
    ///
    /// Activation below `cfg.min_activation` times the strongest is dropped (seeds are always
    /// kept). Each kept non-seed node gets the path of at most `cfg.hops` edges, from any seed,
    /// whose product of edge weights is highest (weights above 1 count as 1 here, so a detour
    /// never pays); ties go to fewer hops, then to the smaller node ids along the path, then to
    /// the smaller edge ids.
    ///
    /// Unknown and `Forgotten` seeds are ignored; a seed listed twice has its scores summed.
    /// `cfg.enabled` and `cfg.max_new` are the caller's business and are not read here.
    pub fn expand(&self, seeds: &[(String, f32)], cfg: &ExpansionConfig) -> Expansion {
        self.expand_at(seeds, cfg, EdgeTime::default())
    }

    /// [`expand`](Self::expand), following only the edges of that time (see [`EdgeTime`]).
    pub fn expand_at(
        &self,
        seeds: &[(String, f32)],
        cfg: &ExpansionConfig,
        at: EdgeTime,
    ) -> Expansion {
        let seeds = self.resolve_seeds(seeds);
        if seeds.is_empty() {
            return Expansion::default();
        }
        let weights = KindWeights::new(cfg, at);
        let ball = Ball::around(self, &seeds, cfg.hops, &weights);
        let restart = if cfg.restart.is_finite() {
            cfg.restart.clamp(0.0, 1.0)
        } else {
            1.0
        };
        let scores = ball.pagerank(&seeds, restart, cfg.iterations);

        let strongest = scores.iter().copied().fold(0.0_f32, f32::max);
        let threshold = cfg.min_activation * strongest;
        let best = ball.best_paths(self, seeds.len(), cfg.hops);
        let mut expansion = Expansion {
            reached: ball.nodes.len(),
            visited_edges: ball.arcs.len() / 2,
            ..Expansion::default()
        };
        for (i, (&ix, &score)) in ball.nodes.iter().zip(&scores).enumerate() {
            let is_seed = i < seeds.len();
            if !is_seed && (score <= 0.0 || score < threshold) {
                continue;
            }
            let id = self.id_of(ix).to_string();
            if !is_seed && let Some(path) = ball.path_to(self, &best, i) {
                expansion.paths.insert(id.clone(), path);
            }
            expansion.activation.insert(id, score);
        }
        expansion
    }

    /// The usable seeds with their restart probabilities, sorted by id (the ball's first nodes).
    fn resolve_seeds(&self, seeds: &[(String, f32)]) -> Vec<(NodeIndex, f32)> {
        let mut found: Vec<(NodeIndex, f32)> = seeds
            .iter()
            .filter_map(|(id, score)| {
                let &ix = self.node_ids.get(id)?;
                let usable = !self.is_forgotten(ix);
                let score = if score.is_finite() {
                    score.max(0.0)
                } else {
                    0.0
                };
                usable.then_some((ix, score))
            })
            .collect();
        found.sort_by(|a, b| self.id_of(a.0).cmp(self.id_of(b.0)));
        found.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1 += later.1;
            }
            same
        });
        let total: f32 = found.iter().map(|s| s.1).sum();
        let uniform = 1.0 / found.len() as f32;
        for seed in &mut found {
            seed.1 = if total > 0.0 { seed.1 / total } else { uniform };
        }
        found
    }
}

/// `cfg.weight_of` per edge kind, looked up once per expansion rather than once per edge.
/// Which edges a walk may follow: those that hold at `valid_at` (from their `valid_from`, until
/// their `valid_until`: what connected the memories then), and those made by `known_at` (what
/// Mnemo knew then).
#[derive(Debug, Clone, Copy, Default)]
pub struct EdgeTime {
    pub valid_at: Option<Timestamp>,
    pub known_at: Option<Timestamp>,
}

impl EdgeTime {
    /// Whether the edge held at `valid_at` and was known by `known_at`.
    pub fn holds(&self, edge: &Edge) -> bool {
        let invalid = self.valid_at.is_some_and(|t| {
            edge.valid_from.is_some_and(|f| f > t) || edge.valid_until.is_some_and(|u| u <= t)
        });
        let unknown = self.known_at.is_some_and(|t| edge.created_at > t);
        !invalid && !unknown
    }
}

struct KindWeights([f32; EdgeKind::ALL.len()], EdgeTime);

impl KindWeights {
    fn new(cfg: &ExpansionConfig, at: EdgeTime) -> Self {
        let mut weights = [0.0; EdgeKind::ALL.len()];
        for &kind in EdgeKind::ALL {
            // `EdgeKind` has no explicit discriminants, so `as usize` numbers kinds 0..ALL.len().
            weights[kind as usize] = cfg.weight_of(kind);
        }
        KindWeights(weights, at)
    }

    /// The edge's transition weight, or `None` if the walk may not follow it.
    fn of(&self, edge: &Edge) -> Option<f32> {
        if !self.1.holds(edge) {
            return None;
        }
        let w = self.0[edge.kind as usize] * edge.weight;
        (w.is_finite() && w > 0.0).then_some(w)
    }
}

/// One direction of a usable edge inside the ball.
#[derive(Clone, Copy)]
struct Arc {
    /// Local index of the node the arc leads to.
    to: u32,
    /// Transition weight before normalisation.
    weight: f32,
    edge: EdgeIndex,
}

/// Links of one node the walk follows at most. A hub (an entity mentioned by a hundred thousand
/// memories) near the seeds would otherwise put its whole neighbourhood into every query's ball,
/// though the walk gives each of those neighbours almost nothing; the hub's newest links are
/// followed instead (petgraph lists a node's edges newest first), and its other links keep their
/// share of its out-weight, so what it passes on is not inflated.
pub const HUB_FANOUT: usize = 256;

/// The subgraph the walk runs on: nodes within `hops` of a seed, renumbered from 0 (seeds first).
struct Ball {
    nodes: Vec<NodeIndex>,
    /// The arcs leaving local node `i` are `arcs[offsets[i]..offsets[i + 1]]`.
    offsets: Vec<usize>,
    arcs: Vec<Arc>,
    /// Out-weight of each local node's links that the ball left out (those of a hub beyond
    /// [`HUB_FANOUT`]); the walk sends that share back to the seeds.
    hidden: Vec<f32>,
}

impl Ball {
    /// Collects the ball by breadth-first search from all seeds at once.
    ///
    /// The walk gets exactly the edges this search follows: every usable edge touching a node
    /// closer than `hops` to a seed, except a hub's beyond its newest [`HUB_FANOUT`]. Edges
    /// between two nodes on the rim (at exactly `hops`) are left out, so that only the adjacency
    /// of nodes inside the rim is ever read and a hub on the rim costs nothing.
    fn around(
        graph: &MemoryGraph,
        seeds: &[(NodeIndex, f32)],
        hops: u32,
        weights: &KindWeights,
    ) -> Ball {
        let mut nodes: Vec<NodeIndex> = seeds.iter().map(|s| s.0).collect();
        let mut local: HashMap<NodeIndex, u32> = nodes
            .iter()
            .enumerate()
            .map(|(i, &ix)| (ix, i as u32))
            .collect();
        // Each followed edge once, as (local endpoint, local endpoint, weight, edge).
        let mut followed: Vec<(u32, u32, f32, EdgeIndex)> = Vec::new();
        // Hubs whose links were cut short, and the edges read from them: another node's edge to
        // such a hub was not necessarily followed from the hub's side.
        let mut cut: HashMap<u32, f32> = HashMap::new();
        let mut from_cut: HashSet<EdgeIndex> = HashSet::new();
        // Nodes are read in order, so the ones whose adjacency has been read are a prefix.
        let mut read = 0;
        for _ in 0..hops {
            let layer_end = nodes.len();
            if read == layer_end {
                break;
            }
            for u in read..layer_end {
                let degree = graph.degree_at(nodes[u]);
                let hub = degree > HUB_FANOUT;
                let (mut seen, mut usable_weight, mut usable) = (0usize, 0.0f32, 0usize);
                for (e, v, edge) in graph.incident(nodes[u]) {
                    if hub && seen == HUB_FANOUT {
                        break;
                    }
                    seen += 1;
                    let Some(weight) = weights.of(edge) else {
                        continue;
                    };
                    let v = match local.get(&v) {
                        // Already followed from v's side (unless v is a hub that stopped short);
                        // or a self-loop, which only delays the walk and leads nowhere.
                        Some(&v) if v as usize == u => continue,
                        Some(&v) if v as usize <= u && !cut.contains_key(&v) => continue,
                        Some(&v) if (v as usize) < u && from_cut.contains(&e) => continue,
                        Some(&v) => v,
                        None if graph.is_forgotten(v) => continue,
                        None => {
                            let next = nodes.len() as u32;
                            local.insert(v, next);
                            nodes.push(v);
                            next
                        }
                    };
                    usable_weight += weight;
                    usable += 1;
                    if hub {
                        from_cut.insert(e);
                    }
                    followed.push((u as u32, v, weight, e));
                }
                if hub {
                    // The unread links weigh, on average, about what the read ones did.
                    let unread = degree.saturating_sub(seen) as f32;
                    let mean = if usable > 0 {
                        usable_weight / usable as f32
                    } else {
                        0.0
                    };
                    cut.insert(u as u32, unread * mean);
                }
            }
            read = layer_end;
        }
        let mut hidden = vec![0.0; nodes.len()];
        for (u, w) in cut {
            hidden[u as usize] = w;
        }

        // Lay the edges out by node, once in each direction (compressed sparse rows).
        let mut offsets = vec![0; nodes.len() + 1];
        for &(a, b, _, _) in &followed {
            offsets[a as usize + 1] += 1;
            offsets[b as usize + 1] += 1;
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        let mut fill = offsets.clone();
        let mut arcs = vec![
            Arc {
                to: 0,
                weight: 0.0,
                edge: EdgeIndex::end()
            };
            2 * followed.len()
        ];
        for &(a, b, weight, edge) in &followed {
            arcs[fill[a as usize]] = Arc {
                to: b,
                weight,
                edge,
            };
            fill[a as usize] += 1;
            arcs[fill[b as usize]] = Arc {
                to: a,
                weight,
                edge,
            };
            fill[b as usize] += 1;
        }
        Ball {
            nodes,
            offsets,
            arcs,
            hidden,
        }
    }

    fn arcs_of(&self, u: usize) -> &[Arc] {
        &self.arcs[self.offsets[u]..self.offsets[u + 1]]
    }

    /// Power iteration of the walk with restart; returns each local node's score (they sum to 1).
    fn pagerank(&self, seeds: &[(NodeIndex, f32)], restart: f32, iterations: u32) -> Vec<f32> {
        let n = self.nodes.len();
        let out_weight: Vec<f32> = (0..n)
            .map(|u| self.arcs_of(u).iter().map(|a| a.weight).sum::<f32>() + self.hidden[u])
            .collect();
        let mut score = vec![0.0_f32; n];
        for (i, seed) in seeds.iter().enumerate() {
            score[i] = seed.1;
        }
        let mut next = vec![0.0_f32; n];
        for _ in 0..iterations {
            next.fill(0.0);
            // Mass that goes back to the seeds: the restarts, and whatever reached a dead end.
            let mut returned = 0.0_f32;
            for u in 0..n {
                let mass = score[u];
                if mass == 0.0 {
                    continue;
                }
                if out_weight[u] <= 0.0 {
                    returned += mass;
                    continue;
                }
                // The restarts, and the share bound for a hub's links the ball left out.
                returned +=
                    restart * mass + (1.0 - restart) * mass * self.hidden[u] / out_weight[u];
                let share = (1.0 - restart) * mass / out_weight[u];
                for arc in self.arcs_of(u) {
                    next[arc.to as usize] += share * arc.weight;
                }
            }
            for (i, seed) in seeds.iter().enumerate() {
                next[i] += returned * seed.1;
            }
            std::mem::swap(&mut score, &mut next);
        }
        score
    }

    /// For every hop count `k` in `0..=hops` and local node: its strongest walk of exactly `k`
    /// arcs from a seed.
    ///
    /// Dynamic programming by hop count (Bellman-Ford in layers) rather than Dijkstra, because
    /// Dijkstra cannot respect the hop limit. Walks into a seed are skipped: going through a seed
    /// is never better than starting there. The best walk over all `k` is always a simple path.
    fn best_paths(
        &self,
        graph: &MemoryGraph,
        seed_count: usize,
        hops: u32,
    ) -> Vec<Vec<Option<Step>>> {
        let n = self.nodes.len();
        let mut layers: Vec<Vec<Option<Step>>> = Vec::with_capacity(hops as usize + 1);
        layers.push(
            (0..n)
                .map(|i| (i < seed_count).then_some(Step::START))
                .collect(),
        );
        for k in 1..=hops as usize {
            let mut layer: Vec<Option<Step>> = vec![None; n];
            for u in 0..n {
                let Some(prev) = layers[k - 1][u] else {
                    continue;
                };
                for a in self.offsets[u]..self.offsets[u + 1] {
                    let arc = &self.arcs[a];
                    let v = arc.to as usize;
                    if v < seed_count {
                        continue;
                    }
                    let candidate = Step {
                        product: prev.product * arc.weight.min(1.0),
                        from: u as u32,
                        arc: a as u32,
                    };
                    let better = match layer[v] {
                        None => true,
                        Some(current) => match candidate.product.total_cmp(&current.product) {
                            Ordering::Greater => true,
                            Ordering::Less => false,
                            Ordering::Equal => {
                                self.tie_order(graph, &layers, k, candidate, current)
                                    == Ordering::Less
                            }
                        },
                    };
                    if better {
                        layer[v] = Some(candidate);
                    }
                }
            }
            let any = layer.iter().any(Option::is_some);
            layers.push(layer);
            if !any {
                break;
            }
        }
        layers
    }

    /// Orders two equally strong `k`-arc walks to the same node: by node ids, then edge ids.
    fn tie_order(
        &self,
        graph: &MemoryGraph,
        layers: &[Vec<Option<Step>>],
        k: usize,
        a: Step,
        b: Step,
    ) -> Ordering {
        // Both end at the same node, so compare the (k-1)-walks they extend, then their arcs.
        let (nodes_a, mut arcs_a) = self.walk(layers, k - 1, a.from as usize);
        let (nodes_b, mut arcs_b) = self.walk(layers, k - 1, b.from as usize);
        arcs_a.push(a.arc as usize);
        arcs_b.push(b.arc as usize);
        let node_id = |i: &usize| graph.id_of(self.nodes[*i]);
        let edge_id = |a: &usize| graph.graph[self.arcs[*a].edge].id.as_str();
        nodes_a
            .iter()
            .map(node_id)
            .cmp(nodes_b.iter().map(node_id))
            .then_with(|| arcs_a.iter().map(edge_id).cmp(arcs_b.iter().map(edge_id)))
    }

    /// The local nodes (seed first) and arc positions of the best `k`-arc walk ending at `v`.
    fn walk(&self, layers: &[Vec<Option<Step>>], k: usize, v: usize) -> (Vec<usize>, Vec<usize>) {
        let mut nodes = vec![v];
        let mut arcs = Vec::new();
        let mut at = v;
        for layer in layers[1..=k].iter().rev() {
            let step = layer[at].expect("a walk's predecessor has a walk one arc shorter");
            arcs.push(step.arc as usize);
            at = step.from as usize;
            nodes.push(at);
        }
        nodes.reverse();
        arcs.reverse();
        (nodes, arcs)
    }

    /// The strongest path to local node `v` over all hop counts, fewer hops winning ties.
    fn path_to(
        &self,
        graph: &MemoryGraph,
        layers: &[Vec<Option<Step>>],
        v: usize,
    ) -> Option<Vec<PathStep>> {
        let mut best: Option<(usize, f32)> = None;
        for (k, layer) in layers.iter().enumerate().skip(1) {
            if let Some(step) = layer[v]
                && best.is_none_or(|(_, product)| step.product > product)
            {
                best = Some((k, step.product));
            }
        }
        let (k, _) = best?;
        let (nodes, arcs) = self.walk(layers, k, v);
        Some(
            nodes
                .windows(2)
                .zip(arcs)
                .map(|(pair, a)| {
                    graph.step(self.nodes[pair[0]], self.nodes[pair[1]], self.arcs[a].edge)
                })
                .collect(),
        )
    }
}

/// The last arc of a best walk: where it came from, and the product of weights so far.
#[derive(Clone, Copy)]
struct Step {
    product: f32,
    /// Local node the walk was at one arc earlier.
    from: u32,
    /// Position of the arc taken in `Ball::arcs`.
    arc: u32,
}

impl Step {
    /// The zero-arc walk at a seed.
    const START: Step = Step {
        product: 1.0,
        from: u32::MAX,
        arc: u32::MAX,
    };
}
