//! How hard a set of unit vectors is for an approximate index: its local intrinsic dimensionality
//! and the contrast between near and typical neighbours, so synthetic data can be checked against
//! real embeddings instead of assumed to resemble them.

/// Shape of a vector set, measured from a sample of query points against the whole set.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Levina–Bickel maximum-likelihood estimate over the `k` nearest neighbours, averaged over
    /// the sample (harmonic mean of the per-point inverses, as MacKay and Ghahramani suggest).
    pub lid: f64,
    /// Mean cosine of the nearest neighbour.
    pub nearest: f64,
    /// Mean cosine of the k-th nearest neighbour.
    pub kth: f64,
    /// Mean cosine over all points: what a random pair shares.
    pub mean: f64,
}

/// Measures `vectors` (unit length) from `sample` of them, with `k` neighbours (k ≥ 2).
pub fn measure(vectors: &[Vec<f32>], sample: usize, k: usize) -> Shape {
    let step = (vectors.len() / sample.max(1)).max(1);
    let (mut inv_lid, mut nearest, mut kth, mut mean, mut n) = (0.0, 0.0, 0.0, 0.0, 0usize);
    for q in vectors.iter().step_by(step).take(sample) {
        let mut cos: Vec<f64> = vectors.iter().map(|v| dot(q, v)).collect();
        mean += cos.iter().sum::<f64>() / cos.len() as f64;
        cos.sort_by(|a, b| b.total_cmp(a));
        // Skip the point itself (and exact copies of it, which carry no distance).
        let near: Vec<f64> = cos
            .iter()
            .copied()
            .filter(|&c| c < 1.0 - 1e-6)
            .take(k)
            .collect();
        if near.len() < k {
            continue;
        }
        let dist = |c: f64| (2.0 - 2.0 * c).max(1e-12).sqrt();
        let rk = dist(near[k - 1]);
        let s: f64 = near[..k - 1].iter().map(|&c| (rk / dist(c)).ln()).sum();
        if s > 0.0 {
            inv_lid += s / (k - 1) as f64;
        }
        nearest += near[0];
        kth += near[k - 1];
        n += 1;
    }
    let n = n.max(1) as f64;
    Shape {
        lid: n / inv_lid.max(1e-12),
        nearest: nearest / n,
        kth: kth / n,
        mean: mean / n,
    }
}

fn dot(a: &[f32], b: &[f32]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x * y) as f64).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::{Rng, normalise};

    fn points(n: usize, dims: usize, intrinsic: usize, rng: &mut Rng) -> Vec<Vec<f32>> {
        (0..n)
            .map(|_| {
                let mut v = vec![0.0f32; dims];
                for x in v.iter_mut().take(intrinsic) {
                    *x = rng.gauss();
                }
                normalise(&mut v);
                v
            })
            .collect()
    }

    #[test]
    fn intrinsic_dimensionality_follows_the_data_not_the_ambient_space() {
        let mut rng = Rng::new(1);
        let flat = measure(&points(4000, 64, 4, &mut rng), 200, 20);
        let full = measure(&points(4000, 64, 48, &mut rng), 200, 20);
        // A 4-dimensional Gaussian on the sphere is about 3-dimensional; 48 is far above it.
        assert!(flat.lid > 2.0 && flat.lid < 5.0, "{flat:?}");
        assert!(full.lid > 20.0, "{full:?}");
        assert!(flat.nearest > full.nearest, "{flat:?} {full:?}");
    }
}
