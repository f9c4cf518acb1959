//! The int8 prefilter: the pairs that may reach a score, found by integer dot products of
//! quantised vectors and a proven bound on how far quantising moved each product.
//!
//! The targets are laid out once in panels (groups of 4 dimensions, each holding `lanes`
//! targets' 4 bytes); a CPU kernel ([`super::vnni`], [`super::avx2`]) computes tiles of
//! query rows × two panels and returns which pairs pass. The scan raises a query's cutoff as its
//! top k fills, so that most tiles stop halfway (see `head`).

use std::ops::Range;

/// The CPU kernel in use, and how it lays out codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kernel {
    /// AVX-512 VNNI: 8 queries × 32 targets per tile.
    #[cfg(target_arch = "x86_64")]
    Vnni,
    /// AVX2: 4 queries × 16 targets per tile.
    #[cfg(target_arch = "x86_64")]
    Avx2,
}

impl Kernel {
    /// The fastest kernel this CPU runs, if any.
    pub(crate) fn detect() -> Option<Kernel> {
        #[cfg(target_arch = "x86_64")]
        {
            if super::vnni::available() {
                return Some(Kernel::Vnni);
            }
            if super::avx2::available() {
                return Some(Kernel::Avx2);
            }
        }
        None
    }

    /// Targets per panel; the largest query code; what makes query codes unsigned.
    fn layout(self) -> (usize, f32, i32) {
        match self {
            #[cfg(target_arch = "x86_64")]
            Kernel::Vnni => (super::vnni::LANES, 127.0, 128),
            // `maddubs` adds two u8 × i8 products into a saturating i16: queries in ±63 (+64,
            // so at most 127) keep every pair sum below 2^15 (2 × 127 × 127).
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx2 => (super::avx2::LANES, 63.0, 64),
        }
    }
}

/// The prefilter for one set of queries and targets.
pub(crate) struct Prefilter<'t> {
    codes: Codes<'t>,
}

impl Prefilter<'static> {
    /// None when the CPU has no kernel or the vectors' lengths differ.
    pub(crate) fn new(queries: &[&[f32]], targets: &[&[f32]], threshold: f32) -> Option<Self> {
        Self::with(Kernel::detect()?, queries, targets, threshold)
    }

    pub(crate) fn with(
        kernel: Kernel,
        queries: &[&[f32]],
        targets: &[&[f32]],
        threshold: f32,
    ) -> Option<Self> {
        // The kernel lays every vector out with the targets' dimensions.
        let dims = targets.first()?.len();
        if queries.iter().chain(targets).any(|v| v.len() != dims) {
            return None;
        }
        let quantized = quantize_all(targets, 127.0);
        let mut coded = Targets::new(kernel, dims);
        coded.reserve(targets.len());
        for (t, q) in quantized.iter().enumerate() {
            coded.place(t, q);
        }
        // A batch compared with itself is quantised once, when queries and targets code alike.
        let (_, query_max, _) = kernel.layout();
        let same = std::ptr::eq(queries, targets) && query_max == 127.0;
        let again = (!same).then(|| quantize_all(queries, query_max));
        let queries = again.as_ref().unwrap_or(&quantized);
        let codes = Codes::new(std::borrow::Cow::Owned(coded), queries, threshold);
        Some(Prefilter { codes })
    }
}

impl<'t> Prefilter<'t> {
    /// Over targets coded beforehand (and kept up to date by their owner); None when the
    /// queries' lengths differ from theirs.
    pub(crate) fn over(targets: &'t Targets, queries: &[&[f32]], threshold: f32) -> Option<Self> {
        if queries.iter().any(|v| v.len() != targets.vector_len) {
            return None;
        }
        let (_, query_max, _) = targets.kernel.layout();
        let quantized: Vec<Quantized> = queries.iter().map(|v| quantize(v, query_max)).collect();
        let codes = Codes::new(std::borrow::Cow::Borrowed(targets), &quantized, threshold);
        Some(Prefilter { codes })
    }

    /// Calls `visit(query, target)` for every pair in range that may score at least the
    /// threshold, or at least what `visit` last answered for that query (the least score it
    /// still takes, once its top k is full).
    pub(crate) fn candidates(
        &self,
        first: usize,
        count: usize,
        range: &impl Fn(usize) -> Range<usize>,
        visit: &mut impl FnMut(usize, usize) -> Option<f32>,
    ) {
        let c = &self.codes;
        match c.targets.kernel {
            // SAFETY (both): `Kernel::detect` found the CPU features the kernel needs.
            #[cfg(target_arch = "x86_64")]
            Kernel::Vnni => c.scan(first, count, range, visit, |q0, rows, p, cuts| unsafe {
                super::vnni::tile(c, q0, rows, p, cuts)
            }),
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx2 => c.scan(first, count, range, visit, |q0, rows, p, cuts| unsafe {
                super::avx2::tile(c, q0, rows, p, cuts)
            }),
        }
    }
}

/// Which pairs of a tile pass: per query row, a bit per target of each of the two panels.
pub(crate) type Masks<const ROWS: usize> = [[u16; 2]; ROWS];

/// Targets coded for a kernel: for one batch, or kept by an owner that updates them one target
/// at a time (the link index, so that a single add does not quantise every target again).
#[derive(Clone)]
pub(crate) struct Targets {
    kernel: Kernel,
    /// The vectors' length, and bytes per vector: the dimensions padded to whole groups of 4.
    vector_len: usize,
    pub(crate) dims: usize,
    pub(crate) lanes: usize,
    /// Targets coded (the panels hold whole panels' worth, the rest zero).
    len: usize,
    /// Target codes in panels of `lanes`.
    pub(crate) panels: Vec<i8>,
    /// Per target (padded to whole panels): the unsigned offset × the sum of its codes, and of
    /// its codes in the head (the first `head` words); 1 / s_t; the norm of its quantised tail
    /// (rounded up).
    pub(crate) offsets: Vec<i32>,
    pub(crate) head_offsets: Vec<i32>,
    pub(crate) inverse: Vec<f32>,
    pub(crate) tails: Vec<f32>,
    /// Words in the head: after it, a tile stops when no pair can reach its cutoff even if the
    /// tail added all it could (`|a_tail · b_tail| <= |a_tail| |b_tail|`).
    pub(crate) head: usize,
    /// The largest |t̂| and |e_t| of any target coded so far: what bounds every query's error
    /// (a target removed since leaves them larger than they need be, never smaller).
    max_norm: f64,
    max_error: f64,
}

impl Targets {
    /// No targets yet, for vectors of `vector_len` floats.
    pub(crate) fn new(kernel: Kernel, vector_len: usize) -> Self {
        let dims = padded(vector_len);
        Targets {
            kernel,
            vector_len,
            dims,
            lanes: kernel.layout().0,
            len: 0,
            panels: Vec::new(),
            offsets: Vec::new(),
            head_offsets: Vec::new(),
            inverse: Vec::new(),
            tails: Vec::new(),
            head: dims / 8,
            max_norm: 0.0,
            max_error: 0.0,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn vector_len(&self) -> usize {
        self.vector_len
    }

    /// Codes `v` as target `t`: a new last target (`t == len`) or in place of one.
    pub(crate) fn set(&mut self, t: usize, v: &[f32]) {
        assert!(
            t <= self.len && v.len() == self.vector_len,
            "target {t} of {}",
            self.len
        );
        self.place(t, &quantize(v, 127.0));
    }

    /// Removes target `t`: the last target takes its place (as `Vec::swap_remove`).
    pub(crate) fn swap_remove(&mut self, t: usize) {
        assert!(t < self.len, "target {t} of {}", self.len);
        let last = self.len - 1;
        if t != last {
            self.copy_target(last, t);
        }
        self.clear_target(last);
        self.len = last;
        // Capacity grows by doubling: shrink only well below it.
        let keep = self.len.div_ceil(self.lanes) * self.lanes;
        if self.offsets.len() > 2 * keep + self.lanes {
            self.truncate_to(keep);
        }
    }

    /// Room for `count` targets, in whole panels.
    fn reserve(&mut self, count: usize) {
        let padded = count.div_ceil(self.lanes) * self.lanes;
        if padded > self.offsets.len() {
            self.panels.resize(padded * self.dims, 0);
            self.offsets.resize(padded, 0);
            self.head_offsets.resize(padded, 0);
            self.inverse.resize(padded, 0.0);
            self.tails.resize(padded, 0.0);
        }
    }

    fn truncate_to(&mut self, padded: usize) {
        self.panels.truncate(padded * self.dims);
        self.offsets.truncate(padded);
        self.head_offsets.truncate(padded);
        self.inverse.truncate(padded);
        self.tails.truncate(padded);
    }

    /// Where target `t`'s 4 bytes of group `g` are.
    fn at(&self, t: usize, g: usize) -> usize {
        (t / self.lanes) * self.lanes * self.dims + g * self.lanes * 4 + (t % self.lanes) * 4
    }

    /// Writes target `t`'s codes into its panel, with what the kernels need of it.
    fn place(&mut self, t: usize, q: &Quantized) {
        if t >= self.len {
            self.len = t + 1;
            if self.len > self.offsets.len() {
                self.reserve(self.len.max(self.offsets.len() * 2));
            }
        }
        for (g, four) in q.codes.chunks_exact(4).enumerate() {
            let at = self.at(t, g);
            self.panels[at..at + 4].copy_from_slice(four);
        }
        let offset = self.kernel.layout().2;
        let sum = |c: &[i8]| offset * c.iter().map(|&c| i32::from(c)).sum::<i32>();
        let head = self.head * 4;
        self.offsets[t] = sum(&q.codes);
        self.head_offsets[t] = sum(&q.codes[..head]);
        self.inverse[t] = 1.0 / q.scale;
        self.tails[t] = (code_norm(&q.codes[head..]) / f64::from(q.scale)) as f32;
        self.max_norm = self.max_norm.max(q.norm);
        self.max_error = self.max_error.max(q.error);
    }

    fn copy_target(&mut self, from: usize, to: usize) {
        for g in 0..self.dims / 4 {
            let (a, b) = (self.at(from, g), self.at(to, g));
            self.panels.copy_within(a..a + 4, b);
        }
        self.offsets[to] = self.offsets[from];
        self.head_offsets[to] = self.head_offsets[from];
        self.inverse[to] = self.inverse[from];
        self.tails[to] = self.tails[from];
    }

    /// Zeroes target `t`'s slot, as padding is.
    fn clear_target(&mut self, t: usize) {
        for g in 0..self.dims / 4 {
            let at = self.at(t, g);
            self.panels[at..at + 4].fill(0);
        }
        self.offsets[t] = 0;
        self.head_offsets[t] = 0;
        self.inverse[t] = 0.0;
        self.tails[t] = 0.0;
    }

    pub(crate) fn panel_count(&self) -> usize {
        self.offsets.len() / self.lanes
    }
}

/// Queries coded for a kernel, against its targets.
pub(crate) struct Codes<'t> {
    pub(crate) targets: std::borrow::Cow<'t, Targets>,
    /// Query codes made unsigned, a row each, 4 bytes to a word: the unit a kernel broadcasts.
    pub(crate) queries: Vec<i32>,
    /// Per query: the least `(q·t) / s_t` a pair can have and still reach the threshold.
    cutoffs: Vec<f32>,
    /// Per query: how far quantising may move its products, and its scale.
    bounds: Vec<f64>,
    scales: Vec<f32>,
    /// Per query: s_q × the norm of its quantised tail (rounded up).
    pub(crate) query_tails: Vec<f32>,
}

impl<'t> Codes<'t> {
    fn new(targets: std::borrow::Cow<'t, Targets>, queries: &[Quantized], threshold: f32) -> Self {
        let mut codes = Codes {
            targets,
            queries: Vec::new(),
            cutoffs: Vec::new(),
            bounds: Vec::new(),
            scales: Vec::new(),
            query_tails: Vec::new(),
        };
        for q in queries {
            codes.add_query(q, threshold);
        }
        codes
    }

    fn add_query(&mut self, q: &Quantized, threshold: f32) {
        let (offset, head) = (self.targets.kernel.layout().2, self.targets.head);
        let (norm, error) = (self.targets.max_norm, self.targets.max_error);
        let unsigned = |c: i8| (i32::from(c) + offset) as u8;
        let words = q.codes.chunks_exact(4);
        (self.queries)
            .extend(words.map(|f| i32::from_le_bytes([f[0], f[1], f[2], f[3]].map(unsigned))));
        // The quantisation bound, plus a margin far above the f32 rounding of both the exact
        // score and this test's own arithmetic (a few 1e-6 of |a| |b|).
        let bound = q.norm * error
            + q.error * norm
            + q.error * error
            + 1e-5 * (q.norm + q.error) * (norm + error);
        self.bounds.push(bound);
        self.scales.push(q.scale);
        self.query_tails
            .push(code_norm(&q.codes[head * 4..]) as f32);
        let cut = self.cut(self.cutoffs.len(), threshold);
        self.cutoffs.push(cut);
    }

    /// The least `(q·t) / s_t` a pair of query `q` can have and still score `score`.
    fn cut(&self, q: usize, score: f32) -> f32 {
        let cut = (f64::from(score) - self.bounds[q]) * f64::from(self.scales[q]);
        (cut - cut.abs() * 1e-6 - 1e-6) as f32
    }

    /// Runs `tile` over queries `first..first + count`, `ROWS` at a time, against the panels
    /// their ranges cover, two at a time; visits the pairs that pass and raises cutoffs.
    fn scan<const ROWS: usize>(
        &self,
        first: usize,
        count: usize,
        range: &impl Fn(usize) -> Range<usize>,
        visit: &mut impl FnMut(usize, usize) -> Option<f32>,
        tile: impl Fn(usize, usize, usize, &[f32; ROWS]) -> Masks<ROWS>,
    ) {
        let lanes = self.targets.lanes;
        for q0 in (first..first + count).step_by(ROWS) {
            let rows = ROWS.min(first + count - q0);
            let ranges: Vec<Range<usize>> = (q0..q0 + rows).map(range).collect();
            let lo = ranges.iter().map(|r| r.start).min().unwrap_or(0);
            let hi = ranges.iter().map(|r| r.end).max().unwrap_or(0);
            if lo >= hi {
                continue;
            }
            // Rows past the last query repeat it; their masks are ignored.
            let mut cuts: [f32; ROWS] = std::array::from_fn(|i| self.cutoffs[q0 + i.min(rows - 1)]);
            // Newest targets first: a new memory is likeliest to resemble recent ones, so the
            // top k fill early with high scores and the cutoffs rise before the long tail.
            for p in (lo / lanes..hi.div_ceil(lanes)).step_by(2).rev() {
                let masks = tile(q0, rows, p, &cuts);
                for (i, r) in ranges.iter().enumerate() {
                    for (half, &m) in masks[i].iter().enumerate() {
                        let base = (p + half) * lanes;
                        let mut bits = m & lane_mask(r, base, lanes);
                        while bits != 0 {
                            let t = base + bits.trailing_zeros() as usize;
                            if let Some(need) = visit(q0 + i, t) {
                                cuts[i] = cuts[i].max(self.cut(q0 + i, need));
                            }
                            bits &= bits - 1;
                        }
                    }
                }
            }
        }
    }
}

/// Lanes of the panel starting at target `base` that lie in `r`.
fn lane_mask(r: &Range<usize>, base: usize, lanes: usize) -> u16 {
    let from = r.start.saturating_sub(base).min(lanes);
    let to = r.end.saturating_sub(base).min(lanes);
    if to <= from {
        0
    } else {
        ((1u32 << to) - (1u32 << from)) as u16
    }
}

/// Vectors rounded to small integers (`q = round(v * s)`, `s = max_code / max |v_i|`), and how
/// far that moves any dot product: `|a·b - â·b̂| <= |â| |e_b| + |e_a| |b̂| + |e_a| |e_b|`
/// (Cauchy-Schwarz), where `â = q / s` and `e = v - â`.
pub(crate) struct Quantized {
    pub(crate) codes: Vec<i8>,
    pub(crate) scale: f32,
    /// |â| and |e|, rounded up.
    pub(crate) norm: f64,
    pub(crate) error: f64,
}

/// Dimensions padded to whole groups of 4 bytes, the unit of the kernels' dot products.
fn padded(dims: usize) -> usize {
    dims.div_ceil(4) * 4
}

/// The norm of codes, rounded up.
fn code_norm(codes: &[i8]) -> f64 {
    let sum: i64 = codes.iter().map(|&c| i64::from(c) * i64::from(c)).sum();
    (sum as f64).sqrt() * (1.0 + 1e-9)
}

/// [`quantize`] each vector, the cores sharing a long list.
fn quantize_all(vectors: &[&[f32]], max_code: f32) -> Vec<Quantized> {
    let threads = if vectors.len() < 1_000 {
        1
    } else {
        super::cores()
    };
    if threads == 1 {
        return vectors.iter().map(|v| quantize(v, max_code)).collect();
    }
    std::thread::scope(|s| {
        let parts: Vec<_> = (vectors.chunks(vectors.len().div_ceil(threads)))
            .map(|c| s.spawn(move || c.iter().map(|v| quantize(v, max_code)).collect::<Vec<_>>()))
            .collect();
        (parts.into_iter())
            .flat_map(|p| p.join().expect("quantising does not panic"))
            .collect()
    })
}

pub(crate) fn quantize(v: &[f32], max_code: f32) -> Quantized {
    let max = v.iter().fold(0f32, |m, x| m.max(x.abs()));
    let scale = if max > 0.0 { max_code / max } else { 1.0 };
    let inverse = 1.0 / f64::from(scale);
    let mut codes = vec![0i8; padded(v.len())];
    let (mut norm, mut error) = (0f64, 0f64);
    for (c, &x) in codes.iter_mut().zip(v) {
        // Rounds half away from zero by truncation (`round` is a libm call without SSE4.1);
        // the bound below uses the error actually made, so any rounding is correct.
        let y = x * scale;
        *c = (y + 0.5f32.copysign(y)).clamp(-max_code, max_code) as i8;
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
