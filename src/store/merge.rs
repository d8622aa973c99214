//! Merging an imported file into the current workspace without losing either
//! side: new items are added; an item equal to one already here is skipped;
//! an item whose id is taken by a different item is added under a fresh id,
//! and every reference to it in the imported items follows. The workspace's
//! own name and settings stay.

use std::collections::HashMap;

use crate::domain::model::workspace::Workspace;
use crate::domain::text::ids::fresh_id;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    pub added: usize,
    pub already_present: usize,
    /// Items added under a new id because theirs was taken: (kind, old, new).
    pub renamed: Vec<(&'static str, String, String)>,
}

impl MergeReport {
    pub fn summary(&self) -> String {
        let mut text = format!(
            "Merged: {} item{} added, {} already present.",
            self.added,
            if self.added == 1 { "" } else { "s" },
            self.already_present
        );
        if !self.renamed.is_empty() {
            text.push_str(" Kept both where ids clashed: ");
            let parts: Vec<String> = self
                .renamed
                .iter()
                .map(|(kind, old, new)| format!("{kind} {old} → {new}"))
                .collect();
            text.push_str(&parts.join(", "));
            text.push('.');
        }
        text
    }
}

trait Identified: Clone + PartialEq {
    fn id_mut(&mut self) -> &mut String;
    fn id(&self) -> &str;
}

macro_rules! identified {
    ($($t:ty),*) => {$(
        impl Identified for $t {
            fn id_mut(&mut self) -> &mut String { &mut self.id }
            fn id(&self) -> &str { &self.id }
        }
    )*};
}
identified!(
    crate::domain::model::client::Client,
    crate::domain::model::contract::Contract,
    crate::domain::model::rates::Role,
    crate::domain::model::request::Request,
    crate::domain::model::project::Project,
    crate::domain::model::template::Template
);

/// Decides, for each incoming item, which id it will have here, and which
/// items are to be added (those not already present).
fn plan<T: Identified>(
    kind: &'static str,
    prefix: &str,
    current: &[T],
    incoming: Vec<T>,
    report: &mut MergeReport,
) -> (HashMap<String, String>, Vec<T>) {
    let mut ids = HashMap::new();
    let mut taken: Vec<String> = current.iter().map(|t| t.id().to_string()).collect();
    taken.extend(incoming.iter().map(|t| t.id().to_string()));
    let mut added = vec![];
    for item in incoming {
        match current.iter().find(|c| c.id() == item.id()) {
            None => {
                ids.insert(item.id().to_string(), item.id().to_string());
                added.push(item);
            }
            Some(existing) if *existing == item => {
                report.already_present += 1;
                ids.insert(item.id().to_string(), item.id().to_string());
            }
            Some(_) => {
                let new_id = fresh_id(prefix, taken.iter().map(String::as_str));
                taken.push(new_id.clone());
                report
                    .renamed
                    .push((kind, item.id().to_string(), new_id.clone()));
                ids.insert(item.id().to_string(), new_id);
                added.push(item);
            }
        }
    }
    report.added += added.len();
    (ids, added)
}

fn follow(map: &HashMap<String, String>, reference: &mut Option<String>) {
    if let Some(id) = reference {
        if let Some(new) = map.get(id.as_str()) {
            *id = new.clone();
        }
    }
}

fn apply_ids<T: Identified>(map: &HashMap<String, String>, items: &mut [T]) {
    for item in items {
        if let Some(new) = map.get(item.id()) {
            *item.id_mut() = new.clone();
        }
    }
}

pub fn merge(current: &Workspace, incoming: Workspace) -> (Workspace, MergeReport) {
    let mut report = MergeReport::default();
    let (client_ids, mut clients) = plan(
        "client",
        "c",
        &current.clients,
        incoming.clients,
        &mut report,
    );
    let (contract_ids, mut contracts) = plan(
        "contract",
        "k",
        &current.contracts,
        incoming.contracts,
        &mut report,
    );
    let (role_ids, mut roles) = plan(
        "role",
        "r",
        &current.rate_card,
        incoming.rate_card,
        &mut report,
    );
    let (request_ids, mut requests) = plan(
        "request",
        "q",
        &current.requests,
        incoming.requests,
        &mut report,
    );
    let (project_ids, mut projects) = plan(
        "project",
        "p",
        &current.projects,
        incoming.projects,
        &mut report,
    );
    let (template_ids, mut templates) = plan(
        "template",
        "tpl",
        &current.templates,
        incoming.templates,
        &mut report,
    );

    apply_ids(&client_ids, &mut clients);
    apply_ids(&contract_ids, &mut contracts);
    apply_ids(&role_ids, &mut roles);
    apply_ids(&request_ids, &mut requests);
    apply_ids(&project_ids, &mut projects);
    apply_ids(&template_ids, &mut templates);
    for k in &mut contracts {
        follow(&client_ids, &mut k.client_id);
    }
    for r in &mut requests {
        follow(&client_ids, &mut r.client_id);
        follow(&contract_ids, &mut r.contract_id);
        follow(&project_ids, &mut r.project_id);
    }
    for p in &mut projects {
        follow(&client_ids, &mut p.client_id);
        follow(&contract_ids, &mut p.contract_id);
        follow(&request_ids, &mut p.request_id);
        for t in &mut p.tasks {
            follow(&role_ids, &mut t.role_id);
        }
    }
    for t in &mut templates {
        for task in &mut t.tasks {
            follow(&role_ids, &mut task.role_id);
        }
    }

    let mut ws = current.clone();
    ws.clients.extend(clients);
    ws.contracts.extend(contracts);
    ws.rate_card.extend(roles);
    ws.requests.extend(requests);
    ws.projects.extend(projects);
    ws.templates.extend(templates);
    (ws, report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::sample::sample_workspace;
    use crate::domain::model::validate::validate;

    #[test]
    fn merging_a_workspace_into_itself_adds_nothing() {
        let ws = sample_workspace();
        let (merged, report) = merge(&ws, ws.clone());
        assert_eq!(merged, ws);
        assert_eq!(report.added, 0);
        assert_eq!(report.already_present, 2 + 2 + 4 + 4 + 1);
    }

    #[test]
    fn clashing_ids_keep_both_and_references_follow() {
        let ws = sample_workspace();
        let mut theirs = ws.clone();
        theirs.clients[1].name = "Northwind Logistics (their copy)".into();
        theirs.projects[0].name = "Their move plan".into();
        let (merged, report) = merge(&ws, theirs);
        assert_eq!(validate(&merged), vec![]);
        assert_eq!(merged.clients.len(), 3);
        assert_eq!(merged.projects.len(), 2);
        let their_client = &merged.clients[2];
        assert_ne!(their_client.id, "c-northwind");
        assert_eq!(
            merged.projects[1].client_id.as_deref(),
            Some(their_client.id.as_str())
        );
        assert_eq!(merged.projects[0], ws.projects[0]);
        assert_eq!(report.renamed.len(), 2, "{report:?}");
        assert!(report.summary().contains("c-northwind →"));
    }

    #[test]
    fn new_items_are_added_with_their_ids() {
        let ws = sample_workspace();
        let mut other = crate::domain::model::workspace::Workspace::empty("Other");
        other.clients.push(crate::domain::model::client::Client {
            id: "c-new".into(),
            name: "New client".into(),
            contact: String::new(),
            business_hours: None,
            holidays: vec![],
            maintenance_windows: Default::default(),
            sites: vec![],
        });
        let (merged, report) = merge(&ws, other);
        assert_eq!(merged.name, ws.name);
        assert_eq!(merged.clients.last().unwrap().id, "c-new");
        assert_eq!(report.added, 1);
    }
}
