//! The running workspace and what the user is told about it. Every edit goes
//! through `Store::edit`, `Store::try_edit` or `Store::replace`: the one place
//! where undo snapshots and the autosave trigger hook in.

use leptos::prelude::*;

use crate::domain::model::workspace::Workspace;

/// What `save-state` shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    /// The stored copy equals what is on screen.
    Saved,
    /// An edit waits for the debounced save.
    Pending,
    /// The last save failed; the stored copy is the one before.
    NotSaved(String),
    /// Nothing is saved until the user decides (unreadable stored data).
    Paused(String),
    /// Storage is unavailable; the workspace lives in this page only.
    MemoryOnly,
}

impl SaveState {
    pub fn label(&self) -> String {
        match self {
            SaveState::Saved => "Saved".into(),
            SaveState::Pending => "Saving…".into(),
            SaveState::NotSaved(why) | SaveState::Paused(why) => format!("Not saved: {why}"),
            SaveState::MemoryOnly => "In memory only".into(),
        }
    }

    pub fn is_problem(&self) -> bool {
        matches!(
            self,
            SaveState::NotSaved(_) | SaveState::Paused(_) | SaveState::MemoryOnly
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Warning,
    Error,
}

/// A button offered with a notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoticeAction {
    /// Download `text` as `file_name`.
    Download {
        label: String,
        file_name: String,
        text: String,
    },
    /// Leave the unreadable stored data aside and start saving the sample.
    UseSample,
    /// Undo the last edit (offered after a deletion).
    Undo,
    /// Another tab saved too: set its version aside and save this one.
    KeepMine,
    /// Another tab saved too: set this version aside and load the stored one.
    TakeTheirs,
}

/// What a tab does about the stored workspace, given its save state, the
/// text it last loaded or saved (`last`) and the text stored now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TabSync {
    /// Nothing new is stored, or this tab is waiting for a decision already.
    Nothing,
    /// Another tab saved and this one has nothing unsaved: show theirs.
    Follow,
    /// Another tab saved and this one has unsaved edits: ask the user.
    Conflict,
}

/// The decision on a `storage` event; before a write, `state` is `Pending`
/// (the write carries unsaved edits). A removed key is nothing to lose.
pub fn tab_sync(state: &SaveState, last: Option<&str>, stored: Option<&str>) -> TabSync {
    match stored {
        None => TabSync::Nothing,
        Some(stored) if last == Some(stored) => TabSync::Nothing,
        Some(_) => match state {
            SaveState::Saved => TabSync::Follow,
            SaveState::Pending | SaveState::NotSaved(_) => TabSync::Conflict,
            SaveState::Paused(_) | SaveState::MemoryOnly => TabSync::Nothing,
        },
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub id: u64,
    pub kind: NoticeKind,
    /// Notices with the same topic replace each other (one quota warning, not ten).
    pub topic: &'static str,
    pub text: String,
    pub actions: Vec<NoticeAction>,
    /// The view a notice belongs to (its route, `#/triage`), or `None` for
    /// the whole workspace (storage, another tab). A view's notice is shown
    /// on that view only and dropped when the user leaves it.
    pub scope: Option<String>,
}

#[derive(Clone, Copy)]
pub struct Store {
    pub workspace: RwSignal<Workspace>,
    pub save_state: RwSignal<SaveState>,
    pub notices: RwSignal<Vec<Notice>>,
    /// Counts changes; the autosave watches it rather than the whole workspace.
    pub revision: RwSignal<u64>,
    /// How many steps undo and redo can take, for the buttons.
    pub history: RwSignal<(usize, usize)>,
    /// Counts undo, redo and replace: views that keep text of their own
    /// (editors) draw themselves again from the workspace when it moves.
    pub restored: RwSignal<u64>,
    next_notice: StoredValue<u64>,
    /// The revision `adopt` made: already stored, so not saved again.
    adopted: StoredValue<Option<u64>>,
    /// Snapshots before each edit (newest last) and of undone states.
    past: StoredValue<Vec<Workspace>>,
    future: StoredValue<Vec<Workspace>>,
}

/// Undo keeps this many steps; older ones are dropped.
pub const UNDO_LIMIT: usize = 100;

impl Store {
    pub fn new(workspace: Workspace, save_state: SaveState) -> Store {
        Store {
            workspace: RwSignal::new(workspace),
            save_state: RwSignal::new(save_state),
            notices: RwSignal::new(vec![]),
            revision: RwSignal::new(0),
            history: RwSignal::new((0, 0)),
            restored: RwSignal::new(0),
            next_notice: StoredValue::new(1),
            adopted: StoredValue::new(None),
            past: StoredValue::new(vec![]),
            future: StoredValue::new(vec![]),
        }
    }

    /// Keeps `before` for undo; a new edit forgets what was undone.
    fn remember(&self, before: Workspace) {
        self.past.update_value(|past| {
            if past.len() == UNDO_LIMIT {
                past.remove(0);
            }
            past.push(before);
        });
        self.future.update_value(Vec::clear);
        self.count_history();
    }

    fn count_history(&self) {
        let steps = (
            self.past.with_value(Vec::len),
            self.future.with_value(Vec::len),
        );
        self.history.set(steps);
    }

    /// Steps back to the workspace before the last edit; false if none.
    pub fn undo(&self) -> bool {
        self.step(self.past, self.future)
    }

    /// Takes the last undone edit again; false if none.
    pub fn redo(&self) -> bool {
        self.step(self.future, self.past)
    }

    fn step(&self, from: StoredValue<Vec<Workspace>>, to: StoredValue<Vec<Workspace>>) -> bool {
        let Some(target) = from.try_update_value(Vec::pop).flatten() else {
            return false;
        };
        let current = self
            .workspace
            .try_update(|ws| std::mem::replace(ws, target));
        if let Some(current) = current {
            to.update_value(|list| list.push(current));
        }
        self.revision.update(|r| *r += 1);
        self.restored.update(|r| *r += 1);
        self.count_history();
        true
    }

    /// Applies one user edit.
    pub fn edit(&self, change: impl FnOnce(&mut Workspace)) {
        let mut change = Some(change);
        self.apply(&mut |ws| {
            if let Some(change) = change.take() {
                change(ws)
            }
        });
    }

    /// The one place the workspace changes. Not generic, so the signal
    /// update code is compiled once rather than once per edit in the app.
    #[inline(never)]
    fn apply(&self, change: &mut dyn FnMut(&mut Workspace)) {
        self.remember(self.workspace.get_untracked());
        self.workspace.update(|ws| change(ws));
        self.revision.update(|r| *r += 1);
    }

    /// Applies an edit that may be refused. `change` checks before it
    /// changes anything; a refusal notifies nobody and saves nothing.
    pub fn try_edit(
        &self,
        change: impl FnOnce(&mut Workspace) -> Result<(), String>,
    ) -> Result<(), String> {
        let before = self.workspace.get_untracked();
        let result = self.workspace.update_untracked(change);
        if result.is_ok() {
            self.remember(before);
            self.workspace.notify();
            self.revision.update(|r| *r += 1);
        }
        result
    }

    /// `try_edit` on one project; refused when it no longer exists (deleted
    /// in the meantime, or undone away).
    pub fn try_edit_project(
        &self,
        id: &str,
        change: impl FnOnce(&mut crate::domain::model::project::Project) -> Result<(), String>,
    ) -> Result<(), String> {
        self.try_edit(|ws| match ws.projects.iter_mut().find(|p| p.id == id) {
            Some(project) => change(project),
            None => Err("This project no longer exists.".into()),
        })
    }

    /// Replaces the whole workspace (import, start over).
    pub fn replace(&self, workspace: Workspace) {
        let mut workspace = Some(workspace);
        self.apply(&mut |ws| {
            if let Some(new) = workspace.take() {
                *ws = new
            }
        });
        self.restored.update(|r| *r += 1);
    }

    /// Shows a workspace saved elsewhere (another tab). It is not this tab's
    /// edit, so it is neither undoable nor saved again (`is_adopted`), and the
    /// undo history is cleared: undoing here would take back the other tab's
    /// work, and redoing would bring back what it replaced.
    pub fn adopt(&self, workspace: Workspace) {
        self.workspace.set(workspace);
        self.past.update_value(Vec::clear);
        self.future.update_value(Vec::clear);
        self.count_history();
        self.revision.update(|r| *r += 1);
        self.adopted.set_value(Some(self.revision.get_untracked()));
        self.restored.update(|r| *r += 1);
    }

    /// Whether `revision` is a workspace `adopt`ed as it is stored, with no
    /// edit since: there is nothing to save.
    pub fn is_adopted(&self, revision: u64) -> bool {
        self.adopted.get_value() == Some(revision)
    }

    /// A notice about the whole workspace, shown on every view.
    pub fn notify(
        &self,
        kind: NoticeKind,
        topic: &'static str,
        text: impl Into<String>,
        actions: Vec<NoticeAction>,
    ) {
        self.push_notice(None, kind, topic, text.into(), actions);
    }

    /// A notice about one view, the route `scope` (`#/triage`): shown there
    /// and dropped when the user leaves it (`leave_views_but`).
    pub fn notify_in(
        &self,
        scope: String,
        kind: NoticeKind,
        topic: &'static str,
        text: impl Into<String>,
        actions: Vec<NoticeAction>,
    ) {
        self.push_notice(Some(scope), kind, topic, text.into(), actions);
    }

    fn push_notice(
        &self,
        scope: Option<String>,
        kind: NoticeKind,
        topic: &'static str,
        text: String,
        actions: Vec<NoticeAction>,
    ) {
        let id = self.next_notice.get_value();
        self.next_notice.set_value(id + 1);
        let notice = Notice {
            id,
            kind,
            topic,
            text,
            actions,
            scope,
        };
        self.notices.update(|list| {
            list.retain(|n| n.topic != topic);
            list.push(notice);
        });
    }

    /// The user is now on the route `here`: the notices of other views go.
    pub fn leave_views_but(&self, here: &str) {
        let stale = |n: &Notice| n.scope.as_deref().is_some_and(|s| s != here);
        if self.notices.with_untracked(|list| list.iter().any(stale)) {
            self.notices.update(|list| list.retain(|n| !stale(n)));
        }
    }

    pub fn dismiss(&self, id: u64) {
        self.notices.update(|list| list.retain(|n| n.id != id));
    }

    pub fn dismiss_topic(&self, topic: &str) {
        self.notices
            .update(|list| list.retain(|n| n.topic != topic));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::data::sample::sample_workspace;

    #[test]
    fn edits_bump_the_revision_and_notices_replace_their_topic() {
        let owner = Owner::new();
        owner.with(|| {
            let store = Store::new(sample_workspace(), SaveState::Saved);
            store.edit(|ws| ws.name = "Renamed".into());
            assert_eq!(store.revision.get_untracked(), 1);
            assert_eq!(
                store.workspace.with_untracked(|ws| ws.name.clone()),
                "Renamed"
            );
            store.notify(NoticeKind::Warning, "quota", "full", vec![]);
            store.notify(NoticeKind::Warning, "quota", "still full", vec![]);
            let texts: Vec<String> = store
                .notices
                .get_untracked()
                .into_iter()
                .map(|n| n.text)
                .collect();
            assert_eq!(texts, ["still full"]);
        });
    }

    #[test]
    fn a_views_notice_goes_when_the_user_leaves_it_and_workspace_notices_stay() {
        let owner = Owner::new();
        owner.with(|| {
            let store = Store::new(sample_workspace(), SaveState::Saved);
            store.notify(NoticeKind::Warning, "quota", "full", vec![]);
            store.notify_in(
                "#/triage".into(),
                NoticeKind::Info,
                "triage",
                "Saved “A”.",
                vec![],
            );
            let texts = |store: &Store| -> Vec<String> {
                store
                    .notices
                    .get_untracked()
                    .into_iter()
                    .map(|n| n.text)
                    .collect()
            };
            store.leave_views_but("#/triage");
            assert_eq!(texts(&store), ["full", "Saved “A”."]);
            store.leave_views_but("#/projects");
            assert_eq!(texts(&store), ["full"]);
        });
    }

    #[test]
    fn a_refused_edit_changes_nothing_and_saves_nothing() {
        let owner = Owner::new();
        owner.with(|| {
            let store = Store::new(sample_workspace(), SaveState::Saved);
            let refused = store.try_edit(|ws| {
                if ws.name.is_empty() {
                    Ok(())
                } else {
                    Err("no".into())
                }
            });
            assert_eq!(refused, Err("no".to_string()));
            assert_eq!(store.revision.get_untracked(), 0);
            assert_eq!(
                store.try_edit(|ws| {
                    ws.name = "Kept".into();
                    Ok(())
                }),
                Ok(())
            );
            assert_eq!(store.revision.get_untracked(), 1);
            assert_eq!(store.workspace.with_untracked(|ws| ws.name.clone()), "Kept");
        });
    }

    #[test]
    fn undo_and_redo_step_through_edits_and_a_new_edit_forgets_the_redo() {
        let owner = Owner::new();
        owner.with(|| {
            let store = Store::new(sample_workspace(), SaveState::Saved);
            let name = || store.workspace.with_untracked(|ws| ws.name.clone());
            let first = name();
            store.edit(|ws| ws.name = "One".into());
            let _ = store.try_edit(|ws| {
                ws.name = "Two".into();
                Ok(())
            });
            let _ = store.try_edit(|_| Err("refused".into()));
            assert_eq!(store.history.get_untracked(), (2, 0));
            assert!(store.undo());
            assert_eq!(name(), "One");
            assert!(store.undo());
            assert_eq!(name(), first);
            assert!(!store.undo());
            assert!(store.redo());
            assert_eq!(name(), "One");
            assert_eq!(store.history.get_untracked(), (1, 1));
            store.edit(|ws| ws.name = "Three".into());
            assert!(!store.redo());
            assert_eq!(store.history.get_untracked(), (2, 0));
            for i in 0..UNDO_LIMIT + 5 {
                store.edit(|ws| ws.name = format!("n{i}"));
            }
            assert_eq!(store.history.get_untracked(), (UNDO_LIMIT, 0));
        });
    }

    #[test]
    fn another_tabs_save_is_followed_only_when_nothing_here_is_unsaved() {
        let (a, b) = (Some("a"), Some("b"));
        let paused = SaveState::Paused("x".into());
        assert_eq!(tab_sync(&SaveState::Saved, a, b), TabSync::Follow);
        assert_eq!(tab_sync(&SaveState::Saved, a, a), TabSync::Nothing);
        assert_eq!(tab_sync(&SaveState::Pending, a, b), TabSync::Conflict);
        assert_eq!(tab_sync(&SaveState::Pending, a, a), TabSync::Nothing);
        assert_eq!(
            tab_sync(&SaveState::NotSaved("full".into()), a, b),
            TabSync::Conflict
        );
        assert_eq!(tab_sync(&paused, a, b), TabSync::Nothing);
        assert_eq!(tab_sync(&SaveState::MemoryOnly, a, b), TabSync::Nothing);
        // A first save, or a cleared key, overwrites nothing.
        assert_eq!(tab_sync(&SaveState::Pending, None, None), TabSync::Nothing);
        assert_eq!(tab_sync(&SaveState::Pending, a, None), TabSync::Nothing);
        // Stored by another tab before this one ever saved.
        assert_eq!(tab_sync(&SaveState::Pending, None, b), TabSync::Conflict);
    }

    #[test]
    fn an_adopted_workspace_is_not_undoable_and_not_saved_again() {
        let owner = Owner::new();
        owner.with(|| {
            let store = Store::new(sample_workspace(), SaveState::Saved);
            store.edit(|ws| ws.name = "Mine".into());
            let mut theirs = sample_workspace();
            theirs.name = "Theirs".into();
            store.adopt(theirs);
            assert_eq!(
                store.workspace.with_untracked(|ws| ws.name.clone()),
                "Theirs"
            );
            assert_eq!(store.revision.get_untracked(), 2);
            assert!(store.is_adopted(2));
            assert_eq!(store.restored.get_untracked(), 1);
            assert_eq!(store.history.get_untracked(), (0, 0));
            assert!(!store.undo());
            store.edit(|ws| ws.name = "Mine again".into());
            assert!(!store.is_adopted(store.revision.get_untracked()));
        });
    }

    #[test]
    fn save_state_labels_are_what_the_header_shows() {
        assert_eq!(SaveState::Saved.label(), "Saved");
        assert_eq!(SaveState::MemoryOnly.label(), "In memory only");
        assert_eq!(
            SaveState::NotSaved("storage is full".into()).label(),
            "Not saved: storage is full"
        );
    }
}
