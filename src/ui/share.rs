//! A share link's read-only preview, with "Import into my workspace".

use leptos::prelude::*;

#[component]
pub fn SharePreview(payload: String) -> impl IntoView {
    let _ = payload;
    view! { <section class="view"><h1>"Shared project"</h1></section> }
}
