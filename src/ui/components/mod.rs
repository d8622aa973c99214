//! Pieces that several views share: form fields, the Gantt chart, notices,
//! the triage form, the files toolbar and a project's figures. A component
//! never imports a view.

pub mod fields;
pub mod figures;
pub mod gantt;
pub mod notices;
pub mod project_files;
pub mod section_choices;
pub mod triage_form;
