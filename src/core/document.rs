//! The document model: title block, stage line, preamble and the tree of sections.
//!
//! Section numbers are never stored here; `numbering` derives them from position.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

use super::numbering::NumberingScheme;

/// The deepest a section may sit (1 = top level).
///
/// Real plans use at most five or six levels. The cap keeps every saved file loadable with
/// ron's recursion limit switched on (each level costs the parser several nesting steps).
pub const MAX_DEPTH: usize = 16;

/// A section's identity: unique in its file, never reused, unchanged by edits and moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SectionId(pub u64);

impl std::fmt::Display for SectionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// A map from section ids to values, built once and then only read: a vector sorted by
/// id, quicker to build and to read than a tree when it holds a whole document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdMap<T> {
    entries: Vec<(SectionId, T)>,
}

impl<T> Default for IdMap<T> {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
        }
    }
}

impl<T> IdMap<T> {
    /// The map of `entries`, in any order (of two entries with one id, either is kept).
    pub fn new(mut entries: Vec<(SectionId, T)>) -> Self {
        entries.sort_unstable_by_key(|(id, _)| *id);
        Self { entries }
    }

    /// The value for `id`.
    pub fn get(&self, id: SectionId) -> Option<&T> {
        let at = self.entries.binary_search_by_key(&id, |(i, _)| *i).ok()?;
        self.entries.get(at).map(|(_, v)| v)
    }

    /// The value for `id`, mutably.
    pub fn get_mut(&mut self, id: SectionId) -> Option<&mut T> {
        let at = self.entries.binary_search_by_key(&id, |(i, _)| *i).ok()?;
        self.entries.get_mut(at).map(|(_, v)| v)
    }

    /// Every id and value, in id order.
    pub fn iter(&self) -> impl Iterator<Item = (SectionId, &T)> {
        self.entries.iter().map(|(id, v)| (*id, v))
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// One paragraph of body text, kept exactly as written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Paragraph {
    /// The paragraph's text, without indentation or line break.
    pub text: String,
}

impl Paragraph {
    /// A paragraph holding `text`.
    pub fn new(text: impl Into<String>) -> Self {
        Self { text: text.into() }
    }

    /// Whether this is a list line of the ——坚持… kind.
    pub fn is_list_item(&self) -> bool {
        self.text.starts_with("——")
    }

    /// Byte offset just past the lead sentence (坚持人民至上。…), if the paragraph opens with one.
    ///
    /// A lead sentence is a short first sentence (at most 40 characters, at most one comma)
    /// followed by more text; export may emphasise it.
    pub fn lead_sentence_end(&self) -> Option<usize> {
        let end = sentence_end(&self.text)?;
        let lead = &self.text[..end];
        let is_short = lead.chars().count() <= 40;
        let commas = lead.chars().filter(|c| matches!(c, '，' | ',')).count();
        let has_more = !self.text[end..].trim().is_empty();
        (is_short && commas <= 1 && has_more).then_some(end)
    }
}

/// Byte offset just past the first sentence-ending mark (。！？) that is not inside
/// quotation marks or brackets.
pub fn sentence_end(text: &str) -> Option<usize> {
    let mut depth: i32 = 0;
    for (i, c) in text.char_indices() {
        match c {
            '“' | '‘' | '《' | '（' | '(' | '「' | '『' | '【' => depth += 1,
            '”' | '’' | '》' | '）' | ')' | '」' | '』' | '】' => {
                depth = (depth - 1).max(0)
            }
            '。' | '！' | '？' if depth == 0 => return Some(i + c.len_utf8()),
            _ => {}
        }
    }
    None
}

/// A numbered section: heading, paragraphs and child sections.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Stable identity.
    pub id: SectionId,
    /// The heading without its number (发展形势, 决胜全面建成小康社会取得决定性成就。).
    pub heading: String,
    /// Whether the heading runs into the first paragraph (1.决胜……。“十三五”时期…).
    pub run_in: bool,
    /// Body paragraphs, in order.
    pub paragraphs: Vec<Paragraph>,
    /// Child sections, in order.
    pub children: Vec<Section>,
    /// Where numbering starts again (an 附件 that restarts at 一、, or a number the drafter
    /// chose to keep as written): this section is numbered so, and those after it count
    /// on from it. None to number by place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart: Option<u32>,
}

impl Section {
    /// What names the section in an outline: its heading, or for an untitled run-in
    /// section (an article, 第一条　为了……) the start of its text, ending in …
    pub fn outline_name(&self) -> std::borrow::Cow<'_, str> {
        const CHARS: usize = 20;
        match self.paragraphs.first() {
            Some(p) if self.heading.is_empty() && self.run_in => {
                let mut name: String = p.text.chars().take(CHARS).collect();
                if p.text.chars().nth(CHARS).is_some() {
                    name.push('…');
                }
                std::borrow::Cow::Owned(name)
            }
            _ => std::borrow::Cow::Borrowed(&self.heading),
        }
    }

    /// A new, empty section with its own heading line.
    pub fn new(id: SectionId, heading: impl Into<String>) -> Self {
        Self {
            id,
            heading: heading.into(),
            run_in: false,
            paragraphs: Vec::new(),
            children: Vec::new(),
            restart: None,
        }
    }

    /// Number of levels in this subtree (1 for a section without children).
    pub fn height(&self) -> usize {
        1 + self.children.iter().map(Section::height).max().unwrap_or(0)
    }

    /// Whether the section holds any text besides its heading, or any child section.
    pub fn has_content(&self) -> bool {
        !self.children.is_empty() || self.paragraphs.iter().any(|p| !p.text.is_empty())
    }

    /// Calls `f` on this section and every descendant, in document order, with its depth
    /// (`depth` is this section's own depth).
    pub fn walk<'a>(&'a self, depth: usize, f: &mut impl FnMut(&'a Section, usize)) {
        f(self, depth);
        for child in &self.children {
            child.walk(depth + 1, f);
        }
    }

    /// How the section prints under a number of `style`: the text its heading runs into, if
    /// it is printed run-in, and the paragraphs that follow the heading line. A heading runs
    /// in when it is run-in, has a paragraph to run into, and is not a 第…篇/章/节 heading,
    /// which always stands on its own line.
    pub fn printed_parts(
        &self,
        style: super::numbering::NumberStyle,
    ) -> (Option<&str>, &[Paragraph]) {
        match self.paragraphs.split_first() {
            Some((first, rest)) if self.run_in && !style.is_chapter_like() => {
                (Some(first.text.as_str()), rest)
            }
            _ => (None, &self.paragraphs),
        }
    }
}

/// Where a list of paragraphs lives: the preamble or a section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Container {
    /// The paragraphs before the first heading.
    Preamble,
    /// A section's own paragraphs.
    Section(SectionId),
}

/// A whole planning document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Title lines, e.g. 长春市绿园区国民经济和社会发展 / 第十五个五年规划纲要框架.
    pub title: Vec<String>,
    /// The stage or date line without its brackets (征求意见稿, 2020年10月29日…通过).
    pub stage: Option<String>,
    /// How section numbers are formed at each depth.
    pub numbering: NumberingScheme,
    /// Paragraphs before the first heading.
    pub preamble: Vec<Paragraph>,
    /// Top-level sections.
    pub sections: Vec<Section>,
    /// The next section id to hand out; it only grows, so ids are never reused.
    pub next_id: u64,
    /// Merge conflicts not yet resolved: the document holds our text at each, and the
    /// conflict the base's and theirs (file format version 4).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<super::merge::Conflict>,
    /// Comments (批注) on its sections (file format version 5).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<super::comment::Comment>,
}

impl Default for Document {
    fn default() -> Self {
        Self {
            title: Vec::new(),
            stage: None,
            numbering: NumberingScheme::gbt9704(),
            preamble: Vec::new(),
            sections: Vec::new(),
            next_id: 1,
            conflicts: Vec::new(),
            comments: Vec::new(),
        }
    }
}

/// A problem that makes a document unfit to save or use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// Two sections share one id.
    #[error("section id {0} is used twice")]
    DuplicateId(SectionId),
    /// The file's lineage is not one plandraft writes (32 hex digits).
    #[error("the lineage “{0}” is not 32 hexadecimal digits")]
    BadLineage(String),
    /// A section id is not below `next_id`, so it could be handed out again.
    #[error("section id {id} is not below next_id {next_id}")]
    IdNotBelowNext {
        /// The offending id.
        id: SectionId,
        /// The document's next id.
        next_id: u64,
    },
    /// The tree is deeper than [`MAX_DEPTH`].
    #[error("sections are nested {depth} levels deep; at most {MAX_DEPTH} are allowed")]
    TooDeep {
        /// The depth found.
        depth: usize,
    },
}

impl Document {
    /// Hands out a fresh section id.
    pub fn allocate_id(&mut self) -> SectionId {
        let id = SectionId(self.next_id);
        self.next_id += 1;
        id
    }

    /// Calls `f` on every section in document order with its depth (0 = top level).
    pub fn walk<'a>(&'a self, mut f: impl FnMut(&'a Section, usize)) {
        for s in &self.sections {
            s.walk(0, &mut f);
        }
    }

    /// Every section in document order, with its depth (0 = top level).
    pub fn flatten(&self) -> Vec<(&Section, usize)> {
        let mut out = Vec::new();
        self.walk(|s, d| out.push((s, d)));
        out
    }

    /// Number of levels in the section tree (0 when there are no sections).
    pub fn height(&self) -> usize {
        self.sections.iter().map(Section::height).max().unwrap_or(0)
    }

    /// The section with `id`, if any.
    pub fn section(&self, id: SectionId) -> Option<&Section> {
        let path = self.path_of(id)?;
        self.section_at(&path)
    }

    /// The section with `id`, mutably.
    pub fn section_mut(&mut self, id: SectionId) -> Option<&mut Section> {
        let path = self.path_of(id)?;
        self.section_at_mut(&path)
    }

    /// The index path from the top level down to `id`.
    pub fn path_of(&self, id: SectionId) -> Option<Vec<usize>> {
        fn find(list: &[Section], id: SectionId, path: &mut Vec<usize>) -> bool {
            for (i, s) in list.iter().enumerate() {
                path.push(i);
                if s.id == id || find(&s.children, id, path) {
                    return true;
                }
                path.pop();
            }
            false
        }
        let mut path = Vec::new();
        find(&self.sections, id, &mut path).then_some(path)
    }

    /// The section at an index path.
    pub fn section_at(&self, path: &[usize]) -> Option<&Section> {
        let (first, rest) = path.split_first()?;
        let mut s = self.sections.get(*first)?;
        for i in rest {
            s = s.children.get(*i)?;
        }
        Some(s)
    }

    /// The section at an index path, mutably.
    pub fn section_at_mut(&mut self, path: &[usize]) -> Option<&mut Section> {
        let (first, rest) = path.split_first()?;
        let mut s = self.sections.get_mut(*first)?;
        for i in rest {
            s = s.children.get_mut(*i)?;
        }
        Some(s)
    }

    /// The parent of `id` (None for a top-level section), or None if `id` is absent.
    pub fn parent_of(&self, id: SectionId) -> Option<Option<SectionId>> {
        let path = self.path_of(id)?;
        if path.len() == 1 {
            return Some(None);
        }
        self.section_at(&path[..path.len() - 1]).map(|p| Some(p.id))
    }

    /// The child list of `parent` (the top level for None).
    pub fn children_mut(&mut self, parent: Option<SectionId>) -> Option<&mut Vec<Section>> {
        match parent {
            None => Some(&mut self.sections),
            Some(id) => self.section_mut(id).map(|s| &mut s.children),
        }
    }

    /// The child list of `parent` (the top level for None).
    pub fn children(&self, parent: Option<SectionId>) -> Option<&Vec<Section>> {
        match parent {
            None => Some(&self.sections),
            Some(id) => self.section(id).map(|s| &s.children),
        }
    }

    /// The paragraphs of a container.
    pub fn paragraphs(&self, container: Container) -> Option<&Vec<Paragraph>> {
        match container {
            Container::Preamble => Some(&self.preamble),
            Container::Section(id) => self.section(id).map(|s| &s.paragraphs),
        }
    }

    /// The paragraphs of a container, mutably.
    pub fn paragraphs_mut(&mut self, container: Container) -> Option<&mut Vec<Paragraph>> {
        match container {
            Container::Preamble => Some(&mut self.preamble),
            Container::Section(id) => self.section_mut(id).map(|s| &mut s.paragraphs),
        }
    }

    /// Depth of `id` (0 = top level).
    pub fn depth_of(&self, id: SectionId) -> Option<usize> {
        self.path_of(id).map(|p| p.len() - 1)
    }

    /// Checks the invariants every saved document keeps: unique ids below `next_id`, and
    /// nesting no deeper than [`MAX_DEPTH`].
    pub fn validate(&self) -> Result<(), ModelError> {
        let height = self.height();
        if height > MAX_DEPTH {
            return Err(ModelError::TooDeep { depth: height });
        }
        let mut seen = BTreeSet::new();
        let mut problem = None;
        self.walk(|s, _| {
            if problem.is_some() {
                return;
            }
            if !seen.insert(s.id) {
                problem = Some(ModelError::DuplicateId(s.id));
            } else if s.id.0 >= self.next_id {
                problem = Some(ModelError::IdNotBelowNext {
                    id: s.id,
                    next_id: self.next_id,
                });
            }
        });
        problem.map_or(Ok(()), Err)
    }

    /// Total number of sections.
    pub fn section_count(&self) -> usize {
        let mut n = 0;
        self.walk(|_, _| n += 1);
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_sentence_is_found_only_when_short_and_followed_by_text() {
        let p = Paragraph::new("坚持人民至上。尊重人民主体地位。");
        assert_eq!(p.lead_sentence_end(), Some("坚持人民至上。".len()));
        assert_eq!(Paragraph::new("坚持人民至上。").lead_sentence_end(), None);
        let long =
            "在此基础上再奋斗五年，到2035年，实现我区经济实力、科创能力、民生福祉大幅跃升。其余";
        assert_eq!(Paragraph::new(long).lead_sentence_end(), None);
    }

    #[test]
    fn sentence_end_skips_quoted_marks() {
        let t = "他说“好。”然后走了。";
        assert_eq!(sentence_end(t), Some(t.len()));
    }

    #[test]
    fn validate_catches_duplicates_and_depth() {
        let mut d = Document::default();
        let a = d.allocate_id();
        d.sections.push(Section::new(a, "a"));
        d.sections.push(Section::new(a, "b"));
        assert_eq!(d.validate(), Err(ModelError::DuplicateId(a)));
        d.sections.pop();
        assert_eq!(d.validate(), Ok(()));
        let mut deep = Section::new(d.allocate_id(), "x");
        for _ in 0..MAX_DEPTH {
            let mut parent = Section::new(d.allocate_id(), "x");
            parent.children.push(deep);
            deep = parent;
        }
        d.sections.push(deep);
        assert_eq!(
            d.validate(),
            Err(ModelError::TooDeep {
                depth: MAX_DEPTH + 1
            })
        );
    }

    #[test]
    fn paths_and_parents() {
        let mut d = Document::default();
        let a = d.allocate_id();
        let b = d.allocate_id();
        let mut s = Section::new(a, "a");
        s.children.push(Section::new(b, "b"));
        d.sections.push(s);
        assert_eq!(d.path_of(b), Some(vec![0, 0]));
        assert_eq!(d.parent_of(b), Some(Some(a)));
        assert_eq!(d.parent_of(a), Some(None));
        assert_eq!(d.parent_of(SectionId(99)), None);
        assert_eq!(d.depth_of(b), Some(1));
    }
}
