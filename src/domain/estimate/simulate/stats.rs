//! What a run's samples come to: nearest-rank percentiles and histograms.

use crate::domain::model::simulation::Percentiles;

/// Bins of the histograms.
pub const BINS: usize = 20;

/// The sample at rank ⌈k × N / 100⌉ of N sorted samples.
pub(super) fn nearest_rank(sorted: &[f64], k: usize) -> Option<f64> {
    let rank = (k * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

pub(super) fn percentiles(sorted: &[f64]) -> Percentiles {
    let at = |k| nearest_rank(sorted, k).unwrap_or(0.0);
    Percentiles {
        p50: at(50),
        p80: at(80),
        p90: at(90),
    }
}

/// `BINS` equal bins over sorted samples as (lower bound, count).
pub(super) fn histogram(sorted: &[f64]) -> Vec<(f64, u32)> {
    let (Some(&low), Some(&high)) = (sorted.first(), sorted.last()) else {
        return vec![];
    };
    if high <= low {
        return vec![(low, sorted.len() as u32)];
    }
    let width = (high - low) / BINS as f64;
    let mut bins: Vec<(f64, u32)> = (0..BINS).map(|k| (low + k as f64 * width, 0)).collect();
    for &x in sorted {
        let k = (((x - low) / width) as usize).min(BINS - 1);
        bins[k].1 += 1;
    }
    bins
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let ten: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(
            percentiles(&ten),
            Percentiles {
                p50: 5.0,
                p80: 8.0,
                p90: 9.0
            }
        );
        assert_eq!(percentiles(&[4.0]).p90, 4.0);
        assert_eq!(percentiles(&[]).p50, 0.0);
        let h = histogram(&ten);
        assert_eq!(h.len(), BINS);
        assert_eq!(h.iter().map(|b| b.1).sum::<u32>(), 10);
        assert_eq!((h[0].0, h[BINS - 1].1), (1.0, 1));
        assert_eq!(histogram(&[2.0, 2.0]), vec![(2.0, 2)]);
    }
}
