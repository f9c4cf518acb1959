//! Ranking measures over one query's results and the memories judged relevant to it.

/// The share of the relevant memories found in the top `k` (0 when none is relevant).
pub fn recall_at(ranked: &[String], relevant: &[String], k: usize) -> f64 {
    if relevant.is_empty() {
        return 0.0;
    }
    let top = &ranked[..k.min(ranked.len())];
    let found = relevant.iter().filter(|r| top.contains(r)).count();
    found as f64 / relevant.len() as f64
}

/// One over the rank of the first relevant result; 0 when none was found.
pub fn reciprocal_rank(ranked: &[String], relevant: &[String]) -> f64 {
    (ranked.iter().position(|id| relevant.contains(id))).map_or(0.0, |i| 1.0 / (i as f64 + 1.0))
}

/// Normalised discounted cumulative gain of the top `k`, with binary relevance.
pub fn ndcg_at(ranked: &[String], relevant: &[String], k: usize) -> f64 {
    let gain = |i: usize| 1.0 / (i as f64 + 2.0).log2();
    let dcg: f64 = (ranked.iter().take(k).enumerate())
        .filter(|(_, id)| relevant.contains(id))
        .map(|(i, _)| gain(i))
        .sum();
    let ideal: f64 = (0..relevant.len().min(k)).map(gain).sum();
    if ideal == 0.0 { 0.0 } else { dcg / ideal }
}

/// The mean, 0 for nothing.
pub fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 { 0.0 } else { sum / n as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn measures_follow_their_definitions() {
        let ranked = ids(&["a", "x", "b", "y", "c"]);
        let relevant = ids(&["b", "c", "z"]);
        assert_eq!(recall_at(&ranked, &relevant, 1), 0.0);
        assert!((recall_at(&ranked, &relevant, 3) - 1.0 / 3.0).abs() < 1e-9);
        assert!((recall_at(&ranked, &relevant, 10) - 2.0 / 3.0).abs() < 1e-9);
        assert!((reciprocal_rank(&ranked, &relevant) - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(reciprocal_rank(&ranked, &ids(&["q"])), 0.0);
        // Hits at ranks 3 and 5 of 3 relevant: (1/log2 4 + 1/log2 6) / (1 + 1/log2 3 + 1/log2 4).
        let want = (0.5 + 1.0 / 6f64.log2()) / (1.0 + 1.0 / 3f64.log2() + 0.5);
        assert!((ndcg_at(&ranked, &relevant, 10) - want).abs() < 1e-9);
        assert_eq!(ndcg_at(&ids(&["b", "c", "z"]), &relevant, 10), 1.0);
        assert_eq!(mean([1.0, 0.0, 0.5].into_iter()), 0.5);
        assert_eq!(mean(std::iter::empty()), 0.0);
    }
}
