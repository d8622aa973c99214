//! Schema migrations: each step turns a file of version N into version N+1,
//! on the raw JSON, before it meets the typed model. A file is read by running
//! every step from its version up to `SCHEMA_VERSION`.
//!
//! Version 1 was the draft layout: roles in `roles`, the currency at the top
//! level, estimates as three `*_hours` fields on the task and dependency types
//! spelled out (`finish_to_start`). Version 2 is the layout of PRODUCT.md.
//! Version 3 adds a project's stored Monte Carlo run (`simulation`); the
//! step changes nothing, but an app that reads up to version 2 refuses the
//! file by its version rather than by an unknown field.

use serde_json::{Map, Value};

use crate::domain::model::workspace::SCHEMA_VERSION;

/// Brings `file` up to `SCHEMA_VERSION`; `Err` says why it cannot.
pub fn migrate(mut file: Value) -> Result<Value, String> {
    let version = file
        .get("schema_version")
        .and_then(Value::as_u64)
        .ok_or("schema_version is missing or not a whole number")?;
    if version == 0 {
        return Err("schema_version 0 does not exist; versions start at 1".into());
    }
    if version > u64::from(SCHEMA_VERSION) {
        return Err(format!(
            "schema_version is {version}, from a newer MSP Planner; this app reads versions up to {SCHEMA_VERSION}"
        ));
    }
    let steps: [fn(&mut Map<String, Value>); 2] = [v1_to_v2, v2_to_v3];
    for step in &steps[(version as usize - 1)..] {
        let root = file
            .as_object_mut()
            .ok_or("the file is not a JSON object")?;
        step(root);
    }
    file["schema_version"] = Value::from(SCHEMA_VERSION);
    Ok(file)
}

fn v1_to_v2(root: &mut Map<String, Value>) {
    if let Some(roles) = root.remove("roles") {
        root.insert("rate_card".into(), roles);
    }
    if let Some(currency) = root.remove("currency") {
        let settings = root
            .entry("settings")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(settings) = settings.as_object_mut() {
            settings.entry("currency").or_insert(currency);
        }
    }
    let plans = ["projects", "templates"];
    for list in plans {
        let Some(items) = root.get_mut(list).and_then(Value::as_array_mut) else {
            continue;
        };
        for plan in items.iter_mut() {
            if let Some(tasks) = plan.get_mut("tasks").and_then(Value::as_array_mut) {
                tasks
                    .iter_mut()
                    .filter_map(Value::as_object_mut)
                    .for_each(task_v1_to_v2);
            }
            if let Some(links) = plan.get_mut("dependencies").and_then(Value::as_array_mut) {
                links
                    .iter_mut()
                    .filter_map(Value::as_object_mut)
                    .for_each(link_v1_to_v2);
            }
        }
    }
}

/// Nothing to change: version 3 only adds the optional `simulation`.
fn v2_to_v3(_root: &mut Map<String, Value>) {}

fn task_v1_to_v2(task: &mut Map<String, Value>) {
    let mut estimate = Map::new();
    for (old, new) in [
        ("optimistic_hours", "optimistic"),
        ("likely_hours", "likely"),
        ("pessimistic_hours", "pessimistic"),
    ] {
        if let Some(v) = task.remove(old) {
            estimate.insert(new.into(), v);
        }
    }
    if !estimate.is_empty() {
        task.insert("estimate".into(), Value::Object(estimate));
    }
}

fn link_v1_to_v2(link: &mut Map<String, Value>) {
    if let Some(kind) = link.remove("type") {
        let code = match kind.as_str() {
            Some("finish_to_start") => "FS",
            Some("start_to_start") => "SS",
            Some("finish_to_finish") => "FF",
            Some("start_to_finish") => "SF",
            _ => {
                // Leave the unknown value where the typed read will name it.
                link.insert("kind".into(), kind);
                return;
            }
        };
        link.insert("kind".into(), Value::from(code));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::model::validate::validate;
    use crate::store::files::read_workspace_file;

    const V1: &str = include_str!("../../tests/fixtures/workspace-v1.json");
    const V2: &str = include_str!("../../tests/fixtures/workspace-v2.json");

    #[test]
    fn version_1_file_migrates_to_a_valid_current_workspace() {
        let ws = read_workspace_file(V1).expect("v1 fixture reads");
        assert_eq!(ws.schema_version, SCHEMA_VERSION);
        assert_eq!(validate(&ws), vec![]);
        assert_eq!(ws.settings.currency, "EUR");
        assert_eq!(ws.rate_card.len(), 2);
        assert_eq!(ws.rate_card[1].name, "Field engineer");
        let task = &ws.projects[0].tasks[1];
        assert_eq!(
            (
                task.estimate.optimistic,
                task.estimate.likely,
                task.estimate.pessimistic
            ),
            (2.0, 3.0, 6.0)
        );
        let link = &ws.projects[0].dependencies[0];
        assert_eq!(
            link.kind,
            crate::domain::model::project::LinkKind::StartToStart
        );
        assert_eq!(link.lag_hours, -2.0);
    }

    #[test]
    fn version_2_file_reads_as_it_was() {
        let v2: Value = serde_json::from_str(V2).unwrap();
        assert_eq!(v2["schema_version"], 2);
        let ws = read_workspace_file(V2).expect("v2 fixture reads");
        assert_eq!(ws.schema_version, SCHEMA_VERSION);
        assert_eq!(validate(&ws), vec![]);
        // Nothing changes but the version.
        let mut current = v2.clone();
        current["schema_version"] = SCHEMA_VERSION.into();
        assert_eq!(migrate(v2).unwrap(), current);
        assert_eq!(ws.projects[0].tasks.len(), 12);
        assert!(ws.projects.iter().all(|p| p.simulation.is_none()));
    }

    #[test]
    fn newer_version_is_refused_with_both_versions() {
        let err = migrate(serde_json::json!({"schema_version": 99})).unwrap_err();
        assert!(
            err.contains("99") && err.contains(&SCHEMA_VERSION.to_string()),
            "{err}"
        );
    }

    #[test]
    fn current_version_passes_unchanged() {
        let file = serde_json::json!({"schema_version": SCHEMA_VERSION, "roles": []});
        assert_eq!(migrate(file.clone()).unwrap(), file);
    }
}
