//! The estimate page: hours, cost and price per section, role and in total,
//! the materials, the pricing model, the payment schedule, actuals, and the
//! Monte Carlo simulation with its charts. Every figure carries its formula
//! and inputs, as a line under it or as the cell's tooltip.
//!
//! The parts, by concern: `cards` (the figures, `view!`), `controls` (the
//! pricing form and the payment-schedule editor, `view!`), `tables`
//! (sections, roles, materials as markup text through `Markup`),
//! `simulation` (the run in Web Workers, or on the page in slices of about
//! 16 ms between which it responds, and its results), `workers` (the Web
//! Workers of a run) and `charts` (histogram and S-curve as SVG text). This file holds the page and its delegated listeners, one per
//! event kind on its root.

mod cards;
mod charts;
mod controls;
mod quote;
mod simulation;
mod tables;
mod workers;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::estimate::formula::Unit;
use crate::domain::estimate::pricing::quote;
use crate::domain::estimate::simulate::{inputs_fingerprint, Simulation};
use crate::domain::estimate::terms::{self, MilestoneDraft};
use crate::domain::model::project::Project;
use crate::domain::model::settings::Settings;
use crate::domain::text::number::NumberStyle;
use crate::store::files::project_storage_json;
use crate::store::Store;
use crate::ui::browser;
use crate::ui::components::figures::letterhead;
use crate::ui::markup::{attr, element, input_value, replace_keeping_focus, value_of, Markup};

use controls::PaymentSchedule;
use simulation::{run_settings, simulation_results, Runner};

/// Money, hours and percentages in the workspace's locale and currency.
pub struct Figures<'a> {
    pub locale: &'a str,
    pub currency: &'a str,
    /// How the locale types numbers, for the values put into inputs.
    pub style: NumberStyle,
}

impl<'a> Figures<'a> {
    /// The workspace's locale, currency and number style.
    pub fn of(settings: &'a Settings) -> Figures<'a> {
        Figures {
            locale: &settings.locale,
            currency: &settings.currency,
            style: settings.number_style(),
        }
    }

    pub fn money(&self, v: f64) -> String {
        browser::money(self.locale, self.currency, v)
    }
    pub fn hours(&self, v: f64) -> String {
        format!("{} h", browser::number(self.locale, v, 1))
    }
    /// A number of a formula, written as the figure it produces is: hours
    /// as figures with one decimal, operands and factors with up to two.
    pub fn show(&self, v: f64, unit: Unit) -> String {
        match unit {
            Unit::Factor | Unit::Amount => browser::number(self.locale, v, 2),
            Unit::Hours => self.hours(v),
            Unit::Money => self.money(v),
            Unit::Percent => self.percent(Some(v)),
        }
    }
    pub fn percent(&self, v: Option<f64>) -> String {
        v.map_or("—".into(), |v| {
            format!("{} %", browser::number(self.locale, v * 100.0, 1))
        })
    }
}

/// The text typed into a field that was refused, else `saved`; and whether
/// the field is to be marked invalid.
/// How a refused payment schedule's message starts.
const PAYMENT_REFUSED: &str = "Payment schedule not saved: ";

pub fn draft_or(drafts: &[(String, String)], key: &str, saved: &str) -> (String, bool) {
    match drafts.iter().find(|(k, _)| k == key) {
        Some((_, t)) => (t.clone(), true),
        None => (saved.to_string(), false),
    }
}

#[component]
pub fn EstimateView(id: String) -> impl IntoView {
    let store = expect_context::<Store>();
    let id = StoredValue::new(id);
    let error = RwSignal::new(None::<String>);
    let drafts = RwSignal::new(Vec::<(String, String)>::new());
    let ms_rows = RwSignal::new(None::<Vec<MilestoneDraft>>);
    // Refused numbers and unsaved invoice rows wait here for the user's return.
    id.with_value(|id| {
        crate::ui::drafts::keep(format!("{id}/estimate-fields"), drafts, |d| !d.is_empty());
        crate::ui::drafts::keep(format!("{id}/payments"), ms_rows, Option::is_some);
    });
    let tables = NodeRef::<leptos::html::Div>::new();
    let results = NodeRef::<leptos::html::Div>::new();
    let error_line = NodeRef::<leptos::html::P>::new();
    let runner = Runner {
        store,
        id,
        sim: StoredValue::new_local(None),
        pool: StoredValue::new_local(None),
        progress: RwSignal::new(None),
        workers: RwSignal::new(None),
        longest: RwSignal::new(0),
        message: RwSignal::new(None),
    };
    let exists = move || {
        store
            .workspace
            .with(|ws| id.with_value(|id| ws.project(id).is_some()))
    };

    // The quote, worked out once per change for the cards, the tables and
    // the payment schedule.
    let quoted = Memo::new(move |_| {
        store
            .workspace
            .with(|ws| id.with_value(|id| ws.project(id)).map(|p| quote(ws, p)))
    });
    // The cards: nothing in them takes the focus, so they are drawn anew.
    let summary = move || {
        let q = quoted.get()?;
        store.workspace.with(|ws| {
            let p = id.with_value(|id| ws.project(id))?;
            let f = Figures::of(&ws.settings);
            Some(cards::summary(p, &q, &f))
        })
    };
    // The quote as printed: the letterhead and the client's view of the
    // estimate (scope, hours, price, terms), nothing internal.
    let printed_head = move || {
        store.workspace.with(|ws| {
            id.with_value(|id| ws.project(id))
                .map(|p| letterhead(ws, p, "Quote"))
        })
    };
    let printed = move || {
        let q = quoted.get()?;
        store.workspace.with(|ws| {
            let p = id.with_value(|id| ws.project(id))?;
            let f = Figures::of(&ws.settings);
            Some(quote::client_quote(ws, p, &q, &f))
        })
    };
    let actuals = move || {
        store.workspace.with(|ws| {
            let p = id.with_value(|id| ws.project(id))?;
            let f = Figures::of(&ws.settings);
            Some(cards::actuals(p, &f))
        })
    };

    // The message and the fields it is about (`aria-invalid`, the text kept
    // as typed) are written in the same animation frame, so nobody ever sees
    // one without the other: the tables go in on the next frame, and a
    // message drawn by an effect of its own showed up to a frame earlier.
    Effect::new(move || {
        let drafts = drafts.get();
        let message = error.get();
        let q = quoted.get();
        let (Some(el), Some(line), Some(q)) = (tables.get(), error_line.get(), q) else {
            return;
        };
        let html = store.workspace.with(|ws| {
            let p = id.with_value(|id| ws.project(id))?;
            let f = Figures::of(&ws.settings);
            let mut out = Markup::with_capacity(12_000);
            controls::pricing_form(&mut out, &p.pricing, &f.style, &drafts);
            tables::sections_table(&mut out, &q, &f);
            tables::roles_table(&mut out, ws, &q, &f);
            tables::materials_table(&mut out, p, &q, &f, &drafts);
            Some(out.into_string())
        });
        replace_keeping_focus(&el, html.unwrap_or_default(), move |_| {
            line.set_text_content(message.as_deref())
        });
    });
    Effect::new(move || {
        let Some(el) = results.get() else { return };
        let html = store.workspace.with(|ws| {
            id.with_value(|id| ws.project(id)).map(|p| {
                let f = Figures::of(&ws.settings);
                simulation_results(ws, p, &f).into_string()
            })
        });
        el.set_inner_html(&html.unwrap_or_default());
    });

    // Commits one field; a refusal keeps the text typed and says why.
    let commit =
        move |key: String,
              text: String,
              change: &mut dyn FnMut(&mut Project) -> Result<(), String>| {
            let result = id.with_value(|id| store.try_edit_project(id, &mut *change));
            drafts.update(|d| {
                d.retain(|(k, _)| *k != key);
                if result.is_err() {
                    d.push((key, text));
                }
            });
            error.set(result.err());
        };
    // The milestone rows as typed.
    let read_rows = move || -> Vec<MilestoneDraft> {
        let mut rows = vec![];
        for i in 0.. {
            let Some(name) = document().get_element_by_id(&format!("ms-{i}-name")) else {
                break;
            };
            rows.push(MilestoneDraft {
                name: value_of(&name),
                percent: input_value(&format!("ms-{i}-percent")),
                tied_to: input_value(&format!("ms-{i}-tied")),
            });
        }
        rows
    };

    let on_change = move |ev: leptos::ev::Event| {
        let Some(el) = element(&ev) else { return };
        let text = value_of(&el);
        let key = el.id();
        if el.get_attribute("data-g").is_some() {
            let rows = read_rows();
            // A refusal's message goes as soon as the rows would be saved.
            if error
                .with_untracked(|e| e.as_deref().is_some_and(|e| e.starts_with(PAYMENT_REFUSED)))
            {
                let fixed = store.workspace.with_untracked(|ws| {
                    let style = ws.settings.number_style();
                    id.with_value(|id| ws.project(id)).is_some_and(|p| {
                        terms::set_payment_milestones(&mut p.clone(), &rows, &style).is_ok()
                    })
                });
                if fixed {
                    error.set(None);
                }
            }
            ms_rows.set(Some(rows));
        } else if let Some(field) = el.get_attribute("data-f") {
            let Some(m) = attr(&el, "[data-m]", "data-m") else {
                return;
            };
            let style = store
                .workspace
                .with_untracked(|ws| ws.settings.number_style());
            commit(key, text.clone(), &mut |p| {
                terms::edit_material(p, &m, &field, &text, &style)
            });
        } else if let Some(field) = el.get_attribute("data-p") {
            let (field, text) = if field == "contingency-kind" {
                let percent = input_value("est-contingency");
                let value = if text == "risk" {
                    "risk".to_string()
                } else if percent.trim().is_empty() {
                    "10".into()
                } else {
                    percent
                };
                ("contingency".to_string(), value)
            } else {
                (field, text)
            };
            let style = store
                .workspace
                .with_untracked(|ws| ws.settings.number_style());
            commit(key, text.clone(), &mut |p| {
                terms::edit_pricing(p, &field, &text, &style)
            });
        }
    };

    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(el) = element(&ev) else { return };
        let Some(action) = attr(&el, "[data-act]", "data-act") else {
            return;
        };
        match action.as_str() {
            "madd" => commit(String::new(), String::new(), &mut |p| {
                terms::add_material(p);
                Ok(())
            }),
            "mdel" => {
                if let Some(m) = attr(&el, "[data-m]", "data-m") {
                    commit(String::new(), String::new(), &mut |p| {
                        terms::delete_material(p, &m);
                        Ok(())
                    });
                }
            }
            "msadd" | "msdel" | "mssuggest" => {
                let mut rows = read_rows();
                match action.as_str() {
                    "msadd" => rows.push(MilestoneDraft {
                        name: String::new(),
                        percent: String::new(),
                        tied_to: String::new(),
                    }),
                    "msdel" => {
                        if let Some(i) =
                            attr(&el, "[data-ms]", "data-ms").and_then(|i| i.parse::<usize>().ok())
                        {
                            if i < rows.len() {
                                rows.remove(i);
                            }
                        }
                    }
                    _ => {
                        rows = store.workspace.with_untracked(|ws| {
                            id.with_value(|id| ws.project(id))
                                .map(terms::suggested_milestones)
                                .unwrap_or_default()
                        })
                    }
                }
                ms_rows.set(Some(rows));
            }
            "mssave" => {
                let rows = read_rows();
                let style = store
                    .workspace
                    .with_untracked(|ws| ws.settings.number_style());
                let result = id.with_value(|id| {
                    store.try_edit_project(id, |p| terms::set_payment_milestones(p, &rows, &style))
                });
                match result {
                    Ok(()) => {
                        ms_rows.set(None);
                        error.set(None);
                    }
                    Err(e) => {
                        // The first percent that is not a number, else the
                        // first percent (the total is what is wrong).
                        let first = rows
                            .iter()
                            .position(|r| terms::row_percent(&r.percent, &style).is_err())
                            .unwrap_or(0);
                        ms_rows.set(Some(rows));
                        error.set(Some(format!("{PAYMENT_REFUSED}{e}")));
                        request_animation_frame(move || {
                            if let Some(field) =
                                document().get_element_by_id(&format!("ms-{first}-percent"))
                            {
                                let _ = field.unchecked_into::<web_sys::HtmlElement>().focus();
                            }
                        });
                    }
                }
            }
            "msrevert" => {
                ms_rows.set(None);
                error.set(None);
            }
            "simrun" => match run_settings(
                &store
                    .workspace
                    .with_untracked(|ws| ws.settings.number_style()),
            ) {
                Err(e) => runner.message.set(Some(e)),
                Ok((iterations, seed)) => {
                    let clicked = js_sys::Date::now();
                    browser::mark("msp:simulate-start");
                    let made = store.workspace.with_untracked(|ws| {
                        id.with_value(|id| ws.project(id)).map(|p| {
                            Simulation::new(ws, p, seed, iterations).map(|s| {
                                let text = project_storage_json(ws, &p.id).unwrap_or_default();
                                (s, inputs_fingerprint(ws, p), text)
                            })
                        })
                    });
                    match made {
                        Some(Ok((sim, inputs, text))) => {
                            simulation::start(runner, sim, inputs, text, seed, clicked)
                        }
                        Some(Err(e)) => runner
                            .message
                            .set(Some(format!("The plan cannot be simulated: {e}"))),
                        None => {}
                    }
                }
            },
            "print" => {
                let _ = window().print();
            }
            "simcancel" => {
                // Every worker stops at once (`Pool`'s `Drop`).
                runner.pool.set_value(None);
                runner.sim.set_value(None);
                if let Some((done, total)) = runner.progress.get_untracked() {
                    runner.message.set(Some(format!(
                        "Cancelled after {done} of {total} iterations; the results shown are from the last complete run."
                    )));
                }
                runner.progress.set(None);
            }
            _ => {}
        }
    };

    let defaults = store.workspace.with_untracked(|ws| {
        id.with_value(|id| ws.project(id))
            .and_then(|p| p.simulation.as_ref())
            .map_or((10_000, 1), |r| (r.iterations, r.seed))
    });
    let running = move || runner.progress.with(Option::is_some);
    // Run and Cancel take each other's place: the keyboard follows.
    Effect::new(move |was: Option<bool>| {
        let now = running();
        if was.is_some_and(|was| was != now) {
            let (from, to) = if now {
                ("sim-run", "sim-cancel")
            } else {
                ("sim-cancel", "sim-run")
            };
            browser::hand_focus(from, to);
        }
        now
    });
    // The buttons stay put while the progress redraws, so a click lands.
    let progress = move || {
        let mut m = Markup::default();
        if let Some((done, total)) = runner.progress.get() {
            m.el("progress")
                .attr("data-testid", "sim-progress")
                .attr("max", total)
                .attr("value", done)
                .text("");
            m.text(" ")
                .el("span")
                .attr("role", "status")
                .text(format_args!("{done} of {total} iterations"));
        }
        m.into_string()
    };

    view! {
        <div class="estimate" on:change=on_change on:click=on_click>
            <p class="error-text" hidden=exists>"This project no longer exists. " <a href="#/projects">"All projects"</a></p>
            <p class="error-text" data-testid="est-error" role="alert" node_ref=error_line></p>
            <div class="row estimate-print">
                <button type="button" data-act="print" data-testid="estimate-print">"Print the quote"</button>
                <span class="hint">"What the client sees: scope, hours, price and terms; never cost, margin or rates."</span>
            </div>
            {summary}
            <div node_ref=tables></div>
            <PaymentSchedule id=id edited=ms_rows quoted=quoted/>
            {actuals}
            <section class="sim" data-testid="sim" data-longest-slice-ms=move || runner.longest.get().to_string()
                data-workers=move || runner.workers.get().map(|n| n.to_string())>
                <h2>"Simulation"</h2>
                <div class="row">
                    <label>"Iterations " <input id="sim-iterations" data-testid="sim-iterations" size="7" value=defaults.0.to_string()/></label>
                    <label>"Seed " <input id="sim-seed" data-testid="sim-seed" size="10" value=defaults.1.to_string()/></label>
                    <button type="button" class="primary" data-act="simrun" data-testid="sim-run" hidden=running>"Run simulation"</button>
                    <button type="button" data-act="simcancel" data-testid="sim-cancel" hidden=move || !running()>"Cancel"</button>
                    <span inner_html=progress></span>
                </div>
                <p class="hint">"The same seed and plan give the same figures on every machine."</p>
                <p class="hint" data-testid="sim-on-page" hidden=move || runner.workers.get() != Some(0)>
                    "This browser did not let the page start background workers, so the run used the page itself, in short slices: the figures are the same."
                </p>
                <p class="error-text" data-testid="sim-error" role="alert">{move || runner.message.get()}</p>
                <div node_ref=results></div>
            </section>
            <article class="agreement-doc client-quote" data-testid="client-quote">
                {printed_head}
                <div inner_html=printed></div>
            </article>
        </div>
    }
}
