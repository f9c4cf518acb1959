//! The AVX2 kernel, for CPUs without VNNI: 4 queries × 16 targets per tile, targets packed 8 to
//! a panel, 32 products per `vpmaddubsw` (u8 × i8 summed by 2 into i16, then by 4 into i32).

use super::int8::{Codes, Masks};
use std::arch::x86_64::*;

pub(super) const LANES: usize = 8;
pub(super) const ROWS: usize = 4;

pub(super) fn available() -> bool {
    is_x86_feature_detected!("avx2")
}

/// Candidate masks of query rows `q0..q0 + rows` against panels `p` and `p + 1` (when it
/// exists), each row against its cutoff in `cuts`.
///
/// # Safety
/// The CPU has the features [`available`] checks; `c` was coded for this kernel (query codes
/// within ±63, so that no `maddubs` pair saturates).
#[target_feature(enable = "avx2")]
pub(super) unsafe fn tile(
    c: &Codes<'_>,
    q0: usize,
    rows: usize,
    p: usize,
    cuts: &[f32; ROWS],
) -> Masks<ROWS> {
    let dims = c.targets.dims;
    let second = (p + 1).min(c.targets.panel_count() - 1);
    let a = &c.targets.panels[p * LANES * dims..][..LANES * dims];
    let b = &c.targets.panels[second * LANES * dims..][..LANES * dims];
    let words = dims / 4;
    // Rows past the last query repeat it; their masks are ignored.
    let q: [&[i32]; ROWS] =
        std::array::from_fn(|i| &c.queries[(q0 + i.min(rows - 1)) * words..][..words]);
    let ones = _mm256_set1_epi16(1);
    let mut acc = [[_mm256_setzero_si256(); 2]; ROWS];
    for g in 0..words {
        if g == c.targets.head && !may_reach(c, &acc, q0, rows, [p, second], cuts) {
            return [[0; 2]; ROWS];
        }
        // SAFETY: `g * 32 + 32 <= LANES * dims` for both panels.
        let (pa, pb) = unsafe {
            (
                _mm256_loadu_si256(a.as_ptr().add(g * 32).cast()),
                _mm256_loadu_si256(b.as_ptr().add(g * 32).cast()),
            )
        };
        for (acc, row) in acc.iter_mut().zip(&q) {
            let x = _mm256_set1_epi32(row[g]);
            let da = _mm256_madd_epi16(_mm256_maddubs_epi16(x, pa), ones);
            let db = _mm256_madd_epi16(_mm256_maddubs_epi16(x, pb), ones);
            acc[0] = _mm256_add_epi32(acc[0], da);
            acc[1] = _mm256_add_epi32(acc[1], db);
        }
    }
    let mut masks = [[0u16; 2]; ROWS];
    for (half, panel) in [p, second].into_iter().enumerate() {
        let at = panel * LANES;
        // SAFETY: `offsets` and `inverse` hold `LANES` entries per panel.
        let (offset, inverse) = unsafe {
            (
                _mm256_loadu_si256(c.targets.offsets.as_ptr().add(at).cast()),
                _mm256_loadu_ps(c.targets.inverse.as_ptr().add(at)),
            )
        };
        for i in 0..rows {
            let exact = _mm256_sub_epi32(acc[i][half], offset);
            let scaled = _mm256_mul_ps(_mm256_cvtepi32_ps(exact), inverse);
            let pass = _mm256_cmp_ps::<_CMP_GE_OQ>(scaled, _mm256_set1_ps(cuts[i]));
            masks[i][half] = _mm256_movemask_ps(pass) as u16;
        }
    }
    if second == p {
        masks.iter_mut().for_each(|m| m[1] = 0);
    }
    masks
}

/// Whether any pair of the tile, summed over the head, may reach its cutoff.
#[target_feature(enable = "avx2")]
fn may_reach(
    c: &Codes<'_>,
    acc: &[[__m256i; 2]; ROWS],
    q0: usize,
    rows: usize,
    p: [usize; 2],
    cuts: &[f32; ROWS],
) -> bool {
    let mut any = 0;
    for (half, panel) in p.into_iter().enumerate() {
        let at = panel * LANES;
        // SAFETY: these hold `LANES` entries per panel.
        let (offset, inverse, tails) = unsafe {
            (
                _mm256_loadu_si256(c.targets.head_offsets.as_ptr().add(at).cast()),
                _mm256_loadu_ps(c.targets.inverse.as_ptr().add(at)),
                _mm256_loadu_ps(c.targets.tails.as_ptr().add(at)),
            )
        };
        for i in 0..rows {
            let exact = _mm256_sub_epi32(acc[i][half], offset);
            let scaled = _mm256_mul_ps(_mm256_cvtepi32_ps(exact), inverse);
            let tail = _mm256_mul_ps(_mm256_set1_ps(c.query_tails[q0 + i]), tails);
            let best = _mm256_add_ps(scaled, tail);
            let pass = _mm256_cmp_ps::<_CMP_GE_OQ>(best, _mm256_set1_ps(cuts[i]));
            any |= _mm256_movemask_ps(pass);
        }
    }
    any != 0
}
