//! Templates: reusable plans for typical MSP projects.

use serde::{Deserialize, Serialize};

use super::project::{Dependency, Material, Section, Task};
use super::request::Category;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Template {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Requests of this category suggest this template.
    #[serde(default)]
    pub category: Option<Category>,
    /// Words in a request's title or description that suggest this template.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Shipped with the app rather than saved by a user.
    #[serde(default)]
    pub built_in: bool,
    #[serde(default)]
    pub sections: Vec<Section>,
    #[serde(default)]
    pub tasks: Vec<Task>,
    #[serde(default)]
    pub dependencies: Vec<Dependency>,
    #[serde(default)]
    pub materials: Vec<Material>,
    /// Tasks whose estimate is per device and is multiplied by the count.
    #[serde(default)]
    pub per_device_task_ids: Vec<String>,
}
