//! The run's randomness: a seeded xoshiro256** generator with its normal
//! and gamma draws, and each task's effort as a Beta-PERT distribution
//! drawn from two gammas. Only IEEE arithmetic and `libm::log`, so the same
//! seed gives the same bits natively and in wasm.

/// xoshiro256** seeded through splitmix64: fast, and the same on every
/// target. No crates.
#[derive(Clone, Debug)]
pub(super) struct Rng {
    s: [u64; 4],
    /// The second normal of the last polar-method pair, if not used yet.
    spare: Option<f64>,
}

impl Rng {
    pub(super) fn new(seed: u64) -> Rng {
        let mut x = seed;
        let mut splitmix = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng {
            s: [splitmix(), splitmix(), splitmix(), splitmix()],
            spare: None,
        }
    }

    fn next(&mut self) -> u64 {
        let s = &mut self.s;
        let out = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        out
    }

    /// Uniform in the open interval (0, 1): 53 random bits, centred.
    fn open01(&mut self) -> f64 {
        ((self.next() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
    }

    /// Standard normal by Marsaglia's polar method: only √ and ln, no
    /// trigonometry; pairs are used in turn.
    fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        loop {
            let u = 2.0 * self.open01() - 1.0;
            let v = 2.0 * self.open01() - 1.0;
            let s = u * u + v * v;
            if s < 1.0 && s > 0.0 {
                let f = (-2.0 * libm::log(s) / s).sqrt();
                self.spare = Some(v * f);
                return u * f;
            }
        }
    }

    /// Gamma(shape, 1) for shape ≥ 1 by Marsaglia and Tsang, given
    /// d = shape − 1/3 and c = 1 / √(9d).
    fn gamma(&mut self, (d, c): (f64, f64)) -> f64 {
        loop {
            let x = self.normal();
            let v = 1.0 + c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = self.open01();
            let x2 = x * x;
            if u < 1.0 - 0.0331 * x2 * x2 || libm::log(u) < 0.5 * x2 + d * (1.0 - v + libm::log(v))
            {
                return d * v;
            }
        }
    }
}

/// How a task's effort is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Effort {
    /// No spread (O = M = P, or an estimate that is not a valid range).
    Fixed(f64),
    /// Beta-PERT: O + X × (P − O) with X ~ Beta(α, β), α = 1 + 4(M − O)/(P − O),
    /// β = 1 + 4(P − M)/(P − O); each shape kept as Marsaglia–Tsang's (d, c).
    Pert {
        low: f64,
        high: f64,
        alpha: (f64, f64),
        beta: (f64, f64),
    },
}

/// Marsaglia–Tsang's constants for a shape ≥ 1.
fn gamma_constants(shape: f64) -> (f64, f64) {
    let d = shape - 1.0 / 3.0;
    (d, 1.0 / (9.0 * d).sqrt())
}

impl Effort {
    pub(super) fn new(o: f64, m: f64, p: f64) -> Effort {
        if !(o.is_finite() && m.is_finite() && p.is_finite() && o < p) {
            // Exactly M when the three agree; what the schedule uses otherwise.
            return Effort::Fixed(if o == m && m == p {
                m
            } else {
                (o + 4.0 * m + p) / 6.0
            });
        }
        // The likely value within [o, p] (o < p here).
        let m = m.clamp(o, p);
        let span = p - o;
        Effort::Pert {
            low: o,
            high: p,
            alpha: gamma_constants(1.0 + 4.0 * (m - o) / span),
            beta: gamma_constants(1.0 + 4.0 * (p - m) / span),
        }
    }

    pub(super) fn sample(self, rng: &mut Rng) -> f64 {
        match self {
            Effort::Fixed(v) => v,
            Effort::Pert {
                low,
                high,
                alpha,
                beta,
            } => {
                let a = rng.gamma(alpha);
                let b = rng.gamma(beta);
                (low + a / (a + b) * (high - low)).max(low).min(high)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beta_pert_samples_stay_in_range_and_average_te() {
        let mut rng = Rng::new(7);
        for (o, m, p) in [
            (2.0, 4.0, 12.0),
            (1.0, 1.0, 9.0),
            (0.0, 8.0, 8.0),
            (3.0, 5.0, 7.0),
        ] {
            let effort = Effort::new(o, m, p);
            let n = 200_000;
            let samples: Vec<f64> = (0..n).map(|_| effort.sample(&mut rng)).collect();
            assert!(samples.iter().all(|&x| (o..=p).contains(&x)));
            let mean = samples.iter().sum::<f64>() / n as f64;
            let te = (o + 4.0 * m + p) / 6.0;
            assert!(
                (mean - te).abs() < 0.005 * (p - o),
                "{o} {m} {p}: mean {mean}, tE {te}"
            );
            // Beta-PERT's variance: (μ − O)(P − μ) / 7.
            let var = samples.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
            let expected = (te - o) * (p - te) / 7.0;
            assert!(
                (var / expected - 1.0).abs() < 0.03,
                "{o} {m} {p}: variance {var}"
            );
        }
        assert_eq!(Effort::new(3.0, 3.0, 3.0).sample(&mut rng), 3.0);
        assert_eq!(Effort::new(0.1, 0.1, 0.1), Effort::Fixed(0.1));
        // Not a range: what the schedule uses, no endless loop.
        assert_eq!(Effort::new(6.0, 4.0, 2.0), Effort::Fixed(4.0));
        assert!(matches!(Effort::new(f64::NAN, 1.0, 2.0), Effort::Fixed(_)));
    }
}
