//! Templates: reusable plans for typical MSP projects.

use serde::Serialize;

use crate::domain::model::project::{Dependency, Material, Section, Task};
use crate::domain::model::request::Category;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Template {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Requests of this category suggest this template.
    pub category: Option<Category>,
    /// Words in a request's title or description that suggest this template.
    pub keywords: Vec<String>,
    /// Shipped with the app rather than saved by a user.
    pub built_in: bool,
    pub sections: Vec<Section>,
    pub tasks: Vec<Task>,
    pub dependencies: Vec<Dependency>,
    pub materials: Vec<Material>,
    /// Tasks whose estimate is per device and is multiplied by the count.
    pub per_device_task_ids: Vec<String>,
}
