//! Routes live in the URL fragment (`#/projects/p-1`), so the app works from
//! any static host, under any sub-path, and inside an iframe.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Triage,
    TriageNew,
    /// Quick triage, with the query of the link (`category=move&…`).
    TriageQuick(String),
    TriageEdit(String),
    Projects,
    /// A project's page and its tab: overview, plan or board.
    Project(String, Tab),
    Settings,
    Data,
    /// A share link's preview: the payload after `#/share/`.
    Share(String),
    NotFound(String),
}

impl Route {
    /// The route of a `location.hash` such as `#/projects/p-1?tab=x`.
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#');
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        match parts.as_slice() {
            [] | ["triage"] => Route::Triage,
            ["triage", "new"] => Route::TriageNew,
            ["triage", "quick"] => Route::TriageQuick(query.to_string()),
            ["triage", id] => Route::TriageEdit(percent_decode(id, false)),
            ["projects"] => Route::Projects,
            ["projects", id] => Route::Project(percent_decode(id, false), Tab::Overview),
            ["projects", id, "plan"] => Route::Project(percent_decode(id, false), Tab::Plan),
            ["projects", id, "board"] => Route::Project(percent_decode(id, false), Tab::Board),
            ["projects", id, "estimate"] => {
                Route::Project(percent_decode(id, false), Tab::Estimate)
            }
            ["projects", id, "agreement"] => {
                Route::Project(percent_decode(id, false), Tab::Agreement)
            }
            // The payload is base64url behind a format number: no `/` in it.
            ["share", payload] => Route::Share((*payload).to_string()),
            ["settings"] => Route::Settings,
            ["data"] => Route::Data,
            _ => Route::NotFound(path.to_string()),
        }
    }

    pub fn href(&self) -> String {
        match self {
            Route::Triage => "#/triage".into(),
            Route::TriageNew => "#/triage/new".into(),
            Route::TriageQuick(q) if q.is_empty() => "#/triage/quick".into(),
            Route::TriageQuick(q) => format!("#/triage/quick?{q}"),
            Route::TriageEdit(id) => format!("#/triage/{}", encode(id)),
            Route::Projects => "#/projects".into(),
            Route::Project(id, tab) => format!("#/projects/{}{}", encode(id), tab.suffix()),
            Route::Settings => "#/settings".into(),
            Route::Data => "#/data".into(),
            Route::Share(payload) => format!("#/share/{payload}"),
            Route::NotFound(path) => format!("#{path}"),
        }
    }

    /// The navigation section a route belongs to.
    pub fn section(&self) -> &'static str {
        match self {
            Route::Triage | Route::TriageNew | Route::TriageQuick(_) | Route::TriageEdit(_) => {
                "triage"
            }
            Route::Projects | Route::Project(..) | Route::Share(_) => "projects",
            Route::Settings => "settings",
            Route::Data => "data",
            Route::NotFound(_) => "",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Overview,
    Plan,
    Board,
    Estimate,
    Agreement,
}

impl Tab {
    pub const ALL: [(Tab, &'static str); 5] = [
        (Tab::Overview, "Overview"),
        (Tab::Plan, "Plan and Gantt"),
        (Tab::Board, "Board"),
        (Tab::Estimate, "Estimate and price"),
        (Tab::Agreement, "Agreement"),
    ];

    fn suffix(self) -> &'static str {
        match self {
            Tab::Overview => "",
            Tab::Plan => "/plan",
            Tab::Board => "/board",
            Tab::Estimate => "/estimate",
            Tab::Agreement => "/agreement",
        }
    }
}

/// Ids are made of letters, digits and dashes; anything else is escaped.
fn encode(id: &str) -> String {
    id.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Whether the page's real query (`location.search`, before the `#`) asks
/// for the embedded layout with `embed=1`. The host page sets it once; the
/// fragment's query belongs to the route and does not count.
pub fn is_embed(search: &str) -> bool {
    search
        .trim_start_matches('?')
        .split('&')
        .any(|p| p == "embed=1")
}

/// Whether the light entry draws a route (ARCHITECTURE.md, "Entries"): quick
/// triage in the embedded layout, the view a knowledge-base article embeds.
/// Opened in full, quick triage offers "Save as a request", which needs the
/// stored workspace: that is the whole app. The loader written by the
/// post_build hook in Trunk.toml makes the same choice from the URL before
/// any wasm loads; `tests/e2e/entries.test.mjs` checks that they agree.
pub fn in_light_entry(route: &Route, embed: bool) -> bool {
    embed && matches!(route, Route::TriageQuick(_))
}

/// `%XX` escapes decoded, and `+` as a space when `plus_is_space` (query
/// strings); malformed escapes are kept as written.
pub fn percent_decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' if plus_is_space => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn navigate(route: &Route) {
    let _ = leptos::prelude::window().location().set_hash(&route.href());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_hash_opens_triage() {
        assert_eq!(Route::parse(""), Route::Triage);
        assert_eq!(Route::parse("#/"), Route::Triage);
    }

    #[test]
    fn project_routes_keep_their_id_and_ignore_the_query() {
        assert_eq!(
            Route::parse("#/projects/p-1/plan?zoom=week"),
            Route::Project("p-1".into(), Tab::Plan)
        );
        assert_eq!(
            Route::parse("#/projects/p-1/board"),
            Route::Project("p-1".into(), Tab::Board)
        );
        assert_eq!(
            Route::parse("#/projects/p-1/estimate"),
            Route::Project("p-1".into(), Tab::Estimate)
        );
        assert_eq!(
            Route::parse("#/projects/p-1/agreement"),
            Route::Project("p-1".into(), Tab::Agreement)
        );
        assert_eq!(
            Route::parse("#/projects/p-1"),
            Route::Project("p-1".into(), Tab::Overview)
        );
        assert_eq!(
            Route::parse("#/projects/p-1/nothing"),
            Route::NotFound("/projects/p-1/nothing".into())
        );
        assert_eq!(Route::parse("#/projects"), Route::Projects);
    }

    #[test]
    fn odd_ids_survive_a_round_trip() {
        for (tab, _) in Tab::ALL {
            let route = Route::Project("p 1/ü".into(), tab);
            assert_eq!(Route::parse(&route.href()), route);
        }
    }

    #[test]
    fn triage_routes_keep_the_quick_query() {
        assert_eq!(Route::parse("#/triage/new"), Route::TriageNew);
        assert_eq!(
            Route::parse("#/triage/quick?category=move&devices=40"),
            Route::TriageQuick("category=move&devices=40".into())
        );
        assert_eq!(
            Route::parse("#/triage/q-7"),
            Route::TriageEdit("q-7".into())
        );
    }

    #[test]
    fn share_links_keep_their_payload() {
        let route = Route::parse("#/share/1.abc-_DEF");
        assert_eq!(route, Route::Share("1.abc-_DEF".into()));
        assert_eq!(route.href(), "#/share/1.abc-_DEF");
    }

    #[test]
    fn unknown_paths_are_not_found() {
        assert_eq!(
            Route::parse("#/nowhere"),
            Route::NotFound("/nowhere".into())
        );
    }

    #[test]
    fn the_light_entry_draws_quick_triage_embedded_only() {
        let light = |hash: &str, embed| in_light_entry(&Route::parse(hash), embed);
        assert!(light("#/triage/quick", true));
        assert!(light("#/triage/quick?category=move&devices=40", true));
        assert!(light("##/triage/quick/", true));
        // Opened in full, quick triage can save a request: the whole app.
        assert!(!light("#/triage/quick", false));
        for hash in [
            "",
            "#/",
            "#/triage",
            "#/triage/new",
            "#/triage/q-1",
            "#/triage/Quick",
            "#/projects",
            "#/projects/p-1/plan",
            "#/settings",
            "#/data",
            "#/share/1.x",
            "#/nowhere",
            "#/triage/quick/x",
        ] {
            assert!(!light(hash, true), "{hash} embedded");
            assert!(!light(hash, false), "{hash} in full");
        }
    }

    #[test]
    fn embed_is_read_from_the_real_query_only() {
        assert!(!is_embed(""));
        assert!(!is_embed("?embed=0"));
        assert!(!is_embed("?embedded=1"));
        assert!(is_embed("?embed=1"));
        assert!(is_embed("?a=b&embed=1&c"));
    }
}
