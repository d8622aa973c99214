//! The project agreement page: the document the client signs, drawn from the
//! same `domain::agreement` blocks that Copy as Markdown writes, so the page,
//! the print and the copy say the same thing. Beside it: the scope's texts
//! (summary, not included, assumptions) edited in place, the optional items
//! the client takes (they change the total and the payment amounts), Print
//! and Copy as Markdown. Printed, only the document shows.

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::NaiveDateTime;
use leptos::prelude::*;

use crate::domain::agreement::{
    agreement, blocks, blocks_to_markdown, Agreement, AgreementOptions, Block, Span,
};
use crate::domain::estimate::terms;
use crate::store::Store;
use crate::ui::browser;
use crate::ui::components::figures::letterhead;

thread_local! {
    /// The optional items taken, per project, for as long as the page is
    /// open: leaving the agreement and coming back keeps the choice.
    static TAKEN: RefCell<HashMap<String, Vec<String>>> = RefCell::new(HashMap::new());
}

fn taken_for(id: &str) -> Vec<String> {
    TAKEN.with(|t| t.borrow().get(id).cloned().unwrap_or_default())
}

/// The agreement and its blocks with the workspace's money and date formats.
fn document(
    store: Store,
    id: &str,
    taken: &[String],
) -> Option<(Agreement, Vec<Block>, String, String)> {
    store.workspace.with(|ws| {
        let project = ws.project(id)?;
        let options = AgreementOptions {
            included_options: taken.to_vec(),
        };
        let a = agreement(ws, project, &options);
        let locale = ws.settings.locale.clone();
        let currency = ws.settings.currency.clone();
        let money = |v: f64| browser::money(&locale, &currency, v);
        let date = |d: NaiveDateTime| browser::date(&locale, d.date());
        let b = blocks(&a, &money, &date);
        let total = match &a.price {
            Ok(p) => money(p.total),
            Err(_) => "—".into(),
        };
        let why = match &a.price {
            Ok(p) if p.options > 0.0 => format!(
                "{} price {} + optional items taken {}",
                crate::domain::agreement::model_name(p.model),
                money(p.price),
                money(p.options)
            ),
            Ok(p) => format!(
                "{} price {}; no optional item taken",
                crate::domain::agreement::model_name(p.model),
                money(p.price)
            ),
            Err(why) => why.clone(),
        };
        Some((a, b, total, why))
    })
}

fn spans_view(spans: Vec<Span>) -> impl IntoView {
    spans
        .into_iter()
        .map(|s| match s {
            Span::Text(t) => view! { <span>{t}</span> }.into_any(),
            Span::Strong(t) => view! { <strong>{t}</strong> }.into_any(),
            Span::Em(t) => view! { <em>{t}</em> }.into_any(),
        })
        .collect_view()
}

fn block_view(block: Block) -> AnyView {
    match block {
        Block::Heading(1, t) => view! { <h2 class="doc-title">{t}</h2> }.into_any(),
        Block::Heading(2, t) => view! { <h3>{t}</h3> }.into_any(),
        Block::Heading(_, t) => view! { <h4>{t}</h4> }.into_any(),
        Block::Paragraph(spans) => view! { <p>{spans_view(spans)}</p> }.into_any(),
        Block::List(items) => view! {
            <ul>{items.into_iter().map(|i| view! { <li>{spans_view(i)}</li> }).collect_view()}</ul>
        }
        .into_any(),
        Block::Table(t) => {
            let numeric = t.numeric.clone();
            let class = move |i: usize| numeric.get(i).copied().unwrap_or(false).then_some("num");
            let head_class = class.clone();
            // A table wider than the screen scrolls in its own box, which the
            // keyboard must be able to reach.
            let label = format!("Table: {}", t.head.join(", "));
            view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label=label>
                    <table>
                        <thead><tr>{t.head.into_iter().enumerate().map(|(i, h)| {
                            view! { <th scope="col" class=head_class(i)>{h}</th> }
                        }).collect_view()}</tr></thead>
                        <tbody>{t.rows.into_iter().map(|r| {
                            let class = class.clone();
                            view! { <tr>{r.into_iter().enumerate().map(|(i, c)| {
                                view! { <td class=class(i)>{c}</td> }
                            }).collect_view()}</tr> }
                        }).collect_view()}</tbody>
                    </table>
                </div>
            }
            .into_any()
        }
    }
}

/// The scope texts as the editor shows them: one item per line.
fn scope_text(store: Store, id: &str, field: &str) -> String {
    store.workspace.with_untracked(|ws| {
        ws.project(id)
            .map(|p| match field {
                "summary" => p.scope.summary.clone(),
                "not_included" => p.scope.not_included.join("\n"),
                _ => p.scope.assumptions.join("\n"),
            })
            .unwrap_or_default()
    })
}

/// One scope text: kept as typed, committed when the field is left (one
/// undo step per edit, not per key), refused text kept with the reason.
#[component]
fn ScopeField(
    id: StoredValue<String>,
    field: &'static str,
    label: &'static str,
    hint: &'static str,
) -> impl IntoView {
    let store = expect_context::<Store>();
    let text = RwSignal::new(id.with_value(|id| scope_text(store, id, field)));
    let error = RwSignal::new(None::<String>);
    // Undo, redo, an import or another tab's save: show the stored text.
    Effect::new(move |seen: Option<u64>| {
        let now = store.restored.get();
        if seen.is_some_and(|s| s != now) {
            text.set(id.with_value(|id| scope_text(store, id, field)));
            error.set(None);
        }
        now
    });
    let input_id = format!("ag-{field}");
    let note_id = format!("ag-{field}-note");
    let commit = move |_| {
        let typed = text.get_untracked();
        if typed == id.with_value(|id| scope_text(store, id, field)) {
            error.set(None);
            return;
        }
        let result =
            id.with_value(|id| store.try_edit_project(id, |p| terms::edit_scope(p, field, &typed)));
        error.set(result.err());
    };
    view! {
        <div class="field">
            <label for=input_id.clone()>{label}</label>
            <textarea id=input_id data-testid=format!("agreement-{field}") rows="4"
                      aria-describedby=note_id.clone()
                      aria-invalid=move || error.with(Option::is_some).then_some("true")
                      prop:value=move || text.get()
                      on:input=move |ev| text.set(event_target_value(&ev))
                      on:change=commit></textarea>
            <span class="hint" id=note_id>{hint}</span>
            <span class="error-text" role="alert">{move || error.get()}</span>
        </div>
    }
}

#[component]
pub fn AgreementView(id: String) -> impl IntoView {
    let store = expect_context::<Store>();
    let taken = RwSignal::new(taken_for(&id));
    let id = StoredValue::new(id);
    let copied = RwSignal::new(None::<String>);
    let fallback = RwSignal::new(None::<String>);

    let doc = Memo::new(move |_| {
        let taken = taken.get();
        id.with_value(|id| document(store, id, &taken))
    });
    // The items on offer, apart from which are taken: ticking one redraws
    // nothing here, so focus stays on the box that was ticked.
    let options = Memo::new(move |_| {
        doc.with(|d| {
            d.as_ref()
                .map(|(a, ..)| {
                    a.optional
                        .iter()
                        .map(|o| (o.id.clone(), o.name.clone(), o.price))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let money = move |v: f64| {
        store
            .workspace
            .with(|ws| browser::money(&ws.settings.locale, &ws.settings.currency, v))
    };
    let toggle = move |item: String, on: bool| {
        taken.update(|t| {
            t.retain(|x| *x != item);
            if on {
                t.push(item);
            }
        });
        let now = taken.get_untracked();
        id.with_value(|id| TAKEN.with(|t| t.borrow_mut().insert(id.clone(), now)));
    };
    let markdown = move || {
        doc.with_untracked(|d| {
            d.as_ref()
                .map(|(_, b, ..)| blocks_to_markdown(b))
                .unwrap_or_default()
        })
    };
    let copy = move |_| {
        let text = markdown();
        copied.set(None);
        fallback.set(None);
        leptos::task::spawn_local(async move {
            match browser::copy_text(&text).await {
                Ok(()) => copied.set(Some(
                    "Copied the agreement as Markdown: paste it into an email, a ticket or a document."
                        .into(),
                )),
                Err(()) => {
                    copied.set(Some(
                        "This browser did not let the page copy. The Markdown is below, selected: press Ctrl+C (⌘C on a Mac) to copy it."
                            .into(),
                    ));
                    fallback.set(Some(text));
                }
            }
        });
    };
    // The fallback's text is selected as soon as it shows.
    let fallback_ref = NodeRef::<leptos::html::Textarea>::new();
    Effect::new(move || {
        if fallback.with(Option::is_some) {
            if let Some(el) = fallback_ref.get() {
                let _ = el.focus();
                el.select();
            }
        }
    });
    let print = move |_| {
        let _ = window().print();
    };

    view! {
        <div class="agreement-page">
            <aside class="agreement-controls" aria-label="Agreement controls">
                <p class="agreement-total">"Total to the client: "
                    <strong data-testid="project-price">{move || doc.with(|d| d.as_ref().map(|d| d.2.clone()).unwrap_or_default())}</strong>
                    <span class="hint" data-testid="agreement-total-why">{move || doc.with(|d| d.as_ref().map(|d| d.3.clone()).unwrap_or_default())}</span>
                </p>
                <div class="actions">
                    <button type="button" class="primary" data-testid="agreement-print" on:click=print>"Print"</button>
                    <button type="button" data-testid="agreement-copy" on:click=copy>"Copy as Markdown"</button>
                </div>
                <p role="status" data-testid="agreement-copied">{move || copied.get()}</p>
                <Show when=move || fallback.with(Option::is_some)>
                    <label class="field" for="ag-markdown">"The agreement as Markdown"
                        <textarea id="ag-markdown" node_ref=fallback_ref readonly rows="8"
                                  prop:value=move || fallback.get().unwrap_or_default()></textarea>
                    </label>
                </Show>
                <fieldset data-testid="agreement-options">
                    <legend>"Optional items the client takes"</legend>
                    {move || {
                        let items = options.get();
                        if items.is_empty() {
                            return view! { <p class="hint">"This project has no optional items. Mark a material as optional on the estimate page to offer it here with its own price."</p> }.into_any();
                        }
                        items.into_iter().map(|(item, name, price)| {
                            let code = item.clone();
                            let mine = item.clone();
                            view! {
                                <label class="option">
                                    <input type="checkbox" data-testid="agreement-option" data-option=item.clone()
                                           prop:checked=move || taken.with(|t| t.contains(&mine))
                                           on:change=move |ev| toggle(code.clone(), event_target_checked(&ev))/>
                                    {name} " — " {money(price)}
                                </label>
                            }
                        }).collect_view().into_any()
                    }}
                </fieldset>
                <details class="editor">
                    <summary data-testid="agreement-edit-scope">"Edit the scope texts (summary, not included, assumptions)"</summary>
                    <ScopeField id=id field="summary" label="Summary"
                                hint="What the project delivers, in the client's words. Each line is a paragraph."/>
                    <ScopeField id=id field="not_included" label="Not included"
                                hint="One item per line: what the client might expect and is not part of this work."/>
                    <ScopeField id=id field="assumptions" label="Assumptions"
                                hint="One per line: what the price and timeline rely on."/>
                    <p class="hint">"Saved when you leave a field. The tasks listed under “Included” come from the plan: a task's client text, else its name."</p>
                </details>
            </aside>
            <article class="agreement-doc" data-testid="agreement">
                {move || store.workspace.with(|ws| id.with_value(|id| ws.project(id)).map(|p| letterhead(ws, p, "Project agreement")))}
                {move || doc.get().map(|(_, b, ..)| b.into_iter().map(block_view).collect_view())}
                <footer class="print-footer">{move || store.workspace.with(|ws| ws.name.clone())}</footer>
            </article>
        </div>
    }
}
