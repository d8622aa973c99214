//! The commercial terms of a project, as the estimate page edits them:
//! materials, the pricing model with its confidence level, contingency and
//! cap, and the payment schedule. As in the plan editor (`plan::edit_task`)
//! the page hands over raw text from its inputs; all parsing and checking
//! live here, a refused change leaves the project as it was, and the error is
//! a sentence saying what is wrong and what is accepted.
//!
//! Nothing accepted here makes `validate::validate` fail: amounts are finite
//! and not negative, names are not blank, payment milestones total 100 % by
//! the rule imports use (`validate::payment_total_problem`) and are tied only
//! to sections and tasks that exist. A not-to-exceed model without a cap is
//! allowed on purpose: `pricing::quote` reports it where the price is shown.

use crate::domain::model::estimate::Confidence;
use crate::domain::model::project::{
    Contingency, Material, PaymentMilestone, Pricing, PricingModel, Project, Task,
};
use crate::domain::model::validate::payment_total_problem;
use crate::domain::text::codes::{code, from_code, parse_flag};
use crate::domain::text::ids::fresh_id;
use crate::domain::text::number::{field_number, fmt_in, quote, NumberStyle};

const MODELS: [PricingModel; 3] = [
    PricingModel::TimeAndMaterials,
    PricingModel::FixedFee,
    PricingModel::NotToExceed,
];

const CONFIDENCES: [Confidence; 3] = [Confidence::P50, Confidence::P80, Confidence::P90];

/// Currency signs accepted before or after an amount ("$1450", "1450 €").
const CURRENCY_SIGNS: [char; 4] = ['$', '€', '£', '¥'];

/// What a number field may carry around its digits.
#[derive(Clone, Copy, PartialEq)]
enum Unit {
    Plain,
    /// A trailing `%`.
    Percent,
    /// A currency sign before or after.
    Money,
}

/// The number part of `text`: trimmed, without its `%` or currency sign.
fn bare(text: &str, unit: Unit) -> &str {
    let t = text.trim();
    let t = match unit {
        Unit::Plain => t,
        Unit::Percent => t.strip_suffix('%').unwrap_or(t),
        Unit::Money => t
            .strip_prefix(CURRENCY_SIGNS)
            .or_else(|| t.strip_suffix(CURRENCY_SIGNS))
            .unwrap_or(t),
    };
    t.trim()
}

/// A number of 0 or more typed into the field called `label`, in the
/// workspace's `style`; `accepted` completes "enter …" in the messages.
fn amount(
    label: &str,
    text: &str,
    unit: Unit,
    accepted: &str,
    style: &NumberStyle,
) -> Result<f64, String> {
    let t = bare(text, unit);
    if t.is_empty() {
        return Err(format!("{label} is empty: enter {accepted}."));
    }
    let v = field_number(label, t, style, accepted)?;
    if v < 0.0 {
        return Err(format!("{label} cannot be negative: enter {accepted}."));
    }
    // `+ 0.0` turns "-0" into 0, which files write without a sign.
    Ok(v + 0.0)
}

// Materials -------------------------------------------------------------------

/// Applies one field typed by the user to a material. On error nothing
/// changes and the error is a sentence naming the problem.
///
/// Field codes and what they take (text is trimmed first):
/// - `name`: any non-blank text;
/// - `qty`: the quantity, a number ≥ 0 (decimals allowed: metres of cable);
/// - `unit`: the unit cost, an amount ≥ 0, with or without a currency sign
///   (`$`, `€`, `£`, `¥`) before or after;
/// - `markup`: the markup percentage ≥ 0 (a trailing `%` is accepted);
/// - `optional`: `true` or `false`.
///
/// Numbers are read in `style`, the workspace locale's (`parse_number`):
/// "1,450" is 1450 in en-US and 1.45 in de-DE, and what a locale would read
/// two ways ("1,45" in en-US) is refused: a price a thousand times off must
/// not pass silently.
pub fn edit_material(
    project: &mut Project,
    material_id: &str,
    field: &str,
    text: &str,
    style: &NumberStyle,
) -> Result<(), String> {
    let m = project
        .materials
        .iter_mut()
        .find(|m| m.id == material_id)
        .ok_or_else(|| "That item no longer exists.".to_string())?;
    let text = text.trim();
    // Each arm computes the value before assigning it, so an error leaves
    // the material as it was.
    match field {
        "name" if text.is_empty() => {
            return Err("An item needs a name, such as 24-port switch.".into())
        }
        "name" => m.name = text.into(),
        "qty" => {
            m.quantity = amount(
                "Quantity",
                text,
                Unit::Plain,
                "a number of 0 or more, such as 2",
                style,
            )?
        }
        "unit" => {
            m.unit_cost = amount(
                "Unit cost",
                text,
                Unit::Money,
                "an amount of 0 or more, such as 1450",
                style,
            )?
        }
        "markup" => {
            m.markup_percent = amount(
                "Markup",
                text,
                Unit::Percent,
                "a percentage of 0 or more, such as 15",
                style,
            )?
        }
        "optional" => m.optional = parse_flag("Optional", text)?,
        _ => {
            return Err(format!(
                "Unknown field {}: an item has name, qty, unit, markup and optional.",
                quote(field)
            ))
        }
    }
    Ok(())
}

/// Adds a material "New item" (quantity 1, no cost, no markup, not optional)
/// at the end of the list; returns its id.
pub fn add_material(project: &mut Project) -> String {
    let id = fresh_id("m", project.materials.iter().map(|m| m.id.as_str()));
    project.materials.push(Material {
        id: id.clone(),
        name: "New item".into(),
        quantity: 1.0,
        unit_cost: 0.0,
        markup_percent: 0.0,
        optional: false,
    });
    id
}

/// Removes a material; false when there was none with that id.
pub fn delete_material(project: &mut Project, material_id: &str) -> bool {
    let before = project.materials.len();
    project.materials.retain(|m| m.id != material_id);
    project.materials.len() != before
}

// Pricing ---------------------------------------------------------------------

/// Applies one field of the pricing typed by the user. On error nothing
/// changes and the error is a sentence naming the problem.
///
/// Field codes and what they take (text is trimmed, codes in any case):
/// - `model`: `time_and_materials`, `fixed_fee` or `not_to_exceed`, the
///   codes of the file;
/// - `confidence`: `p50`, `p80` or `p90`;
/// - `contingency`: `risk` (or the file's `risk_based`) for risk-based, else
///   a percentage ≥ 0 such as `10` or `12.5 %`;
/// - `cap`: empty for none, else an amount ≥ 0 (see `edit_material`'s
///   `unit`). The cap is kept when the model changes, so switching back to
///   not-to-exceed finds it again; a not-to-exceed model without a cap is
///   allowed, and `pricing::quote` says it needs one.
///
/// Numbers are read in `style`, as in `edit_material`.
pub fn edit_pricing(
    project: &mut Project,
    field: &str,
    text: &str,
    style: &NumberStyle,
) -> Result<(), String> {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    let p = &mut project.pricing;
    match field {
        "model" => {
            p.model = from_code(&MODELS, &lower).ok_or_else(|| {
                "The pricing model must be time_and_materials, fixed_fee or not_to_exceed."
                    .to_string()
            })?
        }
        "confidence" => {
            p.confidence = from_code(&CONFIDENCES, &lower)
                .ok_or_else(|| "The confidence level must be p50, p80 or p90.".to_string())?
        }
        "contingency" if lower == "risk" || lower == "risk_based" => {
            p.contingency = Contingency::RiskBased
        }
        "contingency" => {
            p.contingency = Contingency::Percent {
                percent: amount(
                    "Contingency",
                    text,
                    Unit::Percent,
                    "\"risk\" for risk-based, or a percentage of 0 or more, such as 10",
                    style,
                )?,
            }
        }
        "cap" if text.is_empty() => p.cap = None,
        "cap" => {
            p.cap = Some(amount(
                "The cap",
                text,
                Unit::Money,
                "an amount of 0 or more, such as 25000, or nothing for no cap",
                style,
            )?)
        }
        _ => {
            return Err(format!(
                "Unknown field {}: pricing has model, confidence, contingency and cap.",
                quote(field)
            ))
        }
    }
    Ok(())
}

/// A pricing field as `edit_pricing` takes it, to fill the page's inputs:
/// the model and confidence codes, `risk` or the contingency percentage,
/// the cap or nothing, numbers written in `style`. Unknown fields give an
/// empty text.
pub fn pricing_text(pricing: &Pricing, field: &str, style: &NumberStyle) -> String {
    match field {
        "model" => code(&pricing.model),
        "confidence" => code(&pricing.confidence),
        "contingency" => match pricing.contingency {
            Contingency::RiskBased => "risk".into(),
            Contingency::Percent { percent } => fmt_in(percent, style),
        },
        "cap" => pricing.cap.map(|v| fmt_in(v, style)).unwrap_or_default(),
        _ => String::new(),
    }
}

// Payment milestones ------------------------------------------------------------

/// One row of the payment-milestone editor, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MilestoneDraft {
    pub name: String,
    /// A number from 0 to 100, a trailing `%` accepted.
    pub percent: String,
    /// `""` for nothing, `s:<section id>` or `t:<task id>`.
    pub tied_to: String,
}

fn draft(name: &str, percent: &str, tied_to: String) -> MilestoneDraft {
    MilestoneDraft {
        name: name.into(),
        percent: percent.into(),
        tied_to,
    }
}

/// A row's percentage as typed ("30", "33.33 %") in `style`: its value,
/// or why it has none, completing "Row N: …". Not checked against 0–100.
pub fn row_percent(text: &str, style: &NumberStyle) -> Result<f64, String> {
    let t = bare(text, Unit::Percent);
    if t.is_empty() {
        return Err("the percentage is empty; enter a number from 0 to 100.".into());
    }
    field_number("the percentage", t, style, "a number from 0 to 100").map(|v| v + 0.0)
}

/// What is wrong with a row's percentage, if anything (0 to 100 accepted);
/// completes "Row N: …".
fn percent_problem(text: &str, style: &NumberStyle) -> Option<String> {
    match row_percent(text, style) {
        Err(e) => Some(e),
        Ok(v) if !(0.0..=100.0).contains(&v) => Some(format!(
            "the percentage must be from 0 to 100, not {}.",
            fmt_in(v, style)
        )),
        Ok(_) => None,
    }
}

/// A row's `tied_to` as (section id, task id); the error completes
/// "Row N: …".
fn row_tie(project: &Project, text: &str) -> Result<(Option<String>, Option<String>), String> {
    let t = text.trim();
    if t.is_empty() {
        Ok((None, None))
    } else if let Some(id) = t.strip_prefix("s:").map(str::trim) {
        if project.sections.iter().any(|s| s.id == id) {
            Ok((Some(id.into()), None))
        } else {
            Err("it is tied to a section that no longer exists; choose another section, a task or nothing.".into())
        }
    } else if let Some(id) = t.strip_prefix("t:").map(str::trim) {
        if project.task(id).is_some() {
            Ok((None, Some(id.into())))
        } else {
            Err("it is tied to a task that no longer exists; choose another task, a section or nothing.".into())
        }
    } else {
        Err(format!(
            "it is tied to {}, which is neither a section (s:<id>) nor a task (t:<id>).",
            quote(t)
        ))
    }
}

/// Replaces the project's payment milestones with `rows` when every row is
/// valid (name not blank, percent a number from 0 to 100, tied to nothing or
/// to a section or task of the project) and they total 100 % within 0.01,
/// the rule imports use. An empty list is allowed: no payment schedule.
///
/// The error lists every problem, one line each ("Row 2: …"), then the
/// total when it is not 100 (left out when some percentage is unreadable,
/// since there is no total then); nothing changes. On success each row keeps
/// the id of the milestone at its position, and rows beyond the old list get
/// fresh `pm-N` ids. Percentages are read in `style`, the workspace
/// locale's (`parse_number`).
pub fn set_payment_milestones(
    project: &mut Project,
    rows: &[MilestoneDraft],
    style: &NumberStyle,
) -> Result<(), String> {
    let mut problems: Vec<String> = vec![];
    let mut milestones: Vec<PaymentMilestone> = Vec::with_capacity(rows.len());
    let mut total_known = true;
    for (i, row) in rows.iter().enumerate() {
        let n = i + 1;
        let name = row.name.trim();
        if name.is_empty() {
            problems.push(format!(
                "Row {n}: the name is blank; write what the payment is for, such as On signature."
            ));
        }
        if let Some(e) = percent_problem(&row.percent, style) {
            problems.push(format!("Row {n}: {e}"));
        }
        // Out of range still counts in the total; unreadable leaves none.
        let percent = row_percent(&row.percent, style).ok();
        total_known &= percent.is_some();
        let (section_id, task_id) = row_tie(project, &row.tied_to).unwrap_or_else(|e| {
            problems.push(format!("Row {n}: {e}"));
            (None, None)
        });
        milestones.push(PaymentMilestone {
            id: String::new(),
            name: name.into(),
            percent: percent.unwrap_or(0.0),
            section_id,
            task_id,
        });
    }
    if total_known {
        if let Some(mut message) = payment_total_problem(&milestones) {
            if let Some(first) = message.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            problems.push(format!("{message}."));
        }
    }
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    let mut taken: Vec<String> = project
        .payment_milestones
        .iter()
        .map(|m| m.id.clone())
        .collect();
    for (i, m) in milestones.iter_mut().enumerate() {
        m.id = match project.payment_milestones.get(i) {
            Some(old) => old.id.clone(),
            None => {
                let id = fresh_id("pm", taken.iter().map(String::as_str));
                taken.push(id.clone());
                id
            }
        };
    }
    project.payment_milestones = milestones;
    Ok(())
}

/// The project's payment milestones as rows of the editor, percentages
/// written in `style` (`fmt_in`), so they read back as they are. A
/// milestone tied to both a task and a section (the file allows it) shows
/// its task, the more precise of the two.
pub fn milestone_drafts(project: &Project, style: &NumberStyle) -> Vec<MilestoneDraft> {
    project
        .payment_milestones
        .iter()
        .map(|m| {
            let tied_to = match (&m.task_id, &m.section_id) {
                (Some(task), _) => format!("t:{task}"),
                (None, Some(section)) => format!("s:{section}"),
                (None, None) => String::new(),
            };
            draft(&m.name, &fmt_in(m.percent, style), tied_to)
        })
        .collect()
}

/// A payment schedule to start from, totalling 100 %:
/// - 30 % "On signature", tied to nothing: it pays for the hardware ordered
///   first and commits the client;
/// - 40 % at the point of the plan nearest half of the expected hours: the
///   end of a section other than the last ("On completion of <section>") or
///   a milestone task (under its own name, and preferred to a section ending
///   at the same point), so cash follows the work;
/// - 30 % "On completion", tied to the last section.
///
/// Tasks count in plan order (sections in order); when no task has hours
/// each task counts as one. A plan with no such middle point (one section
/// and no milestone inside it, or no tasks) gets 50 % on signature and 50 %
/// on completion, as a small job would; without sections nothing is tied.
pub fn suggested_milestones(project: &Project) -> Vec<MilestoneDraft> {
    let ordered: Vec<(usize, &Task)> = project
        .sections
        .iter()
        .enumerate()
        .flat_map(|(k, s)| project.tasks_in(&s.id).map(move |t| (k, t)))
        .collect();
    let hours: f64 = ordered.iter().map(|(_, t)| t.estimate.expected()).sum();
    let by_hours = hours > 0.0 && hours.is_finite();
    let weight = |t: &Task| {
        if by_hours {
            t.estimate.expected()
        } else {
            1.0
        }
    };
    let total: f64 = ordered.iter().map(|&(_, t)| weight(t)).sum();
    let last_section = project.sections.len().saturating_sub(1);

    // (distance from half-way, name, tied_to); the first of equals wins.
    let mut middle: Option<(f64, String, String)> = None;
    let mut consider = |share: f64, name: String, tied_to: String| {
        let distance = (share - 0.5).abs();
        let inside = share > 1e-9 && share < 1.0 - 1e-9;
        if inside && middle.as_ref().is_none_or(|m| distance < m.0 - 1e-9) {
            middle = Some((distance, name, tied_to));
        }
    };
    let mut done = 0.0;
    for (j, &(k, t)) in ordered.iter().enumerate() {
        done += weight(t);
        let share = done / total;
        if t.milestone {
            consider(share, t.name.clone(), format!("t:{}", t.id));
        }
        let section_ends = ordered.get(j + 1).is_none_or(|&(next, _)| next != k);
        if section_ends && k != last_section {
            let section = &project.sections[k];
            consider(
                share,
                format!("On completion of {}", section.name),
                format!("s:{}", section.id),
            );
        }
    }

    let end = project
        .sections
        .last()
        .map(|s| format!("s:{}", s.id))
        .unwrap_or_default();
    match middle {
        Some((_, name, tied_to)) => vec![
            draft("On signature", "30", String::new()),
            draft(&name, "40", tied_to),
            draft("On completion", "30", end),
        ],
        None => vec![
            draft("On signature", "50", String::new()),
            draft("On completion", "50", end),
        ],
    }
}

// Scope -----------------------------------------------------------------------

/// The most characters `edit_scope` takes in one field, as typed.
const SCOPE_TEXT_MAX: usize = 20_000;

/// Replaces one part of the project's scope with the text of the agreement
/// page's editor. Field codes: `summary`, `not_included` and `assumptions`;
/// the lists take one item per line. Every line is trimmed and blank lines
/// are dropped (the summary keeps its lines, one paragraph each), so empty
/// text clears the field. Text over 20,000 characters is refused, and then
/// nothing changes.
pub fn edit_scope(project: &mut Project, field: &str, text: &str) -> Result<(), String> {
    let length = text.chars().count();
    let lines: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    let (target, name) = match field {
        "summary" => (None, "The summary"),
        "not_included" => (
            Some(&mut project.scope.not_included),
            "The list of what is not included",
        ),
        "assumptions" => (
            Some(&mut project.scope.assumptions),
            "The list of assumptions",
        ),
        _ => {
            return Err(format!(
                "Unknown field {}: the scope has summary, not_included and assumptions.",
                quote(field)
            ))
        }
    };
    if length > SCOPE_TEXT_MAX {
        return Err(format!(
            "{name} is {length} characters long; at most {SCOPE_TEXT_MAX} are accepted, so shorten it."
        ));
    }
    match target {
        Some(list) => *list = lines,
        None => project.scope.summary = lines.join("\n"),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::sample::sample_workspace;
    use crate::domain::data::testkit::project_starting;
    use crate::domain::model::estimate::Estimate;
    use crate::domain::model::project::Section;
    use crate::domain::model::validate::validate;
    use crate::domain::model::workspace::Workspace;
    use crate::domain::text::number::{fmt, parse_number, PLAIN};

    fn us() -> NumberStyle {
        NumberStyle::for_locale("en-US")
    }

    fn de() -> NumberStyle {
        NumberStyle::for_locale("de-DE")
    }

    /// The sample's Northwind office move: sections s-plan, s-prep, s-move,
    /// s-close; milestone task t10 "Cut-over complete"; materials m1–m4;
    /// payments pm1 30 % on signature, pm2 40 % at s-prep, pm3 30 % at t10.
    fn sample() -> (Workspace, Project) {
        let ws = sample_workspace();
        let p = ws.projects[0].clone();
        assert_eq!(p.id, "p-northwind-move");
        (ws, p)
    }

    /// `validate` finds nothing once `project` replaces the sample's first.
    fn assert_valid(mut ws: Workspace, project: Project) {
        ws.projects[0] = project;
        let problems: Vec<String> = validate(&ws).iter().map(|p| p.to_string()).collect();
        assert_eq!(problems, Vec::<String>::new());
    }

    /// Applies `f`, expects an error containing every part of `expect`,
    /// and checks that the project did not change.
    fn refused(
        p: &mut Project,
        f: impl FnOnce(&mut Project) -> Result<(), String>,
        expect: &[&str],
    ) -> String {
        let before = p.clone();
        let e = f(p).expect_err("should be refused");
        for part in expect {
            assert!(e.contains(part), "{e:?} should contain {part:?}");
        }
        assert_eq!(*p, before, "a refused change changed the project: {e}");
        e
    }

    fn row(name: &str, percent: &str, tied_to: &str) -> MilestoneDraft {
        draft(name, percent, tied_to.into())
    }

    fn total(rows: &[MilestoneDraft]) -> f64 {
        rows.iter()
            .map(|r| parse_number(&r.percent, &PLAIN).unwrap())
            .sum()
    }

    // Materials ---------------------------------------------------------------

    #[test]
    fn material_fields_are_accepted() {
        let (ws, mut p) = sample();
        let m = |p: &Project| p.materials[0].clone();
        edit_material(&mut p, "m1", "name", "  48-port PoE switch ", &us()).unwrap();
        assert_eq!(m(&p).name, "48-port PoE switch");
        for (text, v, style) in [
            ("3", 3.0, us()),
            ("2,5", 2.5, de()),
            (" 0 ", 0.0, us()),
            ("-0", 0.0, us()),
            (".5", 0.5, us()),
            ("1,000", 1000.0, us()),
            ("1.000", 1000.0, de()),
        ] {
            edit_material(&mut p, "m1", "qty", text, &style).unwrap();
            assert_eq!(m(&p).quantity, v, "{text}");
            assert!(m(&p).quantity.is_sign_positive());
        }
        for (text, v, style) in [
            ("1450", 1450.0, us()),
            ("$1450", 1450.0, us()),
            ("1450.50 €", 1450.5, us()),
            ("12,50", 12.5, de()),
            ("1450,500", 1450.5, de()),
            ("0", 0.0, us()),
            ("1,450", 1450.0, us()),
            ("$1,450,000", 1_450_000.0, us()),
            ("1.450,50 €", 1450.5, de()),
        ] {
            edit_material(&mut p, "m1", "unit", text, &style).unwrap();
            assert_eq!(m(&p).unit_cost, v, "{text}");
        }
        for (text, v) in [("15", 15.0), ("12.5 %", 12.5), ("20%", 20.0), ("0", 0.0)] {
            edit_material(&mut p, "m1", "markup", text, &us()).unwrap();
            assert_eq!(m(&p).markup_percent, v, "{text}");
        }
        edit_material(&mut p, "m1", "optional", "TRUE", &us()).unwrap();
        assert!(m(&p).optional);
        edit_material(&mut p, "m1", "optional", "false", &us()).unwrap();
        assert!(!m(&p).optional);
        // The other materials are untouched.
        assert_eq!(p.materials[1..], ws.projects[0].materials[1..]);
        assert_valid(ws, p);
    }

    #[test]
    fn material_fields_are_refused_and_nothing_changes() {
        let (_, mut p) = sample();
        let edit = |field: &'static str, text: &'static str| {
            move |p: &mut Project| edit_material(p, "m1", field, text, &us())
        };
        refused(&mut p, edit("name", "   "), &["An item needs a name"]);
        refused(
            &mut p,
            edit("qty", "two"),
            &["Quantity must be a number of 0 or more", "not \"two\""],
        );
        refused(
            &mut p,
            edit("qty", ""),
            &["Quantity is empty: enter a number"],
        );
        refused(&mut p, edit("qty", "-1"), &["Quantity cannot be negative"]);
        // What en-US would read two ways is refused, saying how it reads.
        refused(
            &mut p,
            edit("qty", "1,00"),
            &["Quantity: “1,00” is not a number in en-US: “,” separates thousands (1,450) and “.” is the decimal point (1.00)."],
        );
        refused(
            &mut p,
            edit("unit", "1,45"),
            &["Unit cost: “1,45” is not a number in en-US", "(1.45)"],
        );
        refused(
            &mut p,
            edit("unit", "$1,450,00"),
            &["Unit cost: “1,450,00” is not a number in en-US"],
        );
        refused(
            &mut p,
            |p: &mut Project| edit_material(p, "m1", "unit", "12.50", &de()),
            &["Unit cost: “12.50” is not a number in de-DE", "(12,50)"],
        );
        refused(
            &mut p,
            edit("unit", "-5"),
            &["Unit cost cannot be negative"],
        );
        refused(&mut p, edit("unit", "cheap"), &["an amount of 0 or more"]);
        refused(&mut p, edit("unit", "1e400"), &["Unit cost must be"]);
        refused(
            &mut p,
            edit("markup", "-5 %"),
            &["Markup cannot be negative"],
        );
        refused(
            &mut p,
            edit("markup", "lots"),
            &["a percentage of 0 or more"],
        );
        refused(
            &mut p,
            edit("optional", "maybe"),
            &["Optional must be true or false."],
        );
        refused(&mut p, edit("colour", "red"), &["Unknown field \"colour\""]);
        refused(
            &mut p,
            |p: &mut Project| edit_material(p, "m-gone", "name", "X", &us()),
            &["That item no longer exists."],
        );
    }

    #[test]
    fn materials_are_added_with_fresh_ids_and_deleted() {
        let (ws, mut p) = sample();
        let a = add_material(&mut p);
        let b = add_material(&mut p);
        assert_ne!(a, b);
        assert!(ws.projects[0]
            .materials
            .iter()
            .all(|m| m.id != a && m.id != b));
        assert_eq!(
            p.materials.last(),
            Some(&Material {
                id: b.clone(),
                name: "New item".into(),
                quantity: 1.0,
                unit_cost: 0.0,
                markup_percent: 0.0,
                optional: false,
            })
        );
        assert_valid(ws.clone(), p.clone());

        assert!(delete_material(&mut p, &a));
        assert!(!delete_material(&mut p, &a));
        assert!(delete_material(&mut p, "m2"));
        let ids: Vec<&str> = p.materials.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["m1", "m3", "m4", b.as_str()]);
        assert_valid(ws, p);

        let mut empty = project_starting("2026-01-05", vec![], vec![]);
        assert_eq!(add_material(&mut empty), "m-1");
    }

    // Pricing -----------------------------------------------------------------

    #[test]
    fn pricing_model_codes() {
        let (ws, mut p) = sample();
        for (text, model) in [
            ("time_and_materials", PricingModel::TimeAndMaterials),
            ("not_to_exceed", PricingModel::NotToExceed),
            (" Fixed_Fee ", PricingModel::FixedFee),
        ] {
            edit_pricing(&mut p, "model", text, &us()).unwrap();
            assert_eq!(p.pricing.model, model);
            assert_eq!(
                pricing_text(&p.pricing, "model", &us()),
                text.trim().to_ascii_lowercase()
            );
        }
        for bad in ["fixed", "fixed fee", "T&M", ""] {
            refused(
                &mut p,
                |p: &mut Project| edit_pricing(p, "model", bad, &us()),
                &["The pricing model must be time_and_materials, fixed_fee or not_to_exceed."],
            );
        }
        assert_valid(ws, p);
    }

    #[test]
    fn confidence_codes() {
        let (_, mut p) = sample();
        for (text, level) in [
            ("p50", Confidence::P50),
            ("P90", Confidence::P90),
            ("p80", Confidence::P80),
        ] {
            edit_pricing(&mut p, "confidence", text, &us()).unwrap();
            assert_eq!(p.pricing.confidence, level);
            assert_eq!(
                pricing_text(&p.pricing, "confidence", &us()),
                text.to_ascii_lowercase()
            );
        }
        for bad in ["p95", "80", "high"] {
            refused(
                &mut p,
                |p: &mut Project| edit_pricing(p, "confidence", bad, &us()),
                &["The confidence level must be p50, p80 or p90."],
            );
        }
    }

    #[test]
    fn contingency_is_risk_based_or_a_percentage() {
        let (ws, mut p) = sample();
        for text in ["risk", "Risk", "risk_based"] {
            p.pricing.contingency = Contingency::default();
            edit_pricing(&mut p, "contingency", text, &us()).unwrap();
            assert_eq!(p.pricing.contingency, Contingency::RiskBased);
            assert_eq!(pricing_text(&p.pricing, "contingency", &us()), "risk");
        }
        for (text, percent, style) in [
            ("10", 10.0, us()),
            ("12.5 %", 12.5, us()),
            ("7,5%", 7.5, de()),
            ("0", 0.0, us()),
        ] {
            edit_pricing(&mut p, "contingency", text, &style).unwrap();
            assert_eq!(p.pricing.contingency, Contingency::Percent { percent });
            assert_eq!(pricing_text(&p.pricing, "contingency", &us()), fmt(percent));
        }
        // Written for the page's input in the workspace's style.
        edit_pricing(&mut p, "contingency", "7,5", &de()).unwrap();
        assert_eq!(pricing_text(&p.pricing, "contingency", &de()), "7,5");
        assert_valid(ws, p.clone());
        refused(
            &mut p,
            |p: &mut Project| edit_pricing(p, "contingency", "-5 %", &us()),
            &["Contingency cannot be negative", "\"risk\" for risk-based"],
        );
        refused(
            &mut p,
            |p: &mut Project| edit_pricing(p, "contingency", "some", &us()),
            &[
                "Contingency must be \"risk\" for risk-based, or a percentage",
                "not \"some\"",
            ],
        );
        refused(
            &mut p,
            |p: &mut Project| edit_pricing(p, "contingency", " ", &us()),
            &["Contingency is empty"],
        );
    }

    #[test]
    fn cap_is_an_amount_or_nothing() {
        let (ws, mut p) = sample();
        edit_pricing(&mut p, "model", "not_to_exceed", &us()).unwrap();
        edit_pricing(&mut p, "cap", "25,000", &us()).unwrap();
        assert_eq!(p.pricing.cap, Some(25000.0));
        edit_pricing(&mut p, "cap", "25000", &us()).unwrap();
        assert_eq!(p.pricing.cap, Some(25000.0));
        assert_eq!(pricing_text(&p.pricing, "cap", &us()), "25000");
        edit_pricing(&mut p, "cap", "$ 18500.50", &us()).unwrap();
        assert_eq!(p.pricing.cap, Some(18500.5));
        edit_pricing(&mut p, "cap", "0", &us()).unwrap();
        assert_eq!(p.pricing.cap, Some(0.0));
        for bad in ["-1", "lots", "25,00"] {
            refused(
                &mut p,
                |p: &mut Project| edit_pricing(p, "cap", bad, &us()),
                &["The cap"],
            );
        }
        // The cap survives a change of model.
        edit_pricing(&mut p, "cap", "9000", &us()).unwrap();
        edit_pricing(&mut p, "model", "fixed_fee", &us()).unwrap();
        assert_eq!(p.pricing.cap, Some(9000.0));
        // Not to exceed without a cap is allowed; the quote reports it.
        edit_pricing(&mut p, "model", "not_to_exceed", &us()).unwrap();
        edit_pricing(&mut p, "cap", "  ", &us()).unwrap();
        assert_eq!(p.pricing.cap, None);
        assert_eq!(pricing_text(&p.pricing, "cap", &us()), "");
        assert_valid(ws, p.clone());
        refused(
            &mut p,
            |p: &mut Project| edit_pricing(p, "discount", "5", &us()),
            &["Unknown field \"discount\""],
        );
    }

    // Payment milestones ------------------------------------------------------

    #[test]
    fn milestones_are_drafts_that_round_trip() {
        let (ws, mut p) = sample();
        let drafts = milestone_drafts(&p, &us());
        assert_eq!(
            drafts,
            [
                row("On signature", "30", ""),
                row("New site ready", "40", "s:s-prep"),
                row("Cut-over complete", "30", "t:t10"),
            ]
        );
        set_payment_milestones(&mut p, &drafts, &us()).unwrap();
        assert_eq!(p, ws.projects[0]);
    }

    #[test]
    fn milestones_are_replaced_keeping_ids_by_position() {
        let (ws, mut p) = sample();
        let rows = [
            row(" Deposit ", "25 %", ""),
            row("Design signed off", "25", " s:s-plan "),
            row("Cut-over", "33,33", "t:t10"),
            row("Handover", "16,67", "s:s-close"),
        ];
        set_payment_milestones(&mut p, &rows, &de()).unwrap();
        let pm = |id: &str, name: &str, percent: f64, section: Option<&str>, task: Option<&str>| {
            PaymentMilestone {
                id: id.into(),
                name: name.into(),
                percent,
                section_id: section.map(String::from),
                task_id: task.map(String::from),
            }
        };
        assert_eq!(
            p.payment_milestones,
            [
                pm("pm1", "Deposit", 25.0, None, None),
                pm("pm2", "Design signed off", 25.0, Some("s-plan"), None),
                pm("pm3", "Cut-over", 33.33, None, Some("t10")),
                pm("pm-4", "Handover", 16.67, Some("s-close"), None),
            ]
        );
        assert_valid(ws.clone(), p.clone());

        // Fewer rows: the first ids stay, the rest go.
        set_payment_milestones(&mut p, &[row("All", "100", "")], &us()).unwrap();
        assert_eq!(p.payment_milestones.len(), 1);
        assert_eq!(p.payment_milestones[0].id, "pm1");
        // Growing again never reuses a taken id.
        set_payment_milestones(&mut p, &[row("A", "50", ""), row("B", "50", "")], &us()).unwrap();
        assert_eq!(p.payment_milestones[1].id, "pm-2");
        assert_valid(ws.clone(), p.clone());

        // No rows: no payment schedule.
        set_payment_milestones(&mut p, &[], &us()).unwrap();
        assert!(p.payment_milestones.is_empty());
        assert_valid(ws, p);
    }

    #[test]
    fn milestones_totalling_90_are_refused_with_the_total() {
        let (_, mut p) = sample();
        let rows = [
            row("On signature", "30", ""),
            row("Site ready", "30", "s:s-prep"),
            row("Done", "30", "s:s-close"),
        ];
        let e = refused(
            &mut p,
            |p: &mut Project| set_payment_milestones(p, &rows, &us()),
            &["Percentages total 90 %, they must total 100 %."],
        );
        assert!(!e.contains("Row"), "{e}");
        let over = [row("A", "60", ""), row("B", "50.5", "")];
        refused(
            &mut p,
            |p: &mut Project| set_payment_milestones(p, &over, &us()),
            &["Percentages total 110.5 %"],
        );
        // Within a hundredth of 100 passes, as in imports.
        let thirds = [
            row("A", "33.33", ""),
            row("B", "33.33", ""),
            row("C", "33.33", ""),
        ];
        set_payment_milestones(&mut p, &thirds, &us()).unwrap();
    }

    #[test]
    fn bad_rows_are_refused_with_their_numbers() {
        let (_, mut p) = sample();
        let rows = [
            row("On signature", "30", "s:s-nope"),
            row("Site ready", "forty", "s:s-prep"),
            row("  ", "20", "t:t10"),
            row("Cut-over", "120", "t:t-gone"),
            row("Docs", "", "x:1"),
        ];
        let e = refused(
            &mut p,
            |p: &mut Project| set_payment_milestones(p, &rows, &us()),
            &[],
        );
        let lines: Vec<&str> = e.lines().collect();
        assert_eq!(
            lines,
            [
                "Row 1: it is tied to a section that no longer exists; choose another section, a task or nothing.",
                "Row 2: the percentage must be a number from 0 to 100, not \"forty\".",
                "Row 3: the name is blank; write what the payment is for, such as On signature.",
                "Row 4: the percentage must be from 0 to 100, not 120.",
                "Row 4: it is tied to a task that no longer exists; choose another task, a section or nothing.",
                "Row 5: the percentage is empty; enter a number from 0 to 100.",
                "Row 5: it is tied to \"x:1\", which is neither a section (s:<id>) nor a task (t:<id>).",
            ]
        );
        // With every percentage readable, the total is reported too.
        let rows = [row("A", "-10", ""), row("", "50", "")];
        let e = refused(
            &mut p,
            |p: &mut Project| set_payment_milestones(p, &rows, &us()),
            &[],
        );
        assert_eq!(
            e.lines().collect::<Vec<_>>(),
            [
                "Row 1: the percentage must be from 0 to 100, not -10.",
                "Row 2: the name is blank; write what the payment is for, such as On signature.",
                "Percentages total 40 %, they must total 100 %.",
            ]
        );
    }

    #[test]
    fn suggested_milestones_for_the_sample() {
        let (ws, mut p) = sample();
        let rows = suggested_milestones(&p);
        // Half of the 77.8 expected hours is 38.9: the end of "Prepare the
        // new site" (35.7 h) is nearer than the cut-over (66.2 h).
        assert_eq!(
            rows,
            [
                row("On signature", "30", ""),
                row("On completion of Prepare the new site", "40", "s:s-prep"),
                row("On completion", "30", "s:s-close"),
            ]
        );
        assert_eq!(total(&rows), 100.0);
        p.payment_milestones.clear();
        set_payment_milestones(&mut p, &rows, &us()).unwrap();
        assert_valid(ws, p);
    }

    #[test]
    fn suggested_milestones_prefer_a_milestone_task_at_the_same_point() {
        let (ws, mut p) = sample();
        // Move the cut-over milestone to the end of "Prepare the new site".
        let t10 = p.tasks.iter().position(|t| t.id == "t10").unwrap();
        let mut cut_over = p.tasks.remove(t10);
        cut_over.section_id = "s-prep".into();
        let after_prep = p.tasks.iter().position(|t| t.id == "t6").unwrap() + 1;
        p.tasks.insert(after_prep, cut_over);
        let rows = suggested_milestones(&p);
        assert_eq!(rows[1], row("Cut-over complete", "40", "t:t10"));
        set_payment_milestones(&mut p, &rows, &us()).unwrap();
        assert_valid(ws, p);
    }

    #[test]
    fn suggested_milestones_for_small_plans() {
        let task =
            |id: &str, hours: f64| Task::new(id, "s", id, "r", Estimate::new(hours, hours, hours));
        // One section, no milestone: half up front, half at the end.
        let mut p = project_starting("2026-01-05", vec![task("a", 4.0), task("b", 4.0)], vec![]);
        let rows = suggested_milestones(&p);
        assert_eq!(
            rows,
            [
                row("On signature", "50", ""),
                row("On completion", "50", "s:s")
            ]
        );
        set_payment_milestones(&mut p, &rows, &us()).unwrap();

        // A milestone inside the one section takes the middle payment; one
        // at the very end does not.
        let mut gate = task("g", 0.0);
        gate.milestone = true;
        gate.name = "Hardware installed".into();
        let mut last = gate.clone();
        last.id = "z".into();
        p.tasks = vec![task("a", 4.0), gate, task("b", 4.0), last];
        let rows = suggested_milestones(&p);
        assert_eq!(
            rows,
            [
                row("On signature", "30", ""),
                row("Hardware installed", "40", "t:g"),
                row("On completion", "30", "s:s"),
            ]
        );
        set_payment_milestones(&mut p, &rows, &us()).unwrap();

        // No hours at all: tasks count one each.
        p.tasks = vec![task("a", 0.0), task("b", 0.0), task("c", 0.0)];
        p.sections.push(Section {
            id: "s2".into(),
            name: "Close".into(),
        });
        p.tasks[2].section_id = "s2".into();
        let rows = suggested_milestones(&p);
        assert_eq!(rows[1], row("On completion of S", "40", "s:s"));
        assert_eq!(rows[2], row("On completion", "30", "s:s2"));
        set_payment_milestones(&mut p, &rows, &us()).unwrap();

        // No sections: nothing to tie to.
        p.sections.clear();
        p.tasks.clear();
        p.payment_milestones.clear();
        let rows = suggested_milestones(&p);
        assert_eq!(
            rows,
            [
                row("On signature", "50", ""),
                row("On completion", "50", "")
            ]
        );
        set_payment_milestones(&mut p, &rows, &us()).unwrap();
        assert_eq!(p.payment_milestones.len(), 2);
    }

    // Scope -------------------------------------------------------------------

    #[test]
    fn edit_scope_trims_lines_and_drops_blank_ones() {
        let (ws, mut p) = sample();
        edit_scope(
            &mut p,
            "assumptions",
            "  Power is ready by 8 January  \r\n\n\t\nThe lift can be booked\n",
        )
        .unwrap();
        assert_eq!(
            p.scope.assumptions,
            ["Power is ready by 8 January", "The lift can be booked"]
        );
        edit_scope(&mut p, "not_included", "Cabling in walls\n  \nFurniture").unwrap();
        assert_eq!(p.scope.not_included, ["Cabling in walls", "Furniture"]);
        // The summary keeps its lines, one paragraph each.
        edit_scope(
            &mut p,
            "summary",
            "\n  Move the office.  \n\n  Support on day one.\n",
        )
        .unwrap();
        assert_eq!(p.scope.summary, "Move the office.\nSupport on day one.");
        // Non-ASCII text is kept as typed.
        edit_scope(&mut p, "assumptions", "Zoë’s team — 東京 office").unwrap();
        assert_eq!(p.scope.assumptions, ["Zoë’s team — 東京 office"]);
        assert_valid(ws, p);
    }

    #[test]
    fn edit_scope_with_nothing_clears_the_field() {
        let (ws, mut p) = sample();
        assert!(!p.scope.assumptions.is_empty() && !p.scope.summary.is_empty());
        edit_scope(&mut p, "assumptions", " \n \n").unwrap();
        edit_scope(&mut p, "not_included", "").unwrap();
        edit_scope(&mut p, "summary", "   ").unwrap();
        assert!(p.scope.assumptions.is_empty() && p.scope.not_included.is_empty());
        assert_eq!(p.scope.summary, "");
        assert_valid(ws, p);
    }

    #[test]
    fn edit_scope_refuses_long_text_and_unknown_fields() {
        let (_, mut p) = sample();
        // 20,000 characters are accepted, counted as characters, not bytes.
        let most = "é".repeat(20_000);
        edit_scope(&mut p, "summary", &most).unwrap();
        assert_eq!(p.scope.summary, most);
        let e = refused(
            &mut p,
            |p| edit_scope(p, "assumptions", &"a".repeat(20_001)),
            &["assumptions", "20001 characters", "at most 20000"],
        );
        assert!(e.ends_with('.'), "a sentence: {e}");
        refused(
            &mut p,
            |p| edit_scope(p, "summary", &format!("{}\n", "x".repeat(20_000))),
            &["The summary is 20001 characters"],
        );
        refused(
            &mut p,
            |p| edit_scope(p, "scope", "text"),
            &[
                "Unknown field \"scope\"",
                "summary, not_included and assumptions",
            ],
        );
    }
}
