//! Find and replace: matches across the whole document with their sections, next and
//! previous, replace one or all (each one undoable step).

use super::command::{Selection, View};
use super::editor::{Field, body_char_offset};
use super::i18n::{Key, tr_args};
use super::workspace::{Effect, Workspace};
use crate::core::document::Container;
use crate::core::search::{self, Location, Match, Query};
use crate::core::session::Session;

/// The find bar: what it looks for, and the matches found for the document as it is.
#[derive(Default)]
pub struct Find {
    /// Whether the bar is shown.
    pub is_open: bool,
    /// Whether the replace row is shown.
    pub is_replacing: bool,
    /// What to look for.
    pub query: Query,
    /// What to put instead.
    pub replacement: String,
    /// The matches for (revision, query).
    matches: Vec<Match>,
    built_for: Option<(u64, Query)>,
    /// The match shown, as an index into the matches.
    pub current: Option<usize>,
}

impl Find {
    /// Forgets the matches (another document).
    pub fn invalidate(&mut self) {
        self.built_for = None;
        self.current = None;
    }

    /// Finds the matches again if the document or the query changed.
    pub fn refresh(&mut self, session: &Session) {
        let key = (session.revision(), self.query.clone());
        if self.built_for.as_ref() == Some(&key) {
            return;
        }
        let is_new_query = self.built_for.as_ref().map(|(_, q)| q) != Some(&key.1);
        self.matches = search::find_all(session.document(), &self.query);
        self.built_for = Some(key);
        let n = self.matches.len();
        // A new query has no current match yet; after an edit the place is kept.
        self.current = self
            .current
            .filter(|_| n > 0 && !is_new_query)
            .map(|c| c.min(n - 1));
    }

    /// The matches as last found ([`Find::refresh`]).
    pub fn matches(&self) -> &[Match] {
        &self.matches
    }
}

impl Workspace {
    /// "（一）把握…：…前文【发展】后文…" for one match.
    pub fn match_label(&self, m: &Match) -> String {
        let doc = self.session.document();
        let place = match m.location.section() {
            Some(id) => {
                let heading = doc
                    .section(id)
                    .map(|s| s.heading.as_str())
                    .unwrap_or_default();
                let short: String = heading.chars().take(16).collect();
                format!("{}{short}", self.session.numbers().label(id))
            }
            None => self.t(Key::Preface).to_owned(),
        };
        let text = search::text_at(doc, m.location).unwrap_or_default();
        let start = text.get(..m.range.start).unwrap_or_default();
        let before: String = {
            let chars: Vec<char> = start.chars().collect();
            chars[chars.len().saturating_sub(12)..].iter().collect()
        };
        let found = text.get(m.range.clone()).unwrap_or_default();
        let after: String = text
            .get(m.range.end..)
            .unwrap_or_default()
            .chars()
            .take(12)
            .collect();
        format!("{place}：…{before}【{found}】{after}…")
    }

    /// What the find bar says: "3 / 12", "12 处", "无匹配", or nothing for an empty query.
    pub fn find_status(&self) -> String {
        let lang = self.lang();
        match (self.find.matches.len(), self.find.current) {
            (0, _) if self.find.query.needle.is_empty() => String::new(),
            (0, _) => self.t(Key::NoMatches).to_owned(),
            (n, Some(i)) => tr_args(lang, Key::MatchOf, &[&(i + 1).to_string(), &n.to_string()]),
            (n, None) => tr_args(lang, Key::MatchCount, &[&n.to_string()]),
        }
    }

    pub(super) fn step_match(&mut self, delta: isize) {
        self.find.refresh(&self.session);
        let n = self.find.matches.len();
        if n == 0 {
            return;
        }
        let next = super::command::step(self.find.current, n, delta);
        self.go_to_match(next);
    }

    /// Makes match `index` the current one: selects its section and its text in the editor.
    pub(super) fn go_to_match(&mut self, index: usize) {
        self.find.refresh(&self.session);
        let Some(m) = self.find.matches.get(index).cloned() else {
            return;
        };
        self.find.current = Some(index);
        let doc = self.session.document();
        let text = search::text_at(doc, m.location).unwrap_or_default();
        let chars_in = |s: &str, byte: usize| s.get(..byte).map_or(0, |p| p.chars().count());
        let (selection, field, start) = match m.location {
            Location::Title(line) => {
                let before: usize = doc.title[..line]
                    .iter()
                    .map(|l| l.chars().count() + 1)
                    .sum();
                (
                    Selection::Front,
                    Field::Title,
                    before + chars_in(text, m.range.start),
                )
            }
            Location::Stage => (
                Selection::Front,
                Field::Stage,
                chars_in(text, m.range.start),
            ),
            Location::Heading(id) => (
                Selection::Section(id),
                Field::Heading(id),
                chars_in(text, m.range.start),
            ),
            Location::Paragraph(container, i) => {
                let paragraphs = doc
                    .paragraphs(container)
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                let selection = match container {
                    Container::Preamble => Selection::Front,
                    Container::Section(id) => Selection::Section(id),
                };
                (
                    selection,
                    Field::Body(container),
                    body_char_offset(paragraphs, i, m.range.start),
                )
            }
        };
        let length = text.get(m.range.clone()).map_or(0, |s| s.chars().count());
        self.select(selection);
        self.view = View::Edit;
        self.effect(Effect::SelectText {
            field,
            range: start..start + length,
        });
    }

    pub(super) fn replace_current(&mut self) {
        self.find.refresh(&self.session);
        let Some(i) = self.find.current else {
            return;
        };
        let Some(m) = self.find.matches.get(i).cloned() else {
            return;
        };
        if let Some(edit) = search::replace_edit(
            self.session.document(),
            std::slice::from_ref(&m),
            &self.find.replacement,
        ) {
            let result = self.session.apply(edit);
            self.after_change(result);
        }
        // Matches before the replaced one are unchanged; skip any that the replacement text
        // itself now holds (发展 → 高质量发展), so the next click moves on.
        self.find.refresh(&self.session);
        let end = m.range.start + self.find.replacement.len();
        let inside = self
            .find
            .matches
            .iter()
            .filter(|n| n.location == m.location && (m.range.start..end).contains(&n.range.start))
            .count();
        let next = i + inside;
        if next < self.find.matches.len() {
            self.go_to_match(next);
        } else {
            self.find.current = None;
        }
    }

    pub(super) fn replace_all(&mut self) {
        self.find.refresh(&self.session);
        let n = self.find.matches.len();
        if let Some(edit) = search::replace_edit(
            self.session.document(),
            &self.find.matches,
            &self.find.replacement,
        ) {
            let result = self.session.apply(edit);
            self.after_change(result);
            let text = tr_args(self.lang(), Key::Replaced, &[&n.to_string()]);
            self.notify(text, false);
        }
        self.find.current = None;
    }
}
