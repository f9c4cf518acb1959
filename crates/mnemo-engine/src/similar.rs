//! Exact top-k nearest vectors above a threshold for many queries at once (int8 prefilter, f32 scores).

use std::cmp::Ordering;
use std::ops::Range;

/// Below this many query-target pairs, one thread does the work (spawning costs more).
const PARALLEL_PAIRS: usize = 1 << 20;
/// From this many queries on, the int8 prefilter pays for quantising the targets.
const PREFILTER_QUERIES: usize = 16;
/// Queries per unit of work handed to a thread.
const UNIT: usize = 64;

/// The score of two vectors: their dot product (their cosine, for unit vectors). Every path
/// scores with this function, in this summation order, so all give bit-identical scores.
pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    const L: usize = 16;
    let mut acc = [0f32; L];
    let (ca, ra) = a.as_chunks::<L>();
    let (cb, rb) = b.as_chunks::<L>();
    for (x, y) in ca.iter().zip(cb) {
        for l in 0..L {
            acc[l] += x[l] * y[l];
        }
    }
    let tail: f32 = ra.iter().zip(rb).map(|(x, y)| x * y).sum();
    let mut width = L;
    while width > 1 {
        width /= 2;
        for l in 0..width {
            acc[l] += acc[l + width];
        }
    }
    acc[0] + tail
}

/// Query-target dimension products per second that [`top_k`] reaches on this CPU, about (2 cores).
pub(crate) fn products_per_sec() -> f64 {
    #[cfg(target_arch = "x86_64")]
    if vnni::available() {
        return 1e11;
    }
    5e9
}

/// A hit: target index and score.
pub(crate) type Hit = (usize, f32);

/// For each query, the targets in `range(query)` scoring at least `threshold`: at most `k`,
/// best first, equal scores in `order` of their targets.
pub(crate) fn top_k(
    queries: &[&[f32]],
    targets: &[&[f32]],
    range: impl Fn(usize) -> Range<usize> + Sync,
    order: impl Fn(usize, usize) -> Ordering + Sync,
    threshold: f32,
    k: usize,
) -> Vec<Vec<Hit>> {
    // Quantising the targets costs about one exact pass over them: worth it for many queries.
    let filter = || {
        (queries.len() >= PREFILTER_QUERIES)
            .then(|| Prefilter::new(queries, targets, threshold))
            .flatten()
    };
    top_k_by(queries, targets, range, order, threshold, k, filter)
}

/// [`top_k`] with the prefilter `filter` makes (none: every pair in range is scored).
fn top_k_by(
    queries: &[&[f32]],
    targets: &[&[f32]],
    range: impl Fn(usize) -> Range<usize> + Sync,
    order: impl Fn(usize, usize) -> Ordering + Sync,
    threshold: f32,
    k: usize,
    filter: impl FnOnce() -> Option<Prefilter>,
) -> Vec<Vec<Hit>> {
    let mut out = vec![Vec::new(); queries.len()];
    if k == 0 || targets.is_empty() {
        return out;
    }
    let search = Search {
        queries,
        targets,
        range: &range,
        order: &order,
        threshold,
        k,
        filter: filter(),
    };
    let pairs: usize = (0..queries.len()).map(|q| range(q).len()).sum();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if pairs < PARALLEL_PAIRS || threads == 1 {
        search.run(0, &mut out);
        return out;
    }
    // Units dealt round-robin: the cost per query varies smoothly, so each thread gets a fair share.
    let mut shares: Vec<Vec<(usize, &mut [Vec<Hit>])>> = (0..threads).map(|_| Vec::new()).collect();
    for (u, chunk) in out.chunks_mut(UNIT).enumerate() {
        shares[u % threads].push((u * UNIT, chunk));
    }
    std::thread::scope(|s| {
        for share in shares {
            let search = &search;
            s.spawn(move || {
                for (first, chunk) in share {
                    search.run(first, chunk);
                }
            });
        }
    });
    out
}

struct Search<'a, R, O> {
    queries: &'a [&'a [f32]],
    targets: &'a [&'a [f32]],
    range: &'a R,
    order: &'a O,
    threshold: f32,
    k: usize,
    filter: Option<Prefilter>,
}

impl<R, O> Search<'_, R, O>
where
    R: Fn(usize) -> Range<usize> + Sync,
    O: Fn(usize, usize) -> Ordering + Sync,
{
    /// Fills `out` with the hits of queries `first..first + out.len()`.
    fn run(&self, first: usize, out: &mut [Vec<Hit>]) {
        match &self.filter {
            Some(f) => f.candidates(first, out.len(), self.range, &mut |q, t| {
                self.score(q, t, &mut out[q - first])
            }),
            // A few queries per pass over their targets, which then come from cache.
            None => {
                for (block, hits) in out.chunks_mut(8).enumerate() {
                    let q0 = first + block * 8;
                    let ranges: Vec<Range<usize>> = (q0..q0 + hits.len()).map(self.range).collect();
                    let lo = ranges.iter().map(|r| r.start).min().unwrap_or(0);
                    let hi = ranges.iter().map(|r| r.end).max().unwrap_or(0);
                    for t in lo..hi {
                        for (i, _) in ranges.iter().enumerate().filter(|(_, r)| r.contains(&t)) {
                            self.score(q0 + i, t, &mut hits[i]);
                        }
                    }
                }
            }
        }
    }

    fn score(&self, q: usize, t: usize, hits: &mut Vec<Hit>) {
        let s = dot(self.queries[q], self.targets[t]);
        if s >= self.threshold {
            offer(hits, (t, s), self.k, self.order);
        }
    }
}

/// Keeps `hits` the best `k` seen, best first.
fn offer(hits: &mut Vec<Hit>, hit: Hit, k: usize, order: &impl Fn(usize, usize) -> Ordering) {
    let cmp = |a: &Hit, b: &Hit| b.1.total_cmp(&a.1).then_with(|| order(a.0, b.0));
    if hits.len() == k && cmp(&hit, &hits[k - 1]) != Ordering::Less {
        return;
    }
    let at = hits.partition_point(|h| cmp(h, &hit) == Ordering::Less);
    hits.insert(at, hit);
    hits.truncate(k);
}

/// The int8 prefilter: the CPU's fastest exact candidate generator, if it has one.
enum Prefilter {
    #[cfg(target_arch = "x86_64")]
    Vnni(vnni::Codes),
}

impl Prefilter {
    fn new(queries: &[&[f32]], targets: &[&[f32]], threshold: f32) -> Option<Self> {
        // The kernel lays every vector out with the targets' dimensions.
        let dims = targets[0].len();
        if queries.iter().chain(targets).any(|v| v.len() != dims) {
            return None;
        }
        #[cfg(target_arch = "x86_64")]
        if vnni::available() {
            return Some(Prefilter::Vnni(vnni::Codes::new(
                queries, targets, threshold,
            )));
        }
        let _ = (queries, targets, threshold);
        None
    }

    /// Calls `visit(query, target)` for every pair in range that may score at least the threshold.
    fn candidates(
        &self,
        first: usize,
        count: usize,
        range: &impl Fn(usize) -> Range<usize>,
        visit: &mut impl FnMut(usize, usize),
    ) {
        match *self {
            #[cfg(target_arch = "x86_64")]
            Prefilter::Vnni(ref codes) => codes.candidates(first, count, range, visit),
        }
    }
}

/// Vectors rounded to int8 (`q = round(v * s)`, `s = 127 / max |v_i|`), and how far that moves
/// any dot product: `|a·b - â·b̂| <= |â| |e_b| + |e_a| |b̂| + |e_a| |e_b|` (Cauchy-Schwarz),
/// where `â = q / s` and `e = v - â`.
struct Quantized {
    codes: Vec<i8>,
    scale: f32,
    /// |â| and |e|, rounded up.
    norm: f64,
    error: f64,
}

/// Dimensions padded to whole groups of 4 bytes, the unit of a VNNI dot product.
fn padded(dims: usize) -> usize {
    dims.div_ceil(4) * 4
}

/// [`quantize`] each vector, the cores sharing a long list.
fn quantize_all(vectors: &[&[f32]]) -> Vec<Quantized> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if vectors.len() < 1_000 || threads == 1 {
        return vectors.iter().map(|v| quantize(v)).collect();
    }
    std::thread::scope(|s| {
        let parts: Vec<_> = (vectors.chunks(vectors.len().div_ceil(threads)))
            .map(|c| s.spawn(move || c.iter().map(|v| quantize(v)).collect::<Vec<_>>()))
            .collect();
        (parts.into_iter())
            .flat_map(|p| p.join().expect("quantising does not panic"))
            .collect()
    })
}

fn quantize(v: &[f32]) -> Quantized {
    let max = v.iter().fold(0f32, |m, x| m.max(x.abs()));
    let scale = if max > 0.0 { 127.0 / max } else { 1.0 };
    let inverse = 1.0 / f64::from(scale);
    let mut codes = vec![0i8; padded(v.len())];
    let (mut norm, mut error) = (0f64, 0f64);
    for (c, &x) in codes.iter_mut().zip(v) {
        // Rounds half away from zero by truncation (`round` is a libm call without SSE4.1);
        // the bound below uses the error actually made, so any rounding is correct.
        let y = x * scale;
        *c = (y + 0.5f32.copysign(y)).clamp(-127.0, 127.0) as i8;
        let back = f64::from(*c) * inverse;
        norm += back * back;
        error += (f64::from(x) - back) * (f64::from(x) - back);
    }
    let up = 1.0 + 1e-9;
    Quantized {
        codes,
        scale,
        norm: norm.sqrt() * up,
        error: error.sqrt() * up,
    }
}

#[cfg(target_arch = "x86_64")]
mod vnni {
    //! The AVX-512 VNNI kernel: 8 queries × 32 targets per tile, targets packed 16 to a panel.
    //! A tile stops halfway when no pair can reach the threshold even if the dimensions left
    //! added all they could: `|a_tail · b_tail| <= |a_tail| |b_tail|`.

    use super::{padded, quantize_all};
    use std::arch::x86_64::*;
    use std::ops::Range;

    const LANES: usize = 16;
    const ROWS: usize = 8;

    pub(super) fn available() -> bool {
        is_x86_feature_detected!("avx512f")
            && is_x86_feature_detected!("avx512bw")
            && is_x86_feature_detected!("avx512vnni")
    }

    pub(super) struct Codes {
        dims: usize,
        /// Query codes + 128 (VNNI multiplies unsigned by signed bytes), a row each, 4 bytes to
        /// a word: the unit the kernel broadcasts.
        queries: Vec<i32>,
        /// Per query: the least `(q·t) / s_t` a pair can have and still reach the threshold.
        cutoffs: Vec<f32>,
        /// Target codes in panels of 16: groups of 4 dimensions, each holding 16 targets' 4 bytes.
        panels: Vec<i8>,
        /// Per target (padded to whole panels): 128 × the sum of its codes, of its codes in the
        /// head (the first `head` words), 1 / s_t, and the norm of its tail (rounded up).
        offsets: Vec<i32>,
        head_offsets: Vec<i32>,
        inverse: Vec<f32>,
        tails: Vec<f32>,
        head: usize,
        /// Per query: s_q × the norm of its tail (rounded up).
        query_tails: Vec<f32>,
    }

    /// The norm of `v`'s dimensions from `from` on, rounded up to an f32.
    fn tail_norm(v: &[f32], from: usize) -> f64 {
        let sum: f64 = v
            .iter()
            .skip(from)
            .map(|&x| f64::from(x) * f64::from(x))
            .sum();
        sum.sqrt() * (1.0 + 1e-6)
    }

    impl Codes {
        pub(super) fn new(queries: &[&[f32]], targets: &[&[f32]], threshold: f32) -> Self {
            let dims = padded(targets[0].len());
            let count = targets.len().div_ceil(LANES) * LANES;
            let mut panels = vec![0i8; count * dims];
            let head = dims / 8;
            let (mut offsets, mut head_offsets) = (vec![0i32; count], vec![0i32; count]);
            let (mut inverse, mut tails) = (vec![0f32; count], vec![0f32; count]);
            let (mut max_norm, mut max_error) = (0f64, 0f64);
            let quantized = quantize_all(targets);
            for ((t, v), q) in targets.iter().enumerate().zip(&quantized) {
                let panel = &mut panels[(t / LANES) * LANES * dims..][..LANES * dims];
                for (g, four) in q.codes.chunks_exact(4).enumerate() {
                    let at = g * LANES * 4 + (t % LANES) * 4;
                    panel[at..at + 4].copy_from_slice(four);
                }
                let sum = |c: &[i8]| 128 * c.iter().map(|&c| i32::from(c)).sum::<i32>();
                offsets[t] = sum(&q.codes);
                head_offsets[t] = sum(&q.codes[..head * 4]);
                inverse[t] = 1.0 / q.scale;
                tails[t] = tail_norm(v, head * 4) as f32;
                max_norm = max_norm.max(q.norm);
                max_error = max_error.max(q.error);
            }
            let mut rows = Vec::with_capacity(queries.len() * dims / 4);
            let mut cutoffs = Vec::with_capacity(queries.len());
            let mut query_tails = Vec::with_capacity(queries.len());
            // A batch compared with itself is quantised once.
            let again = (!std::ptr::eq(queries, targets)).then(|| quantize_all(queries));
            for (v, q) in queries.iter().zip(again.as_ref().unwrap_or(&quantized)) {
                let unsigned = |c: i8| (i16::from(c) + 128) as u8;
                rows.extend(
                    q.codes
                        .chunks_exact(4)
                        .map(|f| i32::from_le_bytes([f[0], f[1], f[2], f[3]].map(unsigned))),
                );
                // The quantisation bound, plus a margin far above the f32 rounding of both the
                // exact score and this test's own arithmetic (a few 1e-6 of |a| |b|).
                let bound = q.norm * max_error
                    + q.error * max_norm
                    + q.error * max_error
                    + 1e-5 * (q.norm + q.error) * (max_norm + max_error);
                let cut = (f64::from(threshold) - bound) * f64::from(q.scale);
                cutoffs.push((cut - cut.abs() * 1e-6 - 1e-6) as f32);
                query_tails.push((tail_norm(v, head * 4) * f64::from(q.scale)) as f32);
            }
            Codes {
                dims,
                queries: rows,
                cutoffs,
                panels,
                offsets,
                head_offsets,
                inverse,
                tails,
                head,
                query_tails,
            }
        }

        fn panels(&self) -> usize {
            self.offsets.len() / LANES
        }

        pub(super) fn candidates(
            &self,
            first: usize,
            count: usize,
            range: &impl Fn(usize) -> Range<usize>,
            visit: &mut impl FnMut(usize, usize),
        ) {
            for q0 in (first..first + count).step_by(ROWS) {
                let rows = ROWS.min(first + count - q0);
                let ranges: Vec<Range<usize>> = (q0..q0 + rows).map(range).collect();
                let lo = ranges.iter().map(|r| r.start).min().unwrap_or(0);
                let hi = ranges.iter().map(|r| r.end).max().unwrap_or(0);
                if lo >= hi {
                    continue;
                }
                for p in (lo / LANES..hi.div_ceil(LANES)).step_by(2) {
                    // SAFETY: `available()` was true when these codes were made; `tile` reads
                    // only inside `self`'s buffers for panels `p`, `p + 1` (when it exists)
                    // and query rows `q0..q0 + rows`.
                    let masks = unsafe { self.tile(q0, rows, p) };
                    for (i, r) in ranges.iter().enumerate() {
                        for (half, &m) in masks[i].iter().enumerate() {
                            let base = (p + half) * LANES;
                            let mut bits = m & lane_mask(r, base);
                            while bits != 0 {
                                visit(q0 + i, base + bits.trailing_zeros() as usize);
                                bits &= bits - 1;
                            }
                        }
                    }
                }
            }
        }

        /// Candidate masks of query rows `q0..q0 + rows` against panels `p` and `p + 1`.
        #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
        unsafe fn tile(&self, q0: usize, rows: usize, p: usize) -> [[u16; 2]; ROWS] {
            let dims = self.dims;
            let second = (p + 1).min(self.panels() - 1);
            let a = &self.panels[p * LANES * dims..][..LANES * dims];
            let b = &self.panels[second * LANES * dims..][..LANES * dims];
            let words = dims / 4;
            // Rows past the last query repeat it; their masks are ignored.
            let q: [&[i32]; ROWS] =
                std::array::from_fn(|i| &self.queries[(q0 + i.min(rows - 1)) * words..][..words]);
            let mut acc = [[_mm512_setzero_si512(); 2]; ROWS];
            for g in 0..words {
                if g == self.head && !self.may_reach(&acc, q0, rows, [p, second]) {
                    return [[0; 2]; ROWS];
                }
                // SAFETY: `g * 64 + 64 <= LANES * dims` for both panels.
                let (pa, pb) = unsafe {
                    (
                        _mm512_loadu_si512(a.as_ptr().add(g * 64).cast()),
                        _mm512_loadu_si512(b.as_ptr().add(g * 64).cast()),
                    )
                };
                for (acc, row) in acc.iter_mut().zip(&q) {
                    let x = _mm512_set1_epi32(row[g]);
                    acc[0] = _mm512_dpbusd_epi32(acc[0], x, pa);
                    acc[1] = _mm512_dpbusd_epi32(acc[1], x, pb);
                }
            }
            let mut masks = [[0u16; 2]; ROWS];
            for (half, panel) in [p, second].into_iter().enumerate() {
                let at = panel * LANES;
                // SAFETY: `offsets` and `inverse` hold `LANES` entries per panel.
                let (offset, inverse) = unsafe {
                    (
                        _mm512_loadu_si512(self.offsets.as_ptr().add(at).cast()),
                        _mm512_loadu_ps(self.inverse.as_ptr().add(at)),
                    )
                };
                for i in 0..rows {
                    let exact = _mm512_sub_epi32(acc[i][half], offset);
                    let scaled = _mm512_mul_ps(_mm512_cvtepi32_ps(exact), inverse);
                    let cut = _mm512_set1_ps(self.cutoffs[q0 + i]);
                    masks[i][half] = _mm512_cmp_ps_mask::<_CMP_GE_OQ>(scaled, cut);
                }
            }
            if second == p {
                masks.iter_mut().for_each(|m| m[1] = 0);
            }
            masks
        }
    }

    impl Codes {
        /// Whether any pair of the tile, summed over the head, may reach the threshold.
        #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
        fn may_reach(
            &self,
            acc: &[[__m512i; 2]; ROWS],
            q0: usize,
            rows: usize,
            p: [usize; 2],
        ) -> bool {
            let mut any = 0;
            for (half, panel) in p.into_iter().enumerate() {
                let at = panel * LANES;
                // SAFETY: these hold `LANES` entries per panel.
                let (offset, inverse, tails) = unsafe {
                    (
                        _mm512_loadu_si512(self.head_offsets.as_ptr().add(at).cast()),
                        _mm512_loadu_ps(self.inverse.as_ptr().add(at)),
                        _mm512_loadu_ps(self.tails.as_ptr().add(at)),
                    )
                };
                for i in 0..rows {
                    let exact = _mm512_sub_epi32(acc[i][half], offset);
                    let scaled = _mm512_mul_ps(_mm512_cvtepi32_ps(exact), inverse);
                    let tail = _mm512_set1_ps(self.query_tails[q0 + i]);
                    let best = _mm512_fmadd_ps(tail, tails, scaled);
                    let cut = _mm512_set1_ps(self.cutoffs[q0 + i]);
                    any |= _mm512_cmp_ps_mask::<_CMP_GE_OQ>(best, cut);
                }
            }
            any != 0
        }
    }

    /// Lanes of the panel starting at target `base` that lie in `r`.
    fn lane_mask(r: &Range<usize>, base: usize) -> u16 {
        let from = r.start.saturating_sub(base).min(LANES);
        let to = r.end.saturating_sub(base).min(LANES);
        if to <= from {
            0
        } else {
            ((1u32 << to) - (1u32 << from)) as u16
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A xorshift generator: deterministic, no dependency.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn unit(&mut self) -> f32 {
            (self.next() >> 40) as f32 / (1u64 << 24) as f32 - 0.5
        }
    }

    fn normalised(mut v: Vec<f32>) -> Vec<f32> {
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter_mut().for_each(|x| *x /= n);
        v
    }

    /// Unit vectors around a few unit centres, each moved by noise of norm up to `spread`, so
    /// that the pairs' scores spread over the whole range and many land near any threshold.
    fn clustered(rng: &mut Rng, n: usize, dims: usize, spread: f32) -> Vec<Vec<f32>> {
        let random = |rng: &mut Rng| normalised((0..dims).map(|_| rng.unit()).collect());
        let centres: Vec<Vec<f32>> = (0..4).map(|_| random(rng)).collect();
        (0..n)
            .map(|_| {
                let c = &centres[(rng.next() % 4) as usize];
                let r = spread * (rng.unit() + 0.5);
                let noise = random(rng);
                normalised(c.iter().zip(&noise).map(|(x, e)| x + r * e).collect())
            })
            .collect()
    }

    fn naive(
        queries: &[&[f32]],
        targets: &[&[f32]],
        range: impl Fn(usize) -> Range<usize>,
        threshold: f32,
        k: usize,
    ) -> Vec<Vec<Hit>> {
        (0..queries.len())
            .map(|q| {
                let mut all: Vec<Hit> = range(q)
                    .map(|t| (t, dot(queries[q], targets[t])))
                    .filter(|h| h.1 >= threshold)
                    .collect();
                all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                all.truncate(k);
                all
            })
            .collect()
    }

    fn refs(v: &[Vec<f32>]) -> Vec<&[f32]> {
        v.iter().map(Vec::as_slice).collect()
    }

    #[test]
    fn dot_matches_the_plain_sum() {
        let mut rng = Rng(3);
        for dims in [1, 15, 16, 17, 384, 385] {
            let a: Vec<f32> = (0..dims).map(|_| rng.unit()).collect();
            let b: Vec<f32> = (0..dims).map(|_| rng.unit()).collect();
            let plain: f64 = a.iter().zip(&b).map(|(x, y)| f64::from(x * y)).sum();
            assert!((f64::from(dot(&a, &b)) - plain).abs() < 1e-5, "{dims} dims");
        }
    }

    #[test]
    fn windowed_batch_matches_the_naive_loop() {
        let mut rng = Rng(11);
        // 385 dimensions: not a whole number of 4-byte groups or 16-float chunks.
        for (n, dims, spread, window) in [(300, 385, 1.5, 120), (700, 64, 1.5, 5_000)] {
            let v = clustered(&mut rng, n, dims, spread);
            let v = refs(&v);
            let range = |q: usize| q.saturating_sub(window)..q;
            for threshold in [0.2, 0.75, 0.9] {
                let want = naive(&v, &v, range, threshold, 3);
                let some = want.iter().any(|h| !h.is_empty());
                assert!(some, "some hits at {threshold}");
                let got = top_k(&v, &v, range, |a, b| a.cmp(&b), threshold, 3);
                assert_eq!(got, want, "n {n}, threshold {threshold}");
                let plain = top_k_by(&v, &v, range, |a, b| a.cmp(&b), threshold, 3, || None);
                assert_eq!(
                    plain, want,
                    "without prefilter: n {n}, threshold {threshold}"
                );
            }
        }
    }

    #[test]
    fn separate_targets_match_the_naive_loop_in_parallel() {
        let mut rng = Rng(5);
        // Enough pairs to split across threads.
        let both = clustered(&mut rng, 2_100, 128, 1.5);
        let (queries, targets) = both.split_at(1_100);
        let (q, t) = (refs(&queries), refs(&targets));
        let all = |_| 0..targets.len();
        let got = top_k(&q, &t, all, |a, b| a.cmp(&b), 0.8, 5);
        assert_eq!(got, naive(&q, &t, all, 0.8, 5));
        let plain = top_k_by(&q, &t, all, |a, b| a.cmp(&b), 0.8, 5, || None);
        assert_eq!(plain, got);
        assert!(got.iter().filter(|h| h.len() == 5).count() > 10);
    }

    #[test]
    fn equal_scores_follow_the_given_order_and_k_caps() {
        let v = vec![vec![1.0, 0.0]; 6];
        let v = refs(&v);
        // Reverse order: the later target wins a tie.
        let got = top_k(&v, &v, |q| 0..q, |a, b| b.cmp(&a), 0.5, 2);
        assert_eq!(got[0], vec![]);
        assert_eq!(got[5], vec![(4, 1.0), (3, 1.0)]);
        assert_eq!(top_k(&v, &v, |q| 0..q, |a, b| a.cmp(&b), 0.5, 0)[5], vec![]);
    }

    #[test]
    fn the_prefilter_keeps_every_pair_that_scores_and_skips_most_others() {
        let mut rng = Rng(21);
        let v = clustered(&mut rng, 400, 384, 1.5);
        let v = refs(&v);
        let Some(filter) = Prefilter::new(&v, &v, 0.85) else {
            return; // This CPU has no prefilter: every pair is scored.
        };
        let mut kept = std::collections::HashSet::new();
        filter.candidates(0, v.len(), &|q| 0..q, &mut |q, t| {
            kept.insert((q, t));
        });
        let pairs = v.len() * (v.len() - 1) / 2;
        let scoring: Vec<(usize, usize)> = (0..v.len())
            .flat_map(|q| (0..q).map(move |t| (q, t)))
            .filter(|&(q, t)| dot(v[q], v[t]) >= 0.85)
            .collect();
        assert!(!scoring.is_empty());
        assert!(scoring.iter().all(|p| kept.contains(p)));
        assert!(kept.len() < pairs / 4, "{} of {pairs} kept", kept.len());
        assert!(kept.iter().all(|&(q, t)| t < q), "only pairs in range");
    }

    #[test]
    fn quantisation_bound_holds() {
        let mut rng = Rng(9);
        for _ in 0..200 {
            let a: Vec<f32> = (0..97).map(|_| rng.unit() * rng.unit()).collect();
            let b: Vec<f32> = (0..97).map(|_| rng.unit()).collect();
            let (qa, qb) = (quantize(&a), quantize(&b));
            let approx: f64 = (qa.codes.iter().zip(&qb.codes))
                .map(|(&x, &y)| f64::from(x) * f64::from(y))
                .sum::<f64>()
                / (f64::from(qa.scale) * f64::from(qb.scale));
            let exact: f64 = a
                .iter()
                .zip(&b)
                .map(|(x, y)| f64::from(*x) * f64::from(*y))
                .sum();
            let bound = qa.norm * qb.error + qa.error * qb.norm + qa.error * qb.error;
            assert!(
                (exact - approx).abs() <= bound,
                "{exact} vs {approx} ± {bound}"
            );
            assert!(
                bound < 0.05 * qa.norm * qb.norm,
                "the bound is useful: {bound}"
            );
        }
    }
}
