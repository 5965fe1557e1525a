//! The find and replace bar: matches across the whole document with their sections,
//! next/previous, replace one or all (each one undoable step).

use super::app::PlandraftApp;
use super::command::{Command, Selection, View};
use super::editor::{Field, body_char_offset};
use super::i18n::{Key, tr_args};
use crate::core::document::Container;
use crate::core::search::{self, Location, Match, Query};

/// The find bar's state and its cached matches.
#[derive(Default)]
pub struct FindState {
    /// Whether the bar is shown.
    pub is_open: bool,
    /// Whether the replace row is shown.
    pub is_replacing: bool,
    /// Put the cursor in the search field on the next frame.
    pub wants_focus: bool,
    /// What to look for.
    pub query: Query,
    /// What to put instead.
    pub replacement: String,
    /// The matches for (revision, query).
    matches: Vec<Match>,
    built_for: Option<(u64, Query)>,
    /// The match shown, as an index into `matches`.
    pub current: Option<usize>,
}

impl FindState {
    /// Forgets the matches (another document).
    pub fn invalidate(&mut self) {
        self.built_for = None;
        self.current = None;
    }
}

const LIST_ROW_HEIGHT: f32 = 20.0;

impl PlandraftApp {
    /// What the find bar looks for.
    pub fn find_query(&self) -> &Query {
        &self.find.query
    }

    /// The current matches, found again if the document or query changed.
    pub fn matches(&mut self) -> &[Match] {
        let key = (self.session.revision(), self.find.query.clone());
        if self.find.built_for.as_ref() != Some(&key) {
            let is_new_query = self.find.built_for.as_ref().map(|(_, q)| q) != Some(&key.1);
            self.find.matches = search::find_all(self.session.document(), &self.find.query);
            self.find.built_for = Some(key);
            let n = self.find.matches.len();
            // A new query has no current match yet; after an edit the place is kept.
            self.find.current = self
                .find
                .current
                .filter(|_| n > 0 && !is_new_query)
                .map(|c| c.min(n - 1));
        }
        &self.find.matches
    }

    /// Draws the find bar.
    pub(super) fn find_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.lang();
        let count = self.matches().len();
        ui.horizontal(|ui| {
            let label = ui.label(self.t(Key::FindLabel));
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut self.find.query.needle)
                        .id(egui::Id::unique("find-needle"))
                        .desired_width(260.0),
                )
                .labelled_by(label.id);
            if std::mem::take(&mut self.find.wants_focus) {
                response.request_focus();
            }
            if response.changed() {
                // The count above was for the old text.
                ui.ctx().request_repaint();
            }
            if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                self.push(Command::FindNext);
                response.request_focus();
            }
            let case_label = self.t(Key::MatchCase);
            ui.checkbox(&mut self.find.query.is_case_sensitive, case_label);
            if ui.button(self.t(Key::Previous)).clicked() {
                self.push(Command::FindPrevious);
            }
            if ui.button(self.t(Key::Next)).clicked() {
                self.push(Command::FindNext);
            }
            let status = match (count, self.find.current) {
                (0, _) if self.find.query.needle.is_empty() => String::new(),
                (0, _) => self.t(Key::NoMatches).to_owned(),
                (n, Some(i)) => {
                    tr_args(lang, Key::MatchOf, &[&(i + 1).to_string(), &n.to_string()])
                }
                (n, None) => tr_args(lang, Key::MatchCount, &[&n.to_string()]),
            };
            ui.label(status);
            if ui.button("✖").on_hover_text(self.t(Key::Close)).clicked()
                || ui.input(|i| i.key_pressed(egui::Key::Escape))
            {
                self.push(Command::CloseFind);
            }
        });
        if self.find.is_replacing {
            ui.horizontal(|ui| {
                let label = ui.label(self.t(Key::ReplaceLabel));
                ui.add(
                    egui::TextEdit::singleline(&mut self.find.replacement)
                        .id(egui::Id::unique("find-replacement"))
                        .desired_width(260.0),
                )
                .labelled_by(label.id);
                if ui
                    .add_enabled(
                        self.find.current.is_some(),
                        egui::Button::new(self.t(Key::ReplaceOne)),
                    )
                    .clicked()
                {
                    self.push(Command::ReplaceOne);
                }
                if ui
                    .add_enabled(count > 0, egui::Button::new(self.t(Key::ReplaceAll)))
                    .clicked()
                {
                    self.push(Command::ReplaceAll);
                }
            });
        }
        if count > 0 {
            self.match_list_ui(ui, count);
        }
    }

    fn match_list_ui(&mut self, ui: &mut egui::Ui, count: usize) {
        let matches = std::mem::take(&mut self.find.matches);
        egui::ScrollArea::vertical()
            .id_salt("matches")
            .max_height(LIST_ROW_HEIGHT * 8.0)
            .auto_shrink([false, true])
            .show_rows(ui, LIST_ROW_HEIGHT, count, |ui, range| {
                for i in range {
                    let m = &matches[i];
                    let label = self.match_label(m);
                    let is_current = self.find.current == Some(i);
                    if ui
                        .add(egui::Button::selectable(is_current, label))
                        .clicked()
                    {
                        self.find.current = Some(i);
                        self.go_to_match(i, &matches);
                    }
                }
            });
        self.find.matches = matches;
    }

    /// "（一）把握…：…前文【发展】后文…" for one match.
    fn match_label(&self, m: &Match) -> String {
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

    pub(super) fn step_match(&mut self, delta: isize) {
        let n = self.matches().len();
        if n == 0 {
            return;
        }
        let next = match self.find.current {
            None if delta >= 0 => 0,
            None => n - 1,
            Some(i) => (i as isize + delta).rem_euclid(n as isize) as usize,
        };
        self.find.current = Some(next);
        let matches = self.find.matches.clone();
        self.go_to_match(next, &matches);
    }

    /// Selects the match's section and its text in the editor.
    fn go_to_match(&mut self, index: usize, matches: &[Match]) {
        let Some(m) = matches.get(index) else {
            return;
        };
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
        self.editor.select_in = Some((field, start..start + length));
    }

    pub(super) fn replace_current(&mut self, ctx: &egui::Context) {
        let Some(i) = self.find.current else {
            return;
        };
        let Some(m) = self.matches().get(i).cloned() else {
            return;
        };
        if let Some(edit) = search::replace_edit(
            self.session.document(),
            std::slice::from_ref(&m),
            &self.find.replacement,
        ) {
            let result = self.session.apply(edit);
            self.after_change(ctx, result);
        }
        // Matches before the replaced one are unchanged; skip any that the replacement text
        // itself now holds (发展 → 高质量发展), so the next click moves on.
        let end = m.range.start + self.find.replacement.len();
        let matches = self.matches().to_vec();
        let inside = matches
            .iter()
            .filter(|n| n.location == m.location && (m.range.start..end).contains(&n.range.start))
            .count();
        let next = i + inside;
        self.find.current = (next < matches.len()).then_some(next);
        if let Some(next) = self.find.current {
            self.go_to_match(next, &matches);
        }
    }

    pub(super) fn replace_all(&mut self, ctx: &egui::Context) {
        let matches = self.matches().to_vec();
        let n = matches.len();
        if let Some(edit) =
            search::replace_edit(self.session.document(), &matches, &self.find.replacement)
        {
            let result = self.session.apply(edit);
            self.after_change(ctx, result);
            let text = tr_args(self.lang(), Key::Replaced, &[&n.to_string()]);
            self.notify(ctx, text, false);
        }
        self.find.current = None;
    }
}
