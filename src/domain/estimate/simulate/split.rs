//! A run split into contiguous ranges of iterations, one per Web Worker.
//! Every part but the first replays the draws of the iterations before it
//! (`Simulation::skip`, about `DRAW_SHARE` of an iteration's work), so
//! later parts are made shorter: each part's replay plus its own
//! iterations come to the same work, and the parts finish together.

use std::ops::Range;

/// The share of an iteration's work that drawing the efforts takes, the
/// rest being the forward pass and criticality: about a third, measured
/// natively and in Chromium on the 200-task benchmark plan (`make bench`).
pub const DRAW_SHARE: f64 = 1.0 / 3.0;

/// The fewest iterations a part is worth a worker for: below it, loading
/// a worker costs more than it saves.
pub const MIN_PART: u32 = 250;

/// The most workers a run uses. With the replay, W workers bring a speed-up
/// of (1 − (1 − s)^W) / s at most (s = `DRAW_SHARE`): 2.6 at 6, 2.9 at 8,
/// never 3; more would mostly replay.
pub const MAX_WORKERS: u32 = 8;

/// The ranges of a run of `iterations` on a machine with `cores` logical
/// processors: as many as there are cores, at most `MAX_WORKERS`, and no
/// more than give every part `MIN_PART` iterations (at least one part).
/// Contiguous, in order, covering `0..iterations`; part k is (1 − s)^k of
/// the first, so that all take the same work.
pub fn split(iterations: u32, cores: u32) -> Vec<Range<u32>> {
    let most = cores.clamp(1, MAX_WORKERS);
    for workers in (1..=most).rev() {
        let ranges = ranges(iterations, workers);
        let fair = ranges.iter().all(|r| r.len() >= MIN_PART as usize);
        if workers == 1 || fair {
            return ranges;
        }
    }
    unreachable!("one worker always fits")
}

/// `iterations` in `workers` contiguous ranges of sizes in the ratio
/// 1 : (1 − s) : (1 − s)² …, rounded down, the rest to the first.
fn ranges(iterations: u32, workers: u32) -> Vec<Range<u32>> {
    let weights: Vec<f64> = (0..workers)
        .map(|k| (1.0 - DRAW_SHARE).powi(k as i32))
        .collect();
    let total: f64 = weights.iter().sum();
    let mut sizes: Vec<u32> = weights
        .iter()
        .map(|w| (f64::from(iterations) * w / total) as u32)
        .collect();
    let rest = iterations - sizes.iter().sum::<u32>();
    sizes[0] += rest;
    let mut start = 0;
    sizes
        .into_iter()
        .map(|size| {
            let range = start..start + size;
            start += size;
            range
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_cover_the_run_in_order_and_take_the_same_work() {
        for iterations in [100, 249, 250, 499, 500, 1_000, 10_000, 100_000] {
            for cores in [0, 1, 2, 3, 4, 8, 16, 64] {
                let parts = split(iterations, cores);
                assert!(!parts.is_empty() && parts.len() <= cores.clamp(1, MAX_WORKERS) as usize);
                assert_eq!(parts[0].start, 0);
                assert_eq!(parts.last().unwrap().end, iterations);
                for pair in parts.windows(2) {
                    assert_eq!(pair[0].end, pair[1].start, "{iterations} on {cores}");
                }
                if parts.len() > 1 {
                    assert!(parts.iter().all(|p| p.len() >= MIN_PART as usize));
                }
                // Replay plus own iterations: the same for every part, to
                // within a few iterations of rounding.
                let work: Vec<f64> = parts
                    .iter()
                    .map(|p| f64::from(p.start) * DRAW_SHARE + p.len() as f64)
                    .collect();
                let (least, most) = work
                    .iter()
                    .fold((f64::MAX, 0.0f64), |(l, m), &w| (l.min(w), m.max(w)));
                assert!(
                    most - least <= f64::from(parts.len() as u32) + 1.0,
                    "{work:?}"
                );
            }
        }
        assert_eq!(split(10_000, 1), vec![0..10_000]);
        assert_eq!(split(10_000, 2), vec![0..6_000, 6_000..10_000]);
        assert_eq!(
            split(400, 4),
            vec![0..400],
            "two parts of 200 are too small"
        );
        assert_eq!(split(100, 0), vec![0..100]);
        // 10,000 iterations: 7 workers at most (the 8th part would be 203).
        assert_eq!(split(10_000, 64).len(), 7);
    }
}
