//! How an index takes in new rows: as a segment of their own, or merged with its newest
//! segments by a size-tiered rule, so that each row is rewritten a few times, not at every refresh.

use lance::index::DatasetIndexExt;
use lancedb::Table;
use lancedb::table::{OptimizeAction, OptimizeOptions};
use mnemo_core::{Error, Result};
use std::collections::HashMap;

use crate::store::{retry, storage};

/// Segments an index may have while writes go on. Each is searched on every query; the size
/// rule alone keeps about one per doubling of the rows written since the store last settled
/// (six after 40,000 rows at 2,000 a refresh).
const MAX_INDEX_SEGMENTS: usize = 8;

/// How many of an index's newest segments to merge with its `new_rows`, given the rows each
/// segment covers, oldest first. While writes go on, a segment is merged only once the rows
/// merged with it are at least as many as it has (a binary counter: each row is rewritten
/// about log2(rows written / rows a refresh) times, where merging every newer segment at each
/// refresh rewrote every row written since the store last settled), or to stay within
/// [`MAX_INDEX_SEGMENTS`]. Settling merges every segment into one.
pub(crate) fn segments_to_merge(segments: &[u64], new_rows: u64, settle: bool) -> usize {
    if settle {
        return segments.len();
    }
    let mut merged = new_rows;
    let mut count = 0;
    for &rows in segments.iter().rev() {
        let segments_after = segments.len() - count + 1;
        if rows > merged && segments_after <= MAX_INDEX_SEGMENTS {
            break;
        }
        merged += rows;
        count += 1;
    }
    count
}

/// Folds a table's new rows into its indexes, each as [`segments_to_merge`] says (one commit for
/// the indexes that take them alike).
pub(crate) async fn refresh_indexes(table: &Table, settle: bool) -> Result<()> {
    let mut steps: Vec<(usize, Vec<String>)> = Vec::new();
    let indices = table.list_indices().await.map_err(storage)?;
    if indices.is_empty() {
        return Ok(()); // not even the segments' metadata to read
    }
    let sizes = segment_rows(table).await?;
    for index in indices {
        let Some(stats) = table.index_stats(&index.name).await.map_err(storage)? else {
            continue;
        };
        let segments = sizes.get(&index.name).map_or(&[][..], Vec::as_slice);
        let merge = segments_to_merge(segments, stats.num_unindexed_rows as u64, settle);
        if stats.num_unindexed_rows == 0 && merge < 2 {
            continue; // nothing new, and nothing to merge
        }
        match steps.iter_mut().find(|(m, _)| *m == merge) {
            Some((_, names)) => names.push(index.name),
            None => steps.push((merge, vec![index.name])),
        }
    }
    for (merge, names) in steps {
        let mut options = OptimizeOptions::merge(merge);
        options.index_names = Some(names);
        retry(|| async {
            let action = OptimizeAction::Index(options.clone());
            table.optimize(action).await.map(|_| ())
        })
        .await?;
    }
    Ok(())
}

/// The rows each segment of each index of `table` covers, by index name, oldest segment first
/// (the order in which LanceDB merges the newest).
async fn segment_rows(table: &Table) -> Result<HashMap<String, Vec<u64>>> {
    let dataset = (table.dataset())
        .ok_or_else(|| Error::Storage("not a native LanceDB table".into()))?
        .get()
        .await
        .map_err(storage)?;
    let rows: HashMap<u64, u64> = (dataset.manifest.fragments.iter())
        .map(|f| (f.id, f.physical_rows.unwrap_or(0) as u64))
        .collect();
    let mut out: HashMap<String, Vec<u64>> = HashMap::new();
    for index in dataset.load_indices().await.map_err(storage)?.iter() {
        let covered = (index.fragment_bitmap.iter().flatten())
            .map(|id| rows.get(&u64::from(id)).copied().unwrap_or(0))
            .sum();
        out.entry(index.name.clone()).or_default().push(covered);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sizes after `refreshes` refreshes of `batch` new rows each onto `base`.
    fn run(base: u64, batch: u64, refreshes: usize) -> (Vec<u64>, u64) {
        let (mut segments, mut rewritten) = (vec![base], 0);
        for _ in 0..refreshes {
            let merge = segments_to_merge(&segments, batch, false);
            let kept = segments.len() - merge;
            let merged: u64 = segments.drain(kept..).sum();
            rewritten += merged;
            segments.push(merged + batch);
        }
        (segments, rewritten)
    }

    #[test]
    fn new_rows_merge_with_segments_no_larger_than_what_is_merged() {
        assert_eq!(
            segments_to_merge(&[10_000], 2_000, false),
            0,
            "a segment of their own"
        );
        assert_eq!(segments_to_merge(&[10_000, 2_000], 2_000, false), 1);
        assert_eq!(segments_to_merge(&[10_000, 4_000, 2_000], 2_000, false), 2);
        assert_eq!(segments_to_merge(&[10_000, 8_000, 2_000], 2_000, false), 1);
        assert_eq!(
            segments_to_merge(&[3_000, 2_000], 2_000, false),
            2,
            "the base too"
        );
        assert_eq!(
            segments_to_merge(&[10_000, 2_000], 0, false),
            0,
            "nothing new"
        );
        assert_eq!(segments_to_merge(&[], 2_000, false), 0);
    }

    #[test]
    fn settling_merges_every_segment() {
        assert_eq!(segments_to_merge(&[10_000, 4_000, 2_000], 0, true), 3);
        assert_eq!(segments_to_merge(&[10_000], 5, true), 1);
    }

    #[test]
    fn segments_stay_few_and_rows_are_rewritten_a_few_times() {
        let (segments, rewritten) = run(100_000, 2_000, 20);
        assert_eq!(
            segments,
            vec![100_000, 32_000, 8_000],
            "a binary counter of 20 batches"
        );
        // Each of the 40,000 rows rewritten about log2(20) times; merging every newer segment
        // at each refresh rewrote 420,000.
        assert!(rewritten <= 40_000 * 5, "{rewritten}");
        let (segments, _) = run(0, 2_000, 1_000);
        assert!(segments.len() <= MAX_INDEX_SEGMENTS, "{segments:?}");
    }

    #[test]
    fn segments_are_capped_even_when_sizes_grow_the_wrong_way() {
        let segments: Vec<u64> = (1..=MAX_INDEX_SEGMENTS as u64).map(|n| n * 1_000).collect();
        let merge = segments_to_merge(&segments, 10, false);
        assert!(
            merge >= 1 && segments.len() - merge < MAX_INDEX_SEGMENTS,
            "{merge}"
        );
    }
}
