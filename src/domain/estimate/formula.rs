//! A figure's formula as a reader sees it: a typeset sum with the numbers
//! that produce the figure, e.g. "tE = (2 + 4 × 4 + 8) ÷ 6 = 4.3 h", with
//! real signs (×, ÷, −, =) and the figure itself as the last term.
//!
//! The domain decides the terms; the page decides how a number is written
//! (`Intl`, in the workspace's locale and currency) through the `show`
//! function it passes in, so the result term is written exactly as the
//! figure beside it. Symbols come out as `Piece::Var` (a name with an
//! optional subscript), for `<var>` and `<sub>` on the page.

use crate::domain::model::estimate::{z_score, Confidence};

/// How a number in a formula is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A factor or count: "4", "0.84".
    Factor,
    /// Hours as an operand: the number alone ("12.5").
    Amount,
    /// Hours as a figure: with its unit ("12.5 h").
    Hours,
    /// Money in the workspace currency.
    Money,
    /// A ratio written as a percentage (0.25 → "25 %").
    Percent,
}

/// One term of a formula.
#[derive(Clone, Debug, PartialEq)]
pub enum Term {
    /// A symbol with a subscript ("" for none): t_E, σ, P_80.
    Var(&'static str, &'static str),
    /// A named quantity in words: "labour", "materials".
    Word(&'static str),
    /// An operator or a bracket: + − × ÷ = ( ) √ and "min(" , ")".
    Op(&'static str),
    Num(f64, Unit),
}

/// What the page writes: symbols apart, everything else as text.
#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    Var(&'static str, &'static str),
    Text(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Formula(pub Vec<Term>);

use Term::{Num, Op, Var, Word};
use Unit::{Amount, Factor, Hours, Money, Percent};

impl Formula {
    /// The formula as pieces, spaces placed around binary operators and
    /// none inside brackets; adjacent text joined.
    pub fn pieces(&self, show: &dyn Fn(f64, Unit) -> String) -> Vec<Piece> {
        let mut out: Vec<Piece> = vec![];
        for term in &self.0 {
            let text = match term {
                Var(name, sub) => {
                    out.push(Piece::Var(name, sub));
                    continue;
                }
                Word(w) => (*w).to_string(),
                Num(v, unit) => show(*v, *unit),
                Op(op @ ("(" | ")" | "√" | "min(")) => (*op).to_string(),
                Op(",") => ", ".to_string(),
                Op(op) => format!(" {op} "),
            };
            match out.last_mut() {
                Some(Piece::Text(t)) => t.push_str(&text),
                _ => out.push(Piece::Text(text)),
            }
        }
        out
    }

    /// The formula as plain text: a symbol is its name then its subscript.
    pub fn text(&self, show: &dyn Fn(f64, Unit) -> String) -> String {
        self.pieces(show)
            .into_iter()
            .map(|p| match p {
                Piece::Var(name, sub) => format!("{name}{sub}"),
                Piece::Text(t) => t,
            })
            .collect()
    }
}

/// tE = (ΣO + 4 × ΣM + ΣP) ÷ 6: PERT's expected effort, which sums over
/// tasks because it is linear in O, M and P.
pub fn expected(optimistic: f64, likely: f64, pessimistic: f64, expected: f64) -> Formula {
    Formula(vec![
        Var("t", "E"),
        Op("="),
        Op("("),
        Num(optimistic, Amount),
        Op("+"),
        Num(4.0, Factor),
        Op("×"),
        Num(likely, Amount),
        Op("+"),
        Num(pessimistic, Amount),
        Op(")"),
        Op("÷"),
        Num(6.0, Factor),
        Op("="),
        Num(expected, Hours),
    ])
}

/// σ = √(Σσ²) of independent tasks.
pub fn sigma(variance: f64, sigma: f64) -> Formula {
    Formula(vec![
        Var("σ", ""),
        Op("="),
        Op("√"),
        Op("("),
        Num(variance, Amount),
        Op(")"),
        Op("="),
        Num(sigma, Hours),
    ])
}

/// P80 or P90 = tE + z × σ (the analytic normal approximation).
pub fn percentile(confidence: Confidence, expected: f64, sigma: f64) -> Formula {
    let (name, sub) = match confidence {
        Confidence::P50 => ("P", "50"),
        Confidence::P80 => ("P", "80"),
        Confidence::P90 => ("P", "90"),
    };
    let z = z_score(confidence);
    Formula(vec![
        Var(name, sub),
        Op("="),
        Num(expected, Amount),
        Op("+"),
        Num(z, Factor),
        Op("×"),
        Num(sigma, Amount),
        Op("="),
        Num(expected + z * sigma, Hours),
    ])
}

/// A named total as a sum of named parts: "cost = labour + materials =
/// $a + $b = $c". Every part and the total are money.
pub fn money_sum(total: &'static str, parts: &[(&'static str, f64)]) -> Formula {
    let result = parts.iter().map(|(_, v)| v).sum();
    combine(total, parts, "+", Money, Money, result)
}

/// Hours as a sum of named parts: "EAC = actual + remaining = 12 + 30.5 =
/// 42.5 h".
pub fn hours_sum(total: &'static str, parts: &[(&'static str, f64)]) -> Formula {
    let result = parts.iter().map(|(_, v)| v).sum();
    combine(total, parts, "+", Amount, Hours, result)
}

/// Hours as a difference: "variance = actual − earned = 12 − 10 = 2 h".
pub fn hours_difference(
    total: &'static str,
    from: (&'static str, f64),
    less: (&'static str, f64),
) -> Formula {
    combine(total, &[from, less], "−", Amount, Hours, from.1 - less.1)
}

/// `total = a op b op … = x op y op … = result`.
fn combine(
    total: &'static str,
    parts: &[(&'static str, f64)],
    op: &'static str,
    unit: Unit,
    result_unit: Unit,
    result: f64,
) -> Formula {
    let mut terms = vec![Word(total), Op("=")];
    for (i, (name, _)) in parts.iter().enumerate() {
        if i > 0 {
            terms.push(Op(op));
        }
        terms.push(Word(name));
    }
    terms.push(Op("="));
    for (i, (_, v)) in parts.iter().enumerate() {
        if i > 0 {
            terms.push(Op(op));
        }
        terms.push(Num(*v, unit));
    }
    terms.push(Op("="));
    terms.push(Num(result, result_unit));
    Formula(terms)
}

/// price = min(cap, labour + materials) for a not-to-exceed price.
pub fn capped(cap: f64, labour: f64, materials: f64) -> Formula {
    Formula(vec![
        Word("price"),
        Op("="),
        Op("min("),
        Word("cap"),
        Op(","),
        Word("labour"),
        Op("+"),
        Word("materials"),
        Op(")"),
        Op("="),
        Op("min("),
        Num(cap, Money),
        Op(","),
        Num(labour, Money),
        Op("+"),
        Num(materials, Money),
        Op(")"),
        Op("="),
        Num(cap.min(labour + materials), Money),
    ])
}

/// Contingency as a percentage of the expected labour price.
pub fn contingency_percent(percent: f64, labour: f64) -> Formula {
    Formula(vec![
        Word("contingency"),
        Op("="),
        Num(percent / 100.0, Percent),
        Op("×"),
        Word("labour"),
        Op("="),
        Num(percent / 100.0, Percent),
        Op("×"),
        Num(labour, Money),
        Op("="),
        Num(labour * percent / 100.0, Money),
    ])
}

/// Risk-based contingency: (P_c − tE) × the blended bill rate.
pub fn contingency_risk(confidence: Confidence, expected: f64, sigma: f64, rate: f64) -> Formula {
    let sub = match confidence {
        Confidence::P50 => "50",
        Confidence::P80 => "80",
        Confidence::P90 => "90",
    };
    let at = expected + z_score(confidence) * sigma;
    Formula(vec![
        Word("contingency"),
        Op("="),
        Op("("),
        Var("P", sub),
        Op("−"),
        Var("t", "E"),
        Op(")"),
        Op("×"),
        Word("rate"),
        Op("="),
        Op("("),
        Num(at, Amount),
        Op("−"),
        Num(expected, Amount),
        Op(")"),
        Op("×"),
        Num(rate, Money),
        Op("="),
        Num((at - expected) * rate, Money),
    ])
}

/// margin = (price − cost) ÷ price, or markup = (price − cost) ÷ cost;
/// `None` when the divisor is 0.
pub fn margin(markup: bool, price: f64, cost: f64) -> Option<Formula> {
    let (name, divisor, by) = if markup {
        ("markup", "cost", cost)
    } else {
        ("margin", "price", price)
    };
    (by > 0.0).then(|| {
        Formula(vec![
            Word(name),
            Op("="),
            Op("("),
            Word("price"),
            Op("−"),
            Word("cost"),
            Op(")"),
            Op("÷"),
            Word(divisor),
            Op("="),
            Op("("),
            Num(price, Money),
            Op("−"),
            Num(cost, Money),
            Op(")"),
            Op("÷"),
            Num(by, Money),
            Op("="),
            Num((price - cost) / by, Percent),
        ])
    })
}

/// A blended rate: an amount of money ÷ hours; `None` without hours.
pub fn rate(name: &'static str, amount: &'static str, money: f64, hours: f64) -> Option<Formula> {
    (hours > 0.0).then(|| {
        Formula(vec![
            Word(name),
            Op("="),
            Word(amount),
            Op("÷"),
            Word("hours"),
            Op("="),
            Num(money, Money),
            Op("÷"),
            Num(hours, Hours),
            Op("="),
            Num(money / hours, Money),
        ])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::number::{fmt, round2};

    /// Numbers as a test writes them: money with "$" and cents, hours with
    /// at most two decimals.
    fn show(v: f64, unit: Unit) -> String {
        match unit {
            Factor | Amount => fmt(round2(v)),
            Hours => format!("{} h", fmt((v * 10.0).round() / 10.0)),
            Money => format!("${:.2}", v),
            Percent => format!("{} %", fmt((v * 1000.0).round() / 10.0)),
        }
    }

    #[test]
    fn expected_effort_is_the_pert_sum_with_its_numbers() {
        let f = expected(2.0, 4.0, 8.0, (2.0 + 16.0 + 8.0) / 6.0);
        assert_eq!(f.text(&show), "tE = (2 + 4 × 4 + 8) ÷ 6 = 4.3 h");
        assert_eq!(
            f.pieces(&show),
            vec![
                Piece::Var("t", "E"),
                Piece::Text(" = (2 + 4 × 4 + 8) ÷ 6 = 4.3 h".into())
            ]
        );
    }

    #[test]
    fn sigma_and_percentiles() {
        assert_eq!(sigma(2.25, 1.5).text(&show), "σ = √(2.25) = 1.5 h");
        assert_eq!(
            percentile(Confidence::P80, 10.0, 2.0).text(&show),
            "P80 = 10 + 0.84 × 2 = 11.7 h"
        );
        assert_eq!(
            percentile(Confidence::P90, 10.0, 2.0).text(&show),
            "P90 = 10 + 1.28 × 2 = 12.6 h"
        );
    }

    #[test]
    fn money_sums_caps_and_contingency() {
        assert_eq!(
            money_sum("cost", &[("labour", 1000.0), ("materials", 250.5)]).text(&show),
            "cost = labour + materials = $1000.00 + $250.50 = $1250.50"
        );
        assert_eq!(
            capped(1500.0, 1200.0, 400.0).text(&show),
            "price = min(cap, labour + materials) = min($1500.00, $1200.00 + $400.00) = $1500.00"
        );
        assert_eq!(
            contingency_percent(10.0, 2000.0).text(&show),
            "contingency = 10 % × labour = 10 % × $2000.00 = $200.00"
        );
        assert_eq!(
            contingency_risk(Confidence::P80, 10.0, 2.0, 100.0).text(&show),
            "contingency = (P80 − tE) × rate = (11.68 − 10) × $100.00 = $168.00"
        );
    }

    #[test]
    fn actuals_as_sums_and_differences_of_hours() {
        assert_eq!(
            hours_sum("EAC", &[("actual", 12.0), ("remaining", 30.5)]).text(&show),
            "EAC = actual + remaining = 12 + 30.5 = 42.5 h"
        );
        assert_eq!(
            hours_difference("variance", ("actual", 12.0), ("earned", 14.25)).text(&show),
            "variance = actual − earned = 12 − 14.25 = -2.3 h"
        );
    }

    #[test]
    fn margin_markup_and_rates_refuse_a_zero_divisor() {
        assert_eq!(
            margin(false, 2000.0, 1500.0).unwrap().text(&show),
            "margin = (price − cost) ÷ price = ($2000.00 − $1500.00) ÷ $2000.00 = 25 %"
        );
        assert_eq!(
            margin(true, 2000.0, 1500.0).unwrap().text(&show),
            "markup = (price − cost) ÷ cost = ($2000.00 − $1500.00) ÷ $1500.00 = 33.3 %"
        );
        assert_eq!(margin(false, 0.0, 10.0), None);
        assert_eq!(
            rate("bill rate", "labour price", 1500.0, 10.0)
                .unwrap()
                .text(&show),
            "bill rate = labour price ÷ hours = $1500.00 ÷ 10 h = $150.00"
        );
        assert_eq!(rate("bill rate", "labour price", 0.0, 0.0), None);
    }
}
