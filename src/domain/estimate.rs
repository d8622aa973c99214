//! Three-point estimates and their PERT figures.

use serde::Serialize;

/// Effort in hours: optimistic ≤ likely ≤ pessimistic, all ≥ 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Estimate {
    pub optimistic: f64,
    pub likely: f64,
    pub pessimistic: f64,
}

impl Estimate {
    pub const fn new(optimistic: f64, likely: f64, pessimistic: f64) -> Self {
        Estimate {
            optimistic,
            likely,
            pessimistic,
        }
    }

    /// PERT expected effort tE = (O + 4M + P) / 6.
    pub fn expected(&self) -> f64 {
        (self.optimistic + 4.0 * self.likely + self.pessimistic) / 6.0
    }

    /// PERT standard deviation σ = (P − O) / 6.
    pub fn sigma(&self) -> f64 {
        (self.pessimistic - self.optimistic) / 6.0
    }

    pub fn scaled(&self, factor: f64) -> Estimate {
        Estimate::new(
            self.optimistic * factor,
            self.likely * factor,
            self.pessimistic * factor,
        )
    }

    /// What is wrong with the numbers, in words a user can act on.
    pub fn problems(&self) -> Vec<String> {
        let mut out = vec![];
        for (name, v) in [
            ("optimistic", self.optimistic),
            ("likely", self.likely),
            ("pessimistic", self.pessimistic),
        ] {
            if !v.is_finite() {
                out.push(format!("{name} is not a number"));
            } else if v < 0.0 {
                out.push(format!("{name} {} hours is negative", fmt(v)));
            }
        }
        if !out.is_empty() {
            return out;
        }
        if self.optimistic > self.likely {
            out.push(format!(
                "optimistic {} is above likely {}",
                fmt(self.optimistic),
                fmt(self.likely)
            ));
        }
        if self.likely > self.pessimistic {
            out.push(format!(
                "likely {} is above pessimistic {}",
                fmt(self.likely),
                fmt(self.pessimistic)
            ));
        }
        out
    }
}

/// Sum of expected hours and the rolled-up σ = √(Σσ²) of independent tasks.
pub fn roll_up<'a>(estimates: impl IntoIterator<Item = &'a Estimate>) -> (f64, f64) {
    let (sum, var) = estimates.into_iter().fold((0.0, 0.0), |(s, v), e| {
        (s + e.expected(), v + e.sigma().powi(2))
    });
    (sum, var.sqrt())
}

/// Numbers in messages: no trailing ".0" for whole hours. Goes through
/// serde_json's float writer, already in the bundle for files; core's
/// `Display for f64` would add its own (about 4 KB gzip).
pub fn fmt(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        serde_json::to_string(&v).unwrap_or_else(|_| "not a number".into())
    }
}

/// A decimal number as people type it ("12", "0.5", ".5", "1,5"), read by
/// serde_json's number parser: `str::parse::<f64>` brings core's float
/// tables into the wasm bundle (about 8 KB gzip) for no gain here.
pub fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim().replace(',', ".");
    let t = t.strip_prefix('+').unwrap_or(&t);
    let t = if t.starts_with('.') {
        format!("0{t}")
    } else if t.starts_with("-.") {
        format!("-0{}", &t[1..])
    } else {
        t.to_string()
    };
    let t = t.strip_suffix('.').unwrap_or(&t);
    serde_json::from_str::<f64>(t)
        .ok()
        .filter(|v| v.is_finite())
}

/// Text in double quotes for messages. Not `{:?}`: Debug formatting of
/// strings brings Unicode escape tables into the wasm bundle.
pub fn quote(text: &str) -> String {
    format!("\"{text}\"")
}

/// `v` with one decimal, e.g. "10.5", without core's float formatting.
pub fn one_decimal(v: f64) -> String {
    let tenths = (v * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    format!("{sign}{}.{}", tenths.abs() / 10, tenths.abs() % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_people_type_them() {
        assert_eq!(parse_number("12"), Some(12.0));
        assert_eq!(parse_number(" 0.5 "), Some(0.5));
        assert_eq!(parse_number(".5"), Some(0.5));
        assert_eq!(parse_number("-.5"), Some(-0.5));
        assert_eq!(parse_number("1,5"), Some(1.5));
        assert_eq!(parse_number("+3"), Some(3.0));
        assert_eq!(parse_number("4."), Some(4.0));
        for bad in ["", "abc", "1e999", "1 2", "NaN", "--1"] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn pert_of_2_4_12_is_5_and_five_thirds() {
        let e = Estimate::new(2.0, 4.0, 12.0);
        assert_eq!(e.expected(), 5.0);
        assert!((e.sigma() - 10.0 / 6.0).abs() < 1e-12);
    }

    #[test]
    fn sigma_rolls_up_as_root_sum_of_squares() {
        let tasks = [Estimate::new(0.0, 3.0, 6.0), Estimate::new(0.0, 4.0, 8.0)];
        let (sum, sigma) = roll_up(&tasks);
        assert_eq!(sum, 7.0);
        assert!((sigma - (1.0f64 + (8.0f64 / 6.0).powi(2)).sqrt()).abs() < 1e-12);
    }

    #[test]
    fn broken_order_and_negative_hours_are_named() {
        assert_eq!(
            Estimate::new(12.0, 8.0, 16.0).problems(),
            vec!["optimistic 12 is above likely 8"]
        );
        assert_eq!(
            Estimate::new(1.0, 8.0, 6.5).problems(),
            vec!["likely 8 is above pessimistic 6.5"]
        );
        assert_eq!(
            Estimate::new(-2.0, 1.0, 2.0).problems(),
            vec!["optimistic -2 hours is negative"]
        );
        assert!(Estimate::new(3.0, 3.0, 3.0).problems().is_empty());
    }
}
