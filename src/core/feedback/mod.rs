//! The 征求意见 round: the opinions units returned on a draft sent out for comment (each
//! comment, and each change they made to the text), the drafting office's decision on each,
//! and the 意见采纳情况表 that lists them. Collecting ([`collect`]) reads returned copies and
//! never changes them; deciding and applying ([`apply`]) work on the master file.

mod apply;
mod collect;
mod table;

pub use apply::{ApplyError, apply};
pub use collect::{Collected, Returned, Skipped, collect, join, sort, unnamed_units};
pub use table::{summary, table};

use serde::{Deserialize, Serialize};

use super::document::{Section, SectionId};

/// What the office decided on an opinion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Decision {
    /// 采纳.
    Adopted,
    /// 部分采纳.
    PartlyAdopted,
    /// 不采纳.
    NotAdopted,
    /// 已在他处体现: the point is already made elsewhere in the text.
    ReflectedElsewhere,
}

impl Decision {
    /// Every decision, in menu order.
    pub const ALL: [Decision; 4] = [
        Decision::Adopted,
        Decision::PartlyAdopted,
        Decision::NotAdopted,
        Decision::ReflectedElsewhere,
    ];

    /// Its name in the 意见采纳情况表.
    pub fn label(self) -> &'static str {
        match self {
            Decision::Adopted => "采纳",
            Decision::PartlyAdopted => "部分采纳",
            Decision::NotAdopted => "不采纳",
            Decision::ReflectedElsewhere => "已在他处体现",
        }
    }

    /// The decision a word names (采纳, adopted, partly, …), for the command line.
    pub fn parse(word: &str) -> Option<Self> {
        let w = word.trim().to_lowercase();
        Self::ALL.into_iter().find(|d| {
            d.label() == w
                || match d {
                    Decision::Adopted => w == "adopted" || w == "adopt",
                    Decision::PartlyAdopted => w == "partly" || w == "partial",
                    Decision::NotAdopted => w == "not" || w == "rejected" || w == "no",
                    Decision::ReflectedElsewhere => w == "elsewhere",
                }
        })
    }
}

/// What a unit did that makes an opinion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum OpinionKind {
    /// A comment (批注) on a section or a passage.
    Comment,
    /// A paragraph reworded.
    Reworded,
    /// A paragraph added.
    ParagraphAdded,
    /// A paragraph deleted.
    ParagraphDeleted,
    /// A heading reworded.
    HeadingReworded,
    /// A section added (with its subsections).
    SectionAdded,
    /// A section deleted (with its subsections).
    SectionDeleted,
    /// A section moved: to another place among its siblings, or under another section
    /// (promoted or demoted).
    SectionMoved,
    /// A paragraph moved to another place in its section.
    ParagraphMoved,
    /// The title reworded.
    TitleReworded,
}

impl OpinionKind {
    /// Whether the opinion proposes wording that [`apply`] can put in the text.
    pub fn is_text_change(self) -> bool {
        self != OpinionKind::Comment
    }
}

/// One opinion from one unit, and what the office decided on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Opinion {
    /// Its identity, the same each time the same copy is collected (16 hex digits), so a
    /// decision stays with its opinion.
    pub key: String,
    /// The unit (单位) it came from.
    pub unit: String,
    /// The person, when known.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author: String,
    /// The file it was collected from (its name), for the record.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// What kind of opinion.
    pub kind: OpinionKind,
    /// The section it is about: for an added section, the section it was added under
    /// (None at the top level); None for the preamble.
    pub section: Option<SectionId>,
    /// The section's full number when collected (六、（三）), kept for when the section is
    /// gone from the master since.
    #[serde(default)]
    pub place: String,
    /// The paragraph of the draft sent out it is about (None: the heading, the whole
    /// section, or the preamble as a whole); opinions on one paragraph are grouped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<usize>,
    /// The passage of the draft sent out (原文): the quoted or changed text.
    #[serde(default)]
    pub original: String,
    /// For a reworded passage, the whole paragraph of the draft it is in: the base of the
    /// three-way merge that adopts it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub context: String,
    /// The wording proposed (empty for a deletion); None for a comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposal: Option<String>,
    /// The comment, with its replies; empty for a change to the text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
    /// For an added paragraph, the paragraph of the draft it follows (empty at the start);
    /// for an added section, the id of the section it follows.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub after: String,
    /// For an added section: the section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added: Option<Section>,
    /// For a moved section: where the unit put it, next to sections of the draft sent out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<crate::core::edit::Place>,
    /// The decision, once made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    /// The reason or note (理由或说明).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

impl Opinion {
    /// What opinions on one passage share: section and paragraph (and, for added
    /// paragraphs, where they go), so contradicting proposals are seen side by side.
    pub fn group(&self) -> (Option<SectionId>, Option<usize>, bool) {
        (
            self.section,
            self.paragraph,
            matches!(
                self.kind,
                OpinionKind::ParagraphAdded | OpinionKind::SectionAdded
            ),
        )
    }

    /// The opinion as the table's 意见或修改建议 column says it, in words.
    pub fn summary_line(&self) -> String {
        match (self.kind, &self.proposal) {
            (OpinionKind::Comment, _) => self.comment.clone(),
            (OpinionKind::ParagraphDeleted | OpinionKind::SectionDeleted, _) => "建议删除".into(),
            (OpinionKind::SectionMoved | OpinionKind::ParagraphMoved, Some(p)) => {
                format!("建议{p}")
            }
            (_, Some(p)) => format!("建议修改为：{p}"),
            (_, None) => String::new(),
        }
    }
}

#[cfg(test)]
mod tests;
