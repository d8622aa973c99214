//! Workspace-wide settings: money and locale, triage weights, default hours.

use serde::Serialize;

use crate::domain::model::calendar::{Holiday, WeekHours};
use crate::domain::text::number::NumberStyle;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Settings {
    /// ISO 4217 code, e.g. "USD"; formatting goes through the browser's Intl.
    pub currency: String,
    /// BCP 47 tag, e.g. "en-US".
    pub locale: String,
    pub triage: TriageSettings,
    /// Business hours of clients that do not set their own.
    pub business_hours: WeekHours,
    /// Public holidays that apply to every client.
    pub holidays: Vec<Holiday>,
}

impl Settings {
    /// How people type numbers in this workspace: the locale's decimal sign
    /// and group separator (`NumberStyle::for_locale`).
    pub fn number_style(&self) -> NumberStyle {
        NumberStyle::for_locale(&self.locale)
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            currency: "USD".into(),
            locale: "en-US".into(),
            triage: TriageSettings::default(),
            business_hours: WeekHours::office_default(),
            holidays: vec![],
        }
    }
}

/// How much each signal counts when the contract does not decide.
/// Project signals add to the project score, support signals to the support
/// score; the outcome is Project when the project score leads by at least
/// `project_lead`, Support when there are no project signals, else Review.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TriageSettings {
    pub weight_planning: f64,
    pub weight_coordination: f64,
    pub weight_new_work: f64,
    pub weight_install: f64,
    pub weight_move: f64,
    pub weight_effort: f64,
    pub weight_several_sites: f64,
    pub weight_break_fix: f64,
    pub weight_question: f64,
    /// Effort above this many hours is a project signal.
    pub effort_threshold_hours: f64,
    /// How far the project score must lead the support score for Project.
    pub project_lead: f64,
}

impl Default for TriageSettings {
    fn default() -> Self {
        TriageSettings {
            weight_planning: 2.0,
            weight_coordination: 2.0,
            weight_new_work: 2.0,
            weight_install: 1.0,
            weight_move: 1.0,
            weight_effort: 1.0,
            weight_several_sites: 1.0,
            weight_break_fix: 2.0,
            weight_question: 2.0,
            effort_threshold_hours: 4.0,
            project_lead: 3.0,
        }
    }
}

impl TriageSettings {
    pub fn weights(&self) -> [(&'static str, f64); 11] {
        [
            ("weight_planning", self.weight_planning),
            ("weight_coordination", self.weight_coordination),
            ("weight_new_work", self.weight_new_work),
            ("weight_install", self.weight_install),
            ("weight_move", self.weight_move),
            ("weight_effort", self.weight_effort),
            ("weight_several_sites", self.weight_several_sites),
            ("weight_break_fix", self.weight_break_fix),
            ("weight_question", self.weight_question),
            ("effort_threshold_hours", self.effort_threshold_hours),
            ("project_lead", self.project_lead),
        ]
    }
}
