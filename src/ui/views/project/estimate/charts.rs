//! The simulation's charts: a histogram with its S-curve, as SVG text
//! through `Markup` (tested natively).

use chrono::{DateTime, NaiveDateTime};

use crate::ui::markup::Markup;

pub fn minutes(at: NaiveDateTime) -> f64 {
    at.and_utc().timestamp() as f64 / 60.0
}

pub fn from_minutes(m: f64) -> NaiveDateTime {
    DateTime::from_timestamp((m * 60.0) as i64, 0)
        .map(|d| d.naive_utc())
        .unwrap_or_default()
}

/// A histogram (bars: iterations per bin) with its S-curve (line: share of
/// iterations at or below) and the P50, P80 and P90 marks, as SVG in whole
/// units (no float formatting in the bundle). `bins` are (lower bound,
/// count) of equal width.
pub fn chart_svg(
    title: &str,
    testid: &'static str,
    bins: &[(f64, u32)],
    marks: [f64; 3],
    label: &dyn Fn(f64) -> String,
) -> Markup {
    const W: i64 = 460;
    const H: i64 = 150;
    const X0: i64 = 40;
    const Y0: i64 = 10;
    const BOTTOM: i64 = Y0 + H;
    let n = bins.len().max(1) as f64;
    let low = bins.first().map_or(0.0, |b| b.0);
    let width = if bins.len() > 1 {
        bins[1].0 - bins[0].0
    } else {
        0.0
    };
    let high = low + width * n;
    let total = f64::from(bins.iter().map(|b| b.1).sum::<u32>().max(1));
    let top = f64::from(bins.iter().map(|b| b.1).max().unwrap_or(1).max(1));
    let x_of = |i: f64| X0 + (i * W as f64 / n).round() as i64;
    let y_of = |share: f64| BOTTOM - (share * H as f64).round() as i64;
    let mut out = Markup::with_capacity(512 + 160 * bins.len());
    out.el("figure")
        .attr("class", "sim-chart")
        .attr("data-testid", testid)
        .with(|m| {
            m.el("svg")
                .attr("viewBox", "0 0 540 200")
                .attr("role", "img")
                .attr("aria-label", title)
                .with(|m| {
                    m.el("title").text(title);
                    let mut cum = 0;
                    let mut line = format!("{X0},{BOTTOM}");
                    for (i, (from, c)) in bins.iter().enumerate() {
                        let (x, next) = (x_of(i as f64), x_of(i as f64 + 1.0));
                        let y = y_of(f64::from(*c) / top);
                        m.el("rect")
                            .attr("class", "bin")
                            .attr("x", x)
                            .attr("y", y)
                            .attr("width", (next - x - 1).max(1))
                            .attr("height", BOTTOM - y)
                            .with(|m| {
                                m.el("title").text(format_args!(
                                    "{} – {}: {c} iterations",
                                    label(*from),
                                    label(from + width)
                                ));
                            });
                        cum += c;
                        line.push_str(&format!(" {next},{}", y_of(f64::from(cum) / total)));
                    }
                    m.el("polyline")
                        .attr("class", "s-curve")
                        .attr("points", &line)
                        .empty();
                    // Labels one under the other at the top: close marks stay readable.
                    for (i, (k, v)) in ["P50", "P80", "P90"].iter().zip(marks).enumerate() {
                        let x = if high > low {
                            X0 + ((v - low) / (high - low) * W as f64).round() as i64
                        } else {
                            X0 + W / 2
                        };
                        m.el("line")
                            .attr("class", "mark")
                            .attr("x1", x)
                            .attr("x2", x)
                            .attr("y1", Y0)
                            .attr("y2", BOTTOM)
                            .empty();
                        m.el("text")
                            .attr("x", x + 3)
                            .attr("y", Y0 + 10 + 12 * i as i64)
                            .text(k);
                    }
                    m.el("text").attr("x", X0).attr("y", 195).text(label(low));
                    m.el("text")
                        .attr("x", X0 + W)
                        .attr("y", 195)
                        .attr("text-anchor", "end")
                        .text(label(high));
                    m.el("text")
                        .attr("x", X0 + W + 4)
                        .attr("y", Y0 + 4)
                        .attr("class", "axis")
                        .text("100 %");
                    m.el("text")
                        .attr("x", X0 + W + 4)
                        .attr("y", BOTTOM)
                        .attr("class", "axis")
                        .text("0 %");
                });
            m.el("figcaption").text(format_args!(
                "{title}: bars count the iterations in each range; the line is the share of iterations at or below (S-curve)."
            ));
        });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::number::fmt;

    fn numbers(svg: &str, attr: &str) -> Vec<i64> {
        svg.split(&format!(" {attr}=\""))
            .skip(1)
            .map(|s| s[..s.find('"').unwrap()].parse().unwrap())
            .collect()
    }

    #[test]
    fn chart_draws_a_bar_per_bin_a_full_s_curve_and_the_marks_in_place() {
        // 4 bins from 0 to 40: 10, 30, 40, 20 iterations.
        let bins = [(0.0, 10), (10.0, 30), (20.0, 40), (30.0, 20)];
        let svg = chart_svg("Cost", "c", &bins, [20.0, 30.0, 40.0], &|v| fmt(v));
        assert_eq!(svg.matches("<rect class=\"bin\"").count(), 4);
        let heights = numbers(&svg, "height");
        // Bars scale to the fullest bin (40 iterations = 150 units).
        assert_eq!(heights, [38, 113, 150, 75]);
        // The S-curve climbs to 100 % (the top, y = 10) at the right edge.
        let points = &svg[svg.find("points=\"").unwrap() + 8..];
        let points: Vec<&str> = points[..points.find('"').unwrap()].split(' ').collect();
        assert_eq!(points.first(), Some(&"40,160"));
        assert_eq!(points.last(), Some(&"500,10"));
        assert_eq!(
            points[2], "270,100",
            "40 % of the iterations by the end of bin 2"
        );
        assert_eq!(points[3], "385,40", "80 % by the end of bin 3");
        // P50 at 20 of 0..40 is half way; P90 at the right edge.
        assert_eq!(numbers(&svg, "x1"), [270, 385, 500]);
        assert!(svg.contains(">0</text>") && svg.contains(">40</text>"));
        assert!(svg.contains("<title>10 – 20: 30 iterations</title>"));
    }

    #[test]
    fn chart_of_identical_iterations_is_one_bar_with_the_marks_centred() {
        let svg = chart_svg("Finish", "f", &[(5.0, 100)], [5.0; 3], &|v| fmt(v));
        assert_eq!(svg.matches("<rect class=\"bin\"").count(), 1);
        assert_eq!(numbers(&svg, "x1"), [270, 270, 270]);
    }
}
