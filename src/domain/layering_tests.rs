//! The layering rule as a test, in the manner of rust-analyzer's tidy tests:
//! it reads every source file under `src/` and fails, naming the file and the
//! line, when
//!
//! - a domain module imports from a higher layer of the domain (the order is
//!   in `LAYERS`; test code may also use `data`), or from `store` or `ui`, or
//!   uses the browser (web-sys, js-sys, wasm-bindgen, Leptos, gloo);
//! - app code outside `domain::formats` and `store` touches
//!   `serde_json::Value` or the XML or CSV crates (`bin/`, the benchmark
//!   tool, writes its report as JSON);
//! - a view under `ui/views/` imports another view (its own submodules are
//!   part of it), or a component under `ui/components/` imports a view;
//! - code that runs in a Web Worker (`work/`) imports `ui`, which needs the
//!   page, or the store beyond `store::files`;
//! - the domain's files import each other in a cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The domain's layers, lowest first.
const LAYERS: [&str; 8] = [
    "text",
    "model",
    "plan",
    "estimate",
    "triage",
    "agreement",
    "formats",
    "data",
];

struct Source {
    /// Relative to `src/`, with forward slashes.
    path: String,
    text: String,
}

fn sources() -> Vec<Source> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("src/ is readable")
            .map(|e| e.expect("a directory entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = vec![];
    walk(&root, &mut paths);
    paths
        .into_iter()
        .map(|p| Source {
            path: p
                .strip_prefix(&root)
                .expect("under src/")
                .to_string_lossy()
                .replace('\\', "/"),
            text: std::fs::read_to_string(&p).expect("a source file is text"),
        })
        .collect()
}

/// The lines of `text` that are code, with their numbers (1-based), and
/// whether each is test code: a file named `tests.rs` or `*_tests.rs`, or
/// anything after a `#[cfg(test)]` line (test modules close their files).
fn code_lines<'a>(path: &str, text: &'a str) -> Vec<(usize, &'a str, bool)> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let mut test = name == "tests.rs" || name.ends_with("_tests.rs");
    let mut out = vec![];
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") {
            test = true;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        out.push((i + 1, line, test));
    }
    out
}

/// The module paths a piece of code names after `prefix` (e.g.
/// `crate::domain::`): `plan::schedule::Calendars` and each branch of a
/// group such as `{text::number::fmt, model::estimate::Estimate}`. A group
/// may span lines, so this reads the text from the prefix on.
fn named_after(code: &str, prefix: &str) -> Vec<(usize, Vec<String>)> {
    let mut out = vec![];
    let mut from = 0;
    while let Some(at) = code[from..].find(prefix) {
        let start = from + at;
        let before = code[..start].chars().next_back();
        from = start + prefix.len();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let rest = &code[from..];
        let mut paths = vec![];
        if rest.starts_with('{') {
            // The branches at depth 1 of the group.
            let mut depth = 0;
            let mut current = String::new();
            for c in rest.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        if depth > 1 {
                            current.push(c);
                        }
                    }
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                        current.push(c);
                    }
                    ',' if depth == 1 => paths.push(std::mem::take(&mut current)),
                    _ => current.push(c),
                }
            }
            paths.push(current);
        } else {
            paths.push(
                rest.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                    .collect(),
            );
        }
        let paths = paths
            .into_iter()
            .map(|p| p.split_whitespace().collect::<String>())
            .filter(|p| !p.is_empty())
            .collect();
        out.push((start, paths));
    }
    out
}

fn layer(name: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == name)
}

/// The line number of byte offset `at` in `text`.
fn line_of(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

/// Whether byte offset `at` of `text` lies in test code (see `code_lines`).
fn in_test(path: &str, text: &str, at: usize) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name == "tests.rs"
        || name.ends_with("_tests.rs")
        || text[..at]
            .lines()
            .any(|l| l.trim_start().starts_with("#[cfg(test)]"))
}

/// Whether byte offset `at` of `text` lies in a `//` comment.
fn in_comment(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..at].contains("//")
}

/// Every way the sources break the rules, as "file:line: why".
fn violations(sources: &[Source]) -> Vec<String> {
    let mut found = vec![];
    // Domain file -> the domain files it imports, for the cycle check.
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let files: BTreeSet<&str> = sources.iter().map(|s| s.path.as_str()).collect();
    for s in sources {
        let path = s.path.as_str();
        if path.starts_with("bin/") || path == "domain/layering_tests.rs" {
            continue;
        }
        let parts: Vec<&str> = path.split('/').collect();
        let in_domain = parts[0] == "domain" && parts.len() > 2;
        let own_layer = if in_domain { layer(parts[1]) } else { None };
        if in_domain && own_layer.is_none() {
            found.push(format!(
                "src/{path}: the domain folder `{}` is not one of the layers {LAYERS:?}",
                parts[1]
            ));
        }
        for (number, line, test) in code_lines(path, &s.text) {
            if parts[0] == "domain" && !test {
                for browser in ["web_sys", "js_sys", "wasm_bindgen", "leptos", "gloo"] {
                    if line.contains(&format!("{browser}::")) {
                        found.push(format!(
                            "src/{path}:{number}: the domain uses `{browser}`; it must not touch the browser"
                        ));
                    }
                }
                for outside in ["crate::store", "crate::ui"] {
                    if line.contains(outside) {
                        found.push(format!(
                            "src/{path}:{number}: the domain imports `{outside}`; store and ui sit above it"
                        ));
                    }
                }
            }
            // Code that runs in a Web Worker has no page: it may use the
            // domain and the store's pure modules, never the UI or the parts
            // of the store that hold the page's signals and storage.
            if parts[0] == "work" {
                let page_store = [
                    "crate::store::state",
                    "crate::store::persist",
                    "crate::store::Store",
                ]
                .iter()
                .any(|m| line.contains(m));
                if line.contains("crate::ui") || page_store {
                    found.push(format!(
                        "src/{path}:{number}: worker code imports the page's code; `work` may use `domain` and the store's pure modules only"
                    ));
                }
            }
            let formats = path.starts_with("domain/formats/") || path.starts_with("store/");
            if !formats && !test {
                for token in [
                    "serde_json::Value",
                    "serde_json::{",
                    "serde_json::from_value",
                    "serde_json::json!",
                    "quick_xml",
                    " csv::",
                    "(csv::",
                ] {
                    if line.contains(token) {
                        found.push(format!(
                            "src/{path}:{number}: `{}` outside domain::formats and store; JSON values, XML and CSV are theirs",
                            token.trim_start_matches(['(', ' '])
                        ));
                    }
                }
            }
        }
        // Imports of the domain's layers.
        for (at, names) in named_after(&s.text, "crate::domain::") {
            if in_comment(&s.text, at) {
                continue;
            }
            let test = in_test(path, &s.text, at);
            let number = line_of(&s.text, at);
            for name in names {
                let segments: Vec<&str> = name.split("::").collect();
                let Some(target_layer) = layer(segments[0]) else {
                    found.push(format!(
                        "src/{path}:{number}: `crate::domain::{name}` names no layer; import from {LAYERS:?}"
                    ));
                    continue;
                };
                if let Some(own) = own_layer {
                    let allowed = target_layer <= own || test;
                    if !allowed {
                        found.push(format!(
                            "src/{path}:{number}: `{}` imports `crate::domain::{name}`, a higher layer; the order is {}",
                            parts[1],
                            LAYERS.join(" < ")
                        ));
                    }
                    if !test {
                        // The file this path names: the longest prefix that is a file.
                        for n in (1..=segments.len()).rev() {
                            let module = segments[..n].join("/");
                            let candidates = [
                                format!("domain/{module}.rs"),
                                format!("domain/{module}/mod.rs"),
                            ];
                            if let Some(file) =
                                candidates.iter().find(|c| files.contains(c.as_str()))
                            {
                                if file != path {
                                    graph
                                        .entry(path.to_string())
                                        .or_default()
                                        .insert(file.clone());
                                }
                                break;
                            }
                        }
                    }
                }
            }
        }
        // `super::x` in a domain file names a sibling in the same folder.
        if in_domain && !test_file(path) {
            let dir = parts[..parts.len() - 1].join("/");
            let dir = if path.ends_with("/mod.rs") {
                parts[..parts.len() - 2].join("/")
            } else {
                dir
            };
            for (at, names) in named_after(&s.text, "super::") {
                if in_comment(&s.text, at) || in_test(path, &s.text, at) {
                    continue;
                }
                for name in names {
                    let first = name.split("::").next().unwrap_or_default();
                    for file in [format!("{dir}/{first}.rs"), format!("{dir}/{first}/mod.rs")] {
                        if files.contains(file.as_str()) && file != path {
                            graph.entry(path.to_string()).or_default().insert(file);
                        }
                    }
                }
            }
        }
        // Views and components.
        if parts[0] == "ui"
            && (parts.get(1) == Some(&"views") || parts.get(1) == Some(&"components"))
        {
            let own_view = (parts[1] == "views").then(|| parts[2].trim_end_matches(".rs"));
            for (at, names) in named_after(&s.text, "crate::ui::") {
                if in_comment(&s.text, at) {
                    continue;
                }
                let number = line_of(&s.text, at);
                for name in names {
                    let segments: Vec<&str> = name.split("::").collect();
                    if segments[0] != "views" {
                        continue;
                    }
                    let view = segments.get(1).copied().unwrap_or("");
                    match own_view {
                        None => found.push(format!(
                            "src/{path}:{number}: the component imports the view `{view}`; components sit below views"
                        )),
                        Some(own) if own != view => found.push(format!(
                            "src/{path}:{number}: the view `{own}` imports the view `{view}`; share the piece through ui/components instead"
                        )),
                        _ => {}
                    }
                }
            }
        }
    }
    for cycle in cycles(&graph) {
        found.push(format!(
            "import cycle through the domain files: {}",
            cycle
                .iter()
                .map(|f| format!("src/{f}"))
                .collect::<Vec<_>>()
                .join(" -> ")
        ));
    }
    found
}

fn test_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name == "tests.rs" || name.ends_with("_tests.rs")
}

/// The strongly connected components of more than one file (Tarjan).
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Walk<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<Vec<String>>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, v: &'a str) {
            let i = self.index.len();
            self.index.insert(v, i);
            self.low.insert(v, i);
            self.stack.push(v);
            self.on_stack.insert(v);
            if let Some(next) = self.graph.get(v) {
                for w in next {
                    let w = w.as_str();
                    if !self.index.contains_key(w) {
                        self.visit(w);
                        let low = self.low[v].min(self.low[w]);
                        self.low.insert(v, low);
                    } else if self.on_stack.contains(w) {
                        let low = self.low[v].min(self.index[w]);
                        self.low.insert(v, low);
                    }
                }
            }
            if self.low[v] == self.index[v] {
                let mut component = vec![];
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    component.push(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.reverse();
                    self.found.push(component);
                }
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: vec![],
        on_stack: BTreeSet::new(),
        found: vec![],
    };
    for v in graph.keys() {
        if !walk.index.contains_key(v.as_str()) {
            walk.visit(v);
        }
    }
    walk.found
}

#[test]
fn imports_follow_the_layers_and_form_no_cycle() {
    let found = violations(&sources());
    assert!(
        found.is_empty(),
        "{} import(s) break the layering (ARCHITECTURE.md, \"Invariants\"):\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn the_rule_catches_an_upward_import_a_cycle_and_a_view_importing_a_view() {
    let source = |path: &str, text: &str| Source {
        path: path.into(),
        text: text.into(),
    };
    let found = violations(&[
        source("domain/model/a.rs", "use crate::domain::formats::json::workspace;\n"),
        source("domain/plan/b.rs", "use crate::domain::plan::c::X;\n"),
        source("domain/plan/c.rs", "use super::b::Y;\n"),
        source(
            "domain/text/d.rs",
            "use crate::domain::{text::e, model::project::Task};\n#[cfg(test)]\nmod tests { use crate::domain::data::sample; }\n",
        ),
        source("domain/text/e.rs", "fn f() -> serde_json::Value { todo!() }\n"),
        source("ui/views/plan.rs", "use crate::ui::views::board::Board;\n"),
        source("ui/views/board.rs", "use crate::ui::components::gantt;\n"),
        source("ui/components/gantt.rs", "use crate::ui::views::plan;\n"),
        source("work/simulate.rs", "use crate::store::files::read_workspace_file;\nuse crate::ui::browser;\nuse crate::store::persist::save;\n"),
        source("ui/views/project/estimate/workers.rs", "use crate::work::simulate::Job;\n"),
        source("work/files.rs", "use crate::ui::browser;\n"),
        source("ui/files_worker.rs", "use crate::work::files::IMPORT;\n"),
    ]);
    let text = found.join("\n");
    assert!(text.contains("src/domain/model/a.rs:1: `model` imports `crate::domain::formats::json::workspace`, a higher layer"), "{text}");
    assert!(
        text.contains(
            "src/domain/text/d.rs:1: `text` imports `crate::domain::model::project::Task`"
        ),
        "{text}"
    );
    assert!(
        !text.contains("domain::data::sample"),
        "test code may use any layer: {text}"
    );
    assert!(
        text.contains(
            "import cycle through the domain files: src/domain/plan/b.rs -> src/domain/plan/c.rs"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "src/domain/text/e.rs:1: `serde_json::Value` outside domain::formats and store"
        ),
        "{text}"
    );
    assert!(
        text.contains("src/ui/views/plan.rs:1: the view `plan` imports the view `board`"),
        "{text}"
    );
    assert!(
        text.contains("src/ui/components/gantt.rs:1: the component imports the view `plan`"),
        "{text}"
    );
    assert!(
        text.contains("src/work/simulate.rs:2: worker code imports the page's code"),
        "{text}"
    );
    assert!(
        !text.contains("estimate/workers.rs"),
        "the page may use worker messages: {text}"
    );
    assert!(
        text.contains("src/work/simulate.rs:3: worker code imports the page's code"),
        "the page's store too: {text}"
    );
    assert!(
        text.contains("src/work/files.rs:1: worker code imports the page's code"),
        "{text}"
    );
    assert_eq!(found.len(), 9, "{text}");
}
