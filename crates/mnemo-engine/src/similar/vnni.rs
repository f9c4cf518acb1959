//! The AVX-512 VNNI kernel: 8 queries × 32 targets per tile, targets packed 16 to a panel,
//! 64 products per instruction (`vpdpbusd`: u8 × i8 summed by 4 into i32).

use super::int8::{Codes, Masks};
use std::arch::x86_64::*;

pub(super) const LANES: usize = 16;
pub(super) const ROWS: usize = 8;

pub(super) fn available() -> bool {
    is_x86_feature_detected!("avx512f")
        && is_x86_feature_detected!("avx512bw")
        && is_x86_feature_detected!("avx512vnni")
}

/// Candidate masks of query rows `q0..q0 + rows` against panels `p` and `p + 1` (when it
/// exists), each row against its cutoff in `cuts`.
///
/// # Safety
/// The CPU has the features [`available`] checks; `c` was coded for this kernel.
#[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
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
    let mut acc = [[_mm512_setzero_si512(); 2]; ROWS];
    for g in 0..words {
        if g == c.targets.head && !may_reach(c, &acc, q0, rows, [p, second], cuts) {
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
                _mm512_loadu_si512(c.targets.offsets.as_ptr().add(at).cast()),
                _mm512_loadu_ps(c.targets.inverse.as_ptr().add(at)),
            )
        };
        for i in 0..rows {
            let exact = _mm512_sub_epi32(acc[i][half], offset);
            let scaled = _mm512_mul_ps(_mm512_cvtepi32_ps(exact), inverse);
            let cut = _mm512_set1_ps(cuts[i]);
            masks[i][half] = _mm512_cmp_ps_mask::<_CMP_GE_OQ>(scaled, cut);
        }
    }
    if second == p {
        masks.iter_mut().for_each(|m| m[1] = 0);
    }
    masks
}

/// Whether any pair of the tile, summed over the head, may reach its cutoff.
#[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
fn may_reach(
    c: &Codes<'_>,
    acc: &[[__m512i; 2]; ROWS],
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
                _mm512_loadu_si512(c.targets.head_offsets.as_ptr().add(at).cast()),
                _mm512_loadu_ps(c.targets.inverse.as_ptr().add(at)),
                _mm512_loadu_ps(c.targets.tails.as_ptr().add(at)),
            )
        };
        for i in 0..rows {
            let exact = _mm512_sub_epi32(acc[i][half], offset);
            let scaled = _mm512_mul_ps(_mm512_cvtepi32_ps(exact), inverse);
            let tail = _mm512_set1_ps(c.query_tails[q0 + i]);
            let best = _mm512_fmadd_ps(tail, tails, scaled);
            any |= _mm512_cmp_ps_mask::<_CMP_GE_OQ>(best, _mm512_set1_ps(cuts[i]));
        }
    }
    any != 0
}
