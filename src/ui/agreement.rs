//! The project agreement page.

use leptos::prelude::*;

#[component]
pub fn AgreementView(id: String) -> impl IntoView {
    let _ = id;
    view! { <div data-testid="agreement"></div> }
}
