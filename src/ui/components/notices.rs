//! Banners for what the user must know: storage problems, recovered data,
//! import results, another tab's save. Each carries its own actions.

use leptos::prelude::*;

use crate::store::state::{Notice, NoticeAction, NoticeKind};
use crate::store::Store;
use crate::ui::browser::download;
use crate::ui::route::Route;

#[component]
pub fn Notices() -> impl IntoView {
    let store = expect_context::<Store>();
    // The notices of the view on screen and of the whole workspace.
    let route = expect_context::<RwSignal<Route>>();
    let shown = move || {
        let here = route.with(Route::href);
        store
            .notices
            .get()
            .into_iter()
            .filter(|n| n.scope.as_ref().is_none_or(|s| *s == here))
            .map(|notice| notice_view(store, notice))
            .collect_view()
    };
    view! {
        <div class="notices" aria-live="polite">
            // A plain list rather than a keyed <For>: there are few notices, and
            // the keyed diff would cost more bundle than it saves in work.
            {shown}
        </div>
    }
}

fn notice_view(store: Store, notice: Notice) -> impl IntoView {
    let id = notice.id;
    view! {
        <div class="notice" data-testid="notice"
             class:error=notice.kind == NoticeKind::Error
             class:warning=notice.kind == NoticeKind::Warning
             role=if notice.kind == NoticeKind::Error { "alert" } else { "status" }>
            <p>{notice.text}</p>
            <div class="actions">
                {notice.actions.into_iter().map(|action| action_button(store, action)).collect_view()}
                <button type="button" class="quiet" data-testid="notice-dismiss"
                        on:click=move |_| store.dismiss(id)>"Dismiss"</button>
            </div>
        </div>
    }
}

fn action_button(store: Store, action: NoticeAction) -> AnyView {
    match action {
        NoticeAction::Download {
            label,
            file_name,
            text,
        } => {
            let failed = RwSignal::new(None::<String>);
            view! {
                <button type="button" data-testid="notice-download" on:click=move |_| {
                    failed.set(download(&file_name, "application/json", &text).err());
                }>{label}</button>
                {move || failed.get().map(|why| view! { <span class="error-text">"Download failed: " {why}</span> })}
            }
            .into_any()
        }
        NoticeAction::UseSample => view! {
            <button type="button" data-testid="notice-use-sample" on:click=move |_| {
                #[cfg(target_arch = "wasm32")]
                crate::store::persist::resume(store);
                #[cfg(not(target_arch = "wasm32"))]
                let _ = store;
            }>"Keep the backup and start saving this workspace"</button>
        }
        .into_any(),
        NoticeAction::KeepMine => view! {
            <button type="button" data-testid="notice-keep-mine" on:click=move |_| {
                #[cfg(target_arch = "wasm32")]
                crate::store::persist::keep_mine(store);
                #[cfg(not(target_arch = "wasm32"))]
                let _ = store;
            }>"Keep mine (set theirs aside)"</button>
        }
        .into_any(),
        NoticeAction::TakeTheirs => view! {
            <button type="button" data-testid="notice-take-theirs" on:click=move |_| {
                #[cfg(target_arch = "wasm32")]
                crate::store::persist::take_theirs(store);
                #[cfg(not(target_arch = "wasm32"))]
                let _ = store;
            }>"Take theirs (set mine aside)"</button>
        }
        .into_any(),
        NoticeAction::Undo => view! {
            <button type="button" data-testid="notice-undo" on:click=move |_| {
                store.undo();
                store.dismiss_topic("undo");
            }>"Undo"</button>
        }
        .into_any(),
    }
}
