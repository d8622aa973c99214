//! The workspace: everything one MSP keeps in the app, as one value.

use serde::Serialize;

use crate::domain::model::client::Client;
use crate::domain::model::contract::Contract;
use crate::domain::model::project::Project;
use crate::domain::model::rates::Role;
use crate::domain::model::request::Request;
use crate::domain::model::settings::Settings;
use crate::domain::model::template::Template;

/// The `format` field that marks a file as ours.
pub const FORMAT: &str = "msp-planner";

/// The schema version this build writes. Older files are migrated on read
/// (see `store::migrate`); newer ones are refused.
pub const SCHEMA_VERSION: u32 = 3;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Workspace {
    pub format: String,
    pub schema_version: u32,
    pub name: String,
    pub settings: Settings,
    pub clients: Vec<Client>,
    pub contracts: Vec<Contract>,
    pub rate_card: Vec<Role>,
    pub requests: Vec<Request>,
    pub projects: Vec<Project>,
    pub templates: Vec<Template>,
}

impl Workspace {
    pub fn empty(name: &str) -> Workspace {
        Workspace {
            format: FORMAT.into(),
            schema_version: SCHEMA_VERSION,
            name: name.into(),
            settings: Settings::default(),
            clients: vec![],
            contracts: vec![],
            rate_card: vec![],
            requests: vec![],
            projects: vec![],
            templates: vec![],
        }
    }

    pub fn client(&self, id: &str) -> Option<&Client> {
        self.clients.iter().find(|c| c.id == id)
    }

    pub fn project(&self, id: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.id == id)
    }

    pub fn role(&self, id: &str) -> Option<&Role> {
        self.rate_card.iter().find(|r| r.id == id)
    }

    pub fn client_name(&self, id: Option<&str>) -> String {
        id.and_then(|id| self.client(id))
            .map(|c| c.name.clone())
            .unwrap_or_else(|| "—".into())
    }
}
