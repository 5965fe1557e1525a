//! The outline: its visible rows, moving the selection through them with the keyboard,
//! collapsing and expanding, and showing a section by expanding its ancestors.

use super::command::Selection;
use super::workspace::{Effect, Workspace};
use crate::core::document::{Section, SectionId};

/// One visible row of the outline.
#[derive(Clone, Debug, PartialEq)]
pub struct OutlineRow {
    /// The section.
    pub id: SectionId,
    /// How deep it is (0 for top level).
    pub depth: usize,
    /// Its number and heading, as the outline shows them.
    pub label: String,
    /// The 字数 of the section and everything under it.
    pub words: usize,
    /// Whether it has children (to show a toggle).
    pub has_children: bool,
    /// Its open (unresolved) comments.
    pub open_comments: usize,
}

impl Workspace {
    /// Sections visible in the outline, in order.
    pub fn visible_rows(&self) -> Vec<SectionId> {
        fn walk(
            list: &[Section],
            collapsed: &std::collections::BTreeSet<SectionId>,
            out: &mut Vec<SectionId>,
        ) {
            for s in list {
                out.push(s.id);
                if !collapsed.contains(&s.id) {
                    walk(&s.children, collapsed, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.session.document().sections, &self.collapsed, &mut out);
        out
    }

    /// The outline's visible rows with their labels and counts.
    pub fn outline_rows(&self) -> Vec<OutlineRow> {
        let doc = self.session.document();
        let numbers = self.session.numbers();
        let mut rows = Vec::new();
        let mut hidden_below: Option<usize> = None;
        let comments = crate::core::comment::open_counts(doc);
        doc.walk(|s, depth| {
            if let Some(d) = hidden_below {
                if depth > d {
                    return;
                }
                hidden_below = None;
            }
            let label = numbers
                .get(s.id)
                .map(|n| n.heading_line(s.outline_name().trim_end_matches('。')))
                .unwrap_or_default();
            rows.push(OutlineRow {
                id: s.id,
                depth,
                label,
                words: self.session.subtree_counts(s).words,
                has_children: !s.children.is_empty(),
                open_comments: comments.get(&s.id).copied().unwrap_or(0),
            });
            if self.collapsed.contains(&s.id) {
                hidden_below = Some(depth);
            }
        });
        rows
    }

    /// Whether `id` is `dragged` or inside its subtree (no place to drop it).
    pub fn is_in_subtree(&self, dragged: SectionId, id: SectionId) -> bool {
        let mut is_inside = false;
        if let Some(s) = self.session.document().section(dragged) {
            s.walk(0, &mut |x, _| is_inside |= x.id == id);
        }
        is_inside
    }

    /// Expands the ancestors of `id` so it is visible in the outline, and scrolls to it.
    pub(super) fn reveal(&mut self, id: SectionId) {
        let doc = self.session.document();
        if let Some(path) = doc.path_of(id) {
            for depth in 1..path.len() {
                if let Some(ancestor) = doc.section_at(&path[..depth]) {
                    self.collapsed.remove(&ancestor.id);
                }
            }
        }
        self.effect(Effect::ScrollOutline(id));
    }

    /// Selects the next (or previous) visible row; up from the first row is the front
    /// matter.
    pub(super) fn step_selection(&mut self, is_forward: bool) {
        let rows = self.visible_rows();
        let at = match self.selection {
            Selection::Front => None,
            Selection::Section(id) => rows.iter().position(|r| *r == id),
        };
        let next = match (is_forward, at) {
            (true, None) => rows.first().copied(),
            (true, Some(i)) => rows.get(i + 1).copied(),
            (false, Some(0)) => {
                self.select(Selection::Front);
                return;
            }
            (false, Some(i)) => rows.get(i - 1).copied(),
            (false, None) => None,
        };
        if let Some(id) = next {
            self.select(Selection::Section(id));
        }
    }

    /// Collapses the selected node, or goes to its parent.
    pub(super) fn select_parent(&mut self) {
        let Selection::Section(id) = self.selection else {
            return;
        };
        let has_children = self
            .session
            .document()
            .section(id)
            .is_some_and(|s| !s.children.is_empty());
        if has_children && !self.collapsed.contains(&id) {
            self.collapsed.insert(id);
        } else if let Some(Some(parent)) = self.session.document().parent_of(id) {
            self.select(Selection::Section(parent));
        }
    }

    /// Expands the selected node, or goes to its first child.
    pub(super) fn select_child(&mut self) {
        let Selection::Section(id) = self.selection else {
            self.step_selection(true);
            return;
        };
        if self.collapsed.remove(&id) {
            return;
        }
        let first_child = self
            .session
            .document()
            .section(id)
            .and_then(|s| s.children.first().map(|c| c.id));
        if let Some(child) = first_child {
            self.select(Selection::Section(child));
        }
    }
}
