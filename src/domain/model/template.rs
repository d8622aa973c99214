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
    /// Sections a new project may leave out (an office move's circuit
    /// cut-over, its after-hours work): offered as choices, with the hours
    /// each adds, when a project is made from the template. Absent from a
    /// file means none (every section is part of the plan), and it is not
    /// written when empty, so files without it read the same both ways.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub optional_section_ids: Vec<String>,
}
