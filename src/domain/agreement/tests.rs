use chrono::NaiveDateTime;

use super::*;
use crate::domain::data::sample::sample_workspace;
use crate::domain::data::testkit::matches_golden;
use crate::domain::data::testkit::{project_starting, with_simulation};
use crate::domain::model::contract::ContractKind;
use crate::domain::model::estimate::Estimate;
use crate::domain::model::project::{
    Dependency, Material, PaymentMilestone, PricingModel, Section, Task,
};
use crate::domain::model::workspace::Workspace;
use crate::domain::plan::schedule::{schedule, Calendars};

use crate::domain::text::time::format_date;

fn money(v: f64) -> String {
    format!("${}", crate::domain::text::number::money(v))
}

fn date(d: NaiveDateTime) -> String {
    format_date(d.date())
}

fn markdown(a: &Agreement) -> String {
    to_markdown(a, &money, &date)
}

fn sample() -> (Workspace, usize) {
    let ws = sample_workspace();
    let i = ws
        .projects
        .iter()
        .position(|p| p.id == "p-northwind-move")
        .unwrap();
    (ws, i)
}

fn none() -> AgreementOptions {
    AgreementOptions::default()
}

fn taking(ids: &[&str]) -> AgreementOptions {
    AgreementOptions {
        included_options: ids.iter().map(|s| s.to_string()).collect(),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn sample_agreement_matches_golden() {
    let (ws, i) = sample();
    let a = agreement(&ws, &ws.projects[i], &none());
    matches_golden("agreement-sample.md", &markdown(&a));
}

#[test]
fn the_sample_agreement_has_every_part() {
    let (ws, i) = sample();
    let p = &ws.projects[i];
    let a = agreement(&ws, p, &none());
    assert_eq!(a.provider, ws.name);
    assert_eq!(a.client.as_ref().unwrap().name, "Northwind Logistics");
    assert_eq!(
        a.request.as_deref(),
        Some("Move head office to the new Dock Road building")
    );
    assert_eq!(a.contract.as_ref().unwrap().kind, ContractKind::Msa);
    assert_eq!(a.included.len(), p.sections.len());
    // Client language: the design task is listed by its client text.
    assert_eq!(
        a.included[0].items[1].text,
        "Design of the new office network and cabling"
    );
    assert!(a.included[2].items.iter().any(|i| i.milestone));
    let plan = a.timeline.plan.as_ref().unwrap();
    assert_eq!(plan.milestones.len(), 1);
    assert_eq!(plan.finish.p80, None);
    assert!(plan
        .finish
        .note
        .as_deref()
        .unwrap()
        .contains("none has been run"));
    // The finish is the schedule's.
    let s = schedule(p, &Calendars::for_project(&ws, p)).unwrap();
    assert_eq!(plan.finish.p50, s.finish);
    assert_eq!(a.timeline.start, s.start);
    // Payments: amounts are shares of the price and add up to it.
    let price = a.price.as_ref().unwrap();
    assert_eq!(price.model, PricingModel::FixedFee);
    let paid: f64 = a.payments.iter().map(|p| p.amount.unwrap()).sum();
    assert!(close(paid, price.total));
    assert_eq!(a.payments[0].trigger, Trigger::Signature);
    assert_eq!(
        a.payments[1].trigger,
        Trigger::Section("Prepare the new site".into())
    );
    assert_eq!(
        a.payments[2].trigger,
        Trigger::Task {
            name: "Cut-over complete".into(),
            milestone: true
        }
    );
    // The headings come in the order of PRODUCT.md.
    let md = markdown(&a);
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        headings,
        [
            "## Parties",
            "## Project",
            "## Summary",
            "## Scope: included",
            "## Scope: not included",
            "## Optional items",
            "## Assumptions",
            "## Timeline",
            "## Price",
            "## Payment schedule",
            "## Governing contract",
            "## Changes to scope",
            "## Sign-off",
        ]
    );
    // No hours in the client's document.
    assert!(!md.contains(" h ") && !md.contains("hours)"));
}

#[test]
fn taking_an_optional_item_adds_its_price_to_the_total() {
    let (ws, i) = sample();
    let p = &ws.projects[i];
    let without = agreement(&ws, p, &none());
    let with = agreement(&ws, p, &taking(&["m4", "no-such-item"]));
    let ups = &with.optional[0];
    assert!(ups.included && !without.optional[0].included);
    // 980 + 15 %.
    assert!(close(ups.price, 1127.0));
    let (a, b) = (without.price.clone().unwrap(), with.price.clone().unwrap());
    assert_eq!(a.price, b.price);
    assert!(close(b.total - a.total, ups.price));
    assert!(close(b.options, ups.price) && a.options == 0.0);
    // The payments follow the total.
    let paid: f64 = with.payments.iter().map(|p| p.amount.unwrap()).sum();
    assert!(close(paid, b.total));
    let md = markdown(&with);
    assert!(md.contains("| UPS for the new rack | $1127 | Yes |"));
    assert!(md.contains("- **Optional items taken:** $1127\n"));
    assert!(md.contains(&format!("- **Total:** {}\n", money(b.total))));
    assert!(markdown(&without).contains("| UPS for the new rack | $1127 | No |"));
}

#[test]
fn time_and_materials_and_not_to_exceed_state_their_range_and_cap() {
    let (mut ws, i) = sample();
    ws.projects[i].pricing.model = PricingModel::TimeAndMaterials;
    let p = &ws.projects[i];
    let a = agreement(&ws, p, &taking(&["m4"]));
    let terms = a.price.as_ref().unwrap();
    let md = markdown(&a);
    assert!(md.contains(&format!(
        "- **Range:** {} (P50) to {} (P90)\n",
        money(terms.low),
        money(terms.high)
    )));
    assert!(md.contains("**Expected total:**"));
    assert!(md.contains("the final invoice follows the hours actually worked"));

    // Not to exceed without a cap: the price is refused, with the reason,
    // and the payments have no amounts.
    ws.projects[i].pricing.model = PricingModel::NotToExceed;
    let p = &ws.projects[i];
    let a = agreement(&ws, p, &none());
    assert_eq!(a.price, Err("a not-to-exceed price needs a cap".into()));
    assert!(a.payments.iter().all(|p| p.amount.is_none()));
    let md = markdown(&a);
    assert!(md.contains("The price cannot be stated yet: a not-to-exceed price needs a cap.\n"));
    assert!(md.contains("| On signature | On signature | 30 % | — |"));

    ws.projects[i].pricing.cap = Some(20000.0);
    let p = &ws.projects[i];
    let md = markdown(&agreement(&ws, p, &taking(&["m4"])));
    assert!(md.contains("- **Cap:** $20000\n"));
    assert!(md.contains("- **Optional items taken:** $1127, on top of the cap\n"));
    assert!(md.contains(", at most $21127\n"));
}

#[test]
fn without_client_request_or_contract_the_document_says_so() {
    let ws = Workspace::empty("Solo IT");
    let project = project_starting(
        "2027-03-01",
        vec![Task::new(
            "t1",
            "s",
            "Install",
            "nobody",
            Estimate::new(1.0, 2.0, 3.0),
        )],
        vec![],
    );
    let a = agreement(&ws, &project, &none());
    assert_eq!((&a.client, &a.request, &a.contract), (&None, &None, &None));
    let md = markdown(&a);
    for said in [
        "- **Client:** none: this is an internal project\n",
        "- **Reference request:** none: the project was not created from a request\n",
        "None: no master services agreement or SLA governs this project",
        "No summary has been written for this project.",
        "No exclusions are listed.",
        "No optional items are offered.",
        "No assumptions are listed.",
        "No payment schedule is set.",
        "| | For Solo IT | For the internal sponsor |",
    ] {
        assert!(md.contains(said), "missing {said:?} in\n{md}");
    }
    // No label is left without a value, no heading without content.
    for line in md.lines() {
        assert!(!line.ends_with(":**"), "blank field: {line}");
    }
    let lines: Vec<&str> = md.lines().collect();
    for (k, line) in lines.iter().enumerate() {
        if line.starts_with("## ") {
            assert!(!lines[k + 2].starts_with("## "), "empty section {line}");
        }
    }
    // A client without a contact says so too.
    let mut ws = sample_workspace();
    ws.clients[1].contact = "  ".into();
    let md = markdown(&agreement(&ws, &ws.projects[0], &none()));
    assert!(md.contains("- **Client contact:** none given\n"));
}

#[test]
fn user_text_is_escaped_and_non_ascii_kept() {
    let mut ws = Workspace::empty("Zoë & Søn IT_");
    ws.name = "Zoë & Søn *IT*".into();
    let mut project = project_starting(
        "2027-03-01",
        vec![
            Task::new(
                "t1",
                "s",
                "Cut-over | phase *2*",
                "r",
                Estimate::new(1.0, 1.0, 1.0),
            ),
            Task::new(
                "t2",
                "s",
                "- [x] 1. #tag `code` a_b ~x~ <b>",
                "r",
                Estimate::new(1.0, 1.0, 1.0),
            ),
            Task::new(
                "t3",
                "s",
                "2027. Année de l’été 東京",
                "r",
                Estimate::new(1.0, 1.0, 1.0),
            ),
        ],
        vec![Dependency::fs("t1", "t2")],
    );
    project.name = "Déménagement #1 | Zürich".into();
    project.sections = vec![Section {
        id: "s".into(),
        name: "Phase [one] \\ two".into(),
    }];
    project.tasks[0].milestone = true;
    project.scope.summary = "> quoted?\n\n+ plus\n---".into();
    project.materials = vec![Material {
        id: "m".into(),
        name: "UPS | 2 *spare*".into(),
        quantity: 1.0,
        unit_cost: 100.0,
        markup_percent: 0.0,
        optional: true,
    }];
    project.payment_milestones = vec![PaymentMilestone {
        id: "pm".into(),
        name: "All | at once".into(),
        percent: 100.0,
        section_id: None,
        task_id: Some("t1".into()),
    }];
    let md = markdown(&agreement(&ws, &project, &none()));
    for said in [
        "# Project agreement: Déménagement \\#1 \\| Zürich\n",
        "- **Provider:** Zoë & Søn \\*IT\\*\n",
        "### Phase \\[one\\] \\\\ two\n",
        "- Cut-over \\| phase \\*2\\* *(milestone)*\n",
        "- \\- \\[x\\] 1. \\#tag \\`code\\` a\\_b \\~x\\~ \\<b>\n",
        "- 2027\\. Année de l’été 東京\n",
        "\n\\> quoted?\n\n\\+ plus\n\n\\---\n",
        "| UPS \\| 2 \\*spare\\* | $100 | No |",
        "| All \\| at once | At the milestone “Cut-over \\| phase \\*2\\*” | 100 % |",
        "- **Milestone “Cut-over \\| phase \\*2\\*”:** 2027-03-01\n",
        "| | For Zoë & Søn \\*IT\\* | For the internal sponsor |",
    ] {
        assert!(md.contains(said), "missing {said:?} in\n{md}");
    }
}

#[test]
fn a_plan_with_a_cycle_still_gives_a_document_with_the_reason() {
    let (mut ws, i) = sample();
    ws.projects[i]
        .dependencies
        .push(Dependency::fs("t12", "t1"));
    let p = &ws.projects[i];
    let a = agreement(&ws, p, &none());
    let reason = a.timeline.plan.as_ref().unwrap_err();
    assert!(reason.starts_with("These tasks depend on each other in a circle: "));
    assert!(reason.ends_with('.'));
    assert_eq!(a.timeline.start.date(), p.start);
    let md = markdown(&a);
    assert!(md.contains("- **Start:** 2027-01-04\n\nThe timeline cannot be computed. These tasks depend on each other in a circle: "));
    // Everything else is there.
    assert!(md.contains("## Price\n\n- **Pricing model:** Fixed fee — "));
    assert!(md.contains("## Sign-off"));
}

#[test]
fn p80_comes_from_a_current_simulation_and_an_old_one_is_noted() {
    let (ws, i) = sample();
    let ws = with_simulation(ws, i, 42, 200);
    let p = &ws.projects[i];
    let sim = p.simulation.clone().unwrap();
    let a = agreement(&ws, p, &none());
    let finish = &a.timeline.plan.as_ref().unwrap().finish;
    assert_eq!(finish.p50, sim.finish.p50);
    assert_eq!(finish.p80, Some(sim.finish.p80));
    assert_eq!((finish.iterations, &finish.note), (Some(200), &None));
    let md = markdown(&a);
    assert!(md.contains(&format!(
        "- **Expected finish (P50):** {}\n- **Finish at 80 % confidence (P80):** {}\n\nP50 and P80 come from a simulation of 200 runs",
        date(sim.finish.p50),
        date(sim.finish.p80)
    )));

    // A changed estimate makes the stored run out of date: the
    // scheduled finish, and the note.
    let mut ws = ws;
    ws.projects[i].tasks[0].estimate = Estimate::new(10.0, 20.0, 40.0);
    let p = &ws.projects[i];
    let a = agreement(&ws, p, &none());
    let finish = &a.timeline.plan.as_ref().unwrap().finish;
    let s = schedule(p, &Calendars::for_project(&ws, p)).unwrap();
    assert_eq!(
        (finish.p50, finish.p80, finish.iterations),
        (s.finish, None, None)
    );
    let md = markdown(&a);
    assert!(md.contains("needs a new simulation: the plan has changed since the last one."));
    assert!(!md.contains("(P80):**"));
}

fn quote_text(ws: &Workspace, i: usize) -> String {
    let p = &ws.projects[i];
    let a = agreement(ws, p, &none());
    let q = crate::domain::estimate::pricing::quote(ws, p);
    let hours = |v: f64| format!("{} h", crate::domain::text::number::one_decimal(v));
    blocks_to_markdown(&quote_blocks(&a, &q, &money, &hours, &date))
}

#[test]
fn the_quote_shows_the_client_scope_hours_and_price_and_nothing_internal() {
    let (mut ws, i) = sample();
    ws.projects[i].pricing.model = PricingModel::TimeAndMaterials;
    let text = quote_text(&ws, i);
    let q = crate::domain::estimate::pricing::quote(&ws, &ws.projects[i]);
    assert!(text.starts_with("# Quote: "), "{text}");
    for part in [
        "## Summary",
        "## Scope: included",
        "## Estimate by section",
        "| Section | Estimated hours | Estimated price |",
        "## Price",
        "## Payment schedule",
        "## Timeline",
    ] {
        assert!(text.contains(part), "{part} missing in\n{text}");
    }
    // Each section with its hours and price, and the total at the expected price.
    for s in q.sections.iter().filter(|s| s.tasks > 0) {
        assert!(text.contains(&money(s.labour_price)), "{}", s.name);
    }
    assert!(text.contains(&money(q.expected_price)));
    for internal in [
        "cost",
        "Cost",
        "margin",
        "Margin",
        "markup",
        "contingency",
        "rate card ",
        "bill rate",
    ] {
        assert!(!text.contains(internal), "{internal} in\n{text}");
    }
    for part in ["## Parties", "## Sign-off", "## Governing contract"] {
        assert!(!text.contains(part), "{part} in a quote");
    }
}

#[test]
fn a_fixed_fee_quote_shows_hours_per_section_and_one_price() {
    let (mut ws, i) = sample();
    ws.projects[i].pricing.model = PricingModel::FixedFee;
    let text = quote_text(&ws, i);
    assert!(text.contains("| Section | Estimated hours |\n"), "{text}");
    assert!(!text.contains("Estimated price"));
    assert!(text.contains("The fixed fee below covers this scope"));
    let q = crate::domain::estimate::pricing::quote(&ws, &ws.projects[i]);
    let fee = q.priced.as_ref().unwrap().price;
    assert!(
        text.contains(&format!("**Price:** {}", money(fee))),
        "{text}"
    );
}

#[test]
fn a_not_to_exceed_quote_says_the_cap_bounds_the_estimate() {
    let (mut ws, i) = sample();
    ws.projects[i].pricing.model = PricingModel::NotToExceed;
    ws.projects[i].pricing.cap = Some(15000.0);
    let text = quote_text(&ws, i);
    assert!(
        text.contains("| Section | Estimated hours | Estimated price |"),
        "{text}"
    );
    assert!(text.contains("never beyond the cap below"));
    assert!(
        text.contains(&format!("**Cap:** {}", money(15000.0))),
        "{text}"
    );
}
