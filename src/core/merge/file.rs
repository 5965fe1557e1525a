//! Whole plan files merged: the working copies three-way ([`merge`]), the drafts by name
//! and the review decisions joined; and the checks that come first: that the files are
//! copies of one document, and which state they last shared.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{Conflict, merge};
use crate::core::document::Document;
use crate::core::draft::Draft;
use crate::core::identity::content_hash;
use crate::core::storage::PlanFile;

/// Why two files cannot be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// Their lineages differ: they are not copies of one document.
    #[error(
        "not copies of one document: {} belongs to document {ours} and {} to document {theirs}; compare them with plandraft diff instead",
        ours_path.display(),
        theirs_path.display()
    )]
    NotCopies {
        ours_path: PathBuf,
        ours: String,
        theirs_path: PathBuf,
        theirs: String,
    },
    /// No recorded draft, nor either working copy, is a state both files share.
    #[error(
        "{} and {} share no recorded draft to merge from (record a draft, e.g. 征求意见稿, before sending a copy out); compare them with plandraft diff instead, or name their common ancestor: plandraft merge BASE OURS THEIRS",
        ours.display(),
        theirs.display()
    )]
    NoCommonAncestor { ours: PathBuf, theirs: PathBuf },
}

/// Checks that `ours` and `theirs` (read from the paths given) are copies of one document:
/// when both know their lineage, it must be the same. Files from before lineages were kept
/// pass.
pub fn same_document(
    ours: (&Path, &PlanFile),
    theirs: (&Path, &PlanFile),
) -> Result<(), MergeError> {
    match (&ours.1.lineage, &theirs.1.lineage) {
        (Some(a), Some(b)) if a != b => Err(MergeError::NotCopies {
            ours_path: ours.0.to_owned(),
            ours: a.clone(),
            theirs_path: theirs.0.to_owned(),
            theirs: b.clone(),
        }),
        _ => Ok(()),
    }
}

/// The state two copies last shared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ancestor {
    /// What it is, for a report: a draft's name, or which working copy.
    pub name: String,
    /// The document then.
    pub document: Document,
}

/// The newest state `ours` and `theirs` share: one's working copy when the other recorded it
/// as a draft (or holds it still), else the most recently recorded draft that both hold with
/// the same content (whatever its name in each).
pub fn common_ancestor(ours: &PlanFile, theirs: &PlanFile) -> Option<Ancestor> {
    let hashes = |plan: &PlanFile| -> BTreeSet<String> {
        plan.drafts
            .iter()
            .map(|d| content_hash(&d.document))
            .chain(std::iter::once(content_hash(&plan.document)))
            .collect()
    };
    let (in_ours, in_theirs) = (hashes(ours), hashes(theirs));
    // One copy has not moved on since the state the other holds.
    for (plan, others, name) in [
        (ours, &in_theirs, "我方工作稿"),
        (theirs, &in_ours, "对方工作稿"),
    ] {
        if others.contains(&content_hash(&plan.document)) {
            return Some(Ancestor {
                name: name.to_owned(),
                document: plan.document.clone(),
            });
        }
    }
    ours.drafts
        .iter()
        .filter(|d| in_theirs.contains(&content_hash(&d.document)))
        .max_by(|a, b| a.time.cmp(&b.time))
        .map(|d| Ancestor {
            name: d.name.clone(),
            document: (*d.document).clone(),
        })
}

/// Two files merged.
#[derive(Clone, Debug, PartialEq)]
pub struct FileMerge {
    /// The merged file: ours, with theirs merged in.
    pub plan: PlanFile,
    /// The conflicts this merge found in the working copy (kept in `plan.document`).
    pub conflicts: Vec<Conflict>,
    /// Drafts that came from theirs.
    pub drafts_added: Vec<String>,
    /// Drafts both recorded under one name with different content: theirs is kept under
    /// the second name.
    pub drafts_renamed: Vec<(String, String)>,
    /// Drafts one side deleted and the other left alone.
    pub drafts_removed: Vec<String>,
}

/// Merges the file `theirs` into `ours`, both grown from `base`: the working copies
/// three-way; the drafts by name (a draft one side recorded is added, one side deleted and
/// the other left alone is removed, two different drafts of one name are both kept, theirs
/// renamed), ordered by when they were recorded; review decisions joined; the lineage kept.
pub fn merge_files(base: &PlanFile, ours: &PlanFile, theirs: &PlanFile) -> FileMerge {
    let merged = merge(&base.document, &ours.document, &theirs.document);
    let mut out = FileMerge {
        plan: PlanFile {
            document: merged.document,
            drafts: Vec::new(),
            decisions: ours.decisions.clone(),
            lineage: ours
                .lineage
                .clone()
                .or_else(|| theirs.lineage.clone())
                .or_else(|| base.lineage.clone()),
            feedback: crate::core::feedback::join(
                &ours.document,
                &ours.feedback,
                theirs.feedback.clone(),
            ),
            is_comment_only: ours.is_comment_only,
        },
        conflicts: merged.conflicts,
        drafts_added: Vec::new(),
        drafts_renamed: Vec::new(),
        drafts_removed: Vec::new(),
    };

    let find = |drafts: &[Draft], name: &str| -> Option<String> {
        drafts
            .iter()
            .find(|d| d.name == name)
            .map(|d| content_hash(&d.document))
    };
    let mut drafts: Vec<Draft> = Vec::new();
    for d in &ours.drafts {
        let mine = content_hash(&d.document);
        match find(&theirs.drafts, &d.name) {
            // Theirs recorded it again over what both had: theirs.
            Some(other) if other != mine && find(&base.drafts, &d.name) == Some(mine.clone()) => {
                if let Some(t) = theirs.drafts.iter().find(|t| t.name == d.name) {
                    drafts.push(t.clone());
                }
            }
            Some(_) => drafts.push(d.clone()),
            // Theirs deleted what both had.
            None if find(&base.drafts, &d.name) == Some(mine) => {
                out.drafts_removed.push(d.name.clone());
            }
            None => drafts.push(d.clone()),
        }
    }
    for t in &theirs.drafts {
        let theirs_hash = content_hash(&t.document);
        match find(&ours.drafts, &t.name) {
            Some(mine) if mine == theirs_hash => {}
            // Ours recorded it again, theirs kept the base's: ours stands.
            Some(_) if find(&base.drafts, &t.name).as_deref() == Some(theirs_hash.as_str()) => {}
            // Ours has it already, taken from theirs above.
            Some(_) if drafts.iter().any(|d| d.name == t.name && d == t) => {}
            Some(_) => {
                let name = free_name(&t.name, &ours.drafts, &theirs.drafts);
                out.drafts_renamed.push((t.name.clone(), name.clone()));
                drafts.push(Draft { name, ..t.clone() });
            }
            // Ours deleted what both had.
            None if find(&base.drafts, &t.name).as_deref() == Some(theirs_hash.as_str()) => {
                out.drafts_removed.push(t.name.clone());
            }
            None => {
                out.drafts_added.push(t.name.clone());
                drafts.push(t.clone());
            }
        }
    }
    // Oldest first, as a file keeps them (RFC 3339 times order as text).
    drafts.sort_by(|a, b| a.time.cmp(&b.time));
    out.plan.drafts = drafts;
    // Their decisions follow their drafts' new names.
    let mut their_decisions = theirs.decisions.clone();
    for (from, to) in &out.drafts_renamed {
        their_decisions.rename_draft(from, to);
    }
    out.plan.decisions.join(&their_decisions);
    out
}

/// `name（2）`, `name（3）` …: the first that neither side uses.
fn free_name(name: &str, ours: &[Draft], theirs: &[Draft]) -> String {
    (2..)
        .map(|n| format!("{name}（{n}）"))
        .find(|candidate| !ours.iter().chain(theirs).any(|d| d.name == *candidate))
        .unwrap_or_else(|| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::document::{Paragraph, Section, SectionId};
    use crate::core::draft::Draft;

    fn doc(text: &str) -> Document {
        Document {
            title: vec!["规划".to_owned()],
            sections: vec![Section {
                id: SectionId(1),
                heading: "总体要求".to_owned(),
                run_in: false,
                paragraphs: vec![Paragraph::new(text)],
                children: Vec::new(),
                restart: None,
            }],
            next_id: 2,
            ..Document::default()
        }
    }

    fn draft(name: &str, time: &str, d: &Document) -> Draft {
        Draft {
            name: name.to_owned(),
            author: "张三".to_owned(),
            time: time.to_owned(),
            note: String::new(),
            document: std::sync::Arc::new(d.clone()),
        }
    }

    fn plan(d: Document, drafts: Vec<Draft>) -> PlanFile {
        PlanFile {
            drafts,
            lineage: Some("a".repeat(32)),
            ..PlanFile::new(d)
        }
    }

    #[test]
    fn the_newest_shared_draft_is_the_ancestor() {
        let (v1, v2) = (doc("一稿"), doc("二稿"));
        let sent = vec![
            draft("初稿", "2026-11-01T00:00:00Z", &v1),
            draft("征求意见稿", "2026-11-20T00:00:00Z", &v2),
        ];
        let ours = plan(doc("我方改稿"), sent.clone());
        // The unit renamed its copy of the draft; the content is what counts.
        let mut returned = sent.clone();
        returned[1].name = "收到稿".to_owned();
        let theirs = plan(doc("对方改稿"), returned);
        let a = common_ancestor(&ours, &theirs).unwrap();
        assert_eq!((a.name.as_str(), a.document), ("征求意见稿", v2));
        // With nothing shared there is none.
        assert_eq!(
            common_ancestor(&plan(doc("x"), vec![]), &plan(doc("y"), vec![])),
            None
        );
        // A copy that did not change since the other's draft is the ancestor itself.
        let unchanged = plan(doc("二稿"), vec![]);
        assert_eq!(
            common_ancestor(&ours, &unchanged).unwrap().document,
            doc("二稿")
        );
    }

    #[test]
    fn different_lineages_are_refused() {
        let a = plan(doc("x"), vec![]);
        let mut b = plan(doc("x"), vec![]);
        assert!(same_document((Path::new("a.ron"), &a), (Path::new("b.ron"), &b)).is_ok());
        b.lineage = Some("b".repeat(32));
        let e = same_document((Path::new("a.ron"), &a), (Path::new("b.ron"), &b)).unwrap_err();
        assert!(e.to_string().contains("a.ron") && e.to_string().contains("b.ron"));
        b.lineage = None;
        assert!(same_document((Path::new("a.ron"), &a), (Path::new("b.ron"), &b)).is_ok());
    }

    #[test]
    fn drafts_join_by_name() {
        let base_doc = doc("原文");
        let base = plan(
            base_doc.clone(),
            vec![draft("征求意见稿", "2026-11-20T00:00:00Z", &base_doc)],
        );
        let mut ours = base.clone();
        ours.document = doc("我方改稿");
        ours.drafts
            .push(draft("第3稿", "2026-11-25T00:00:00Z", &ours.document));
        let mut theirs = base.clone();
        theirs.document = doc("原文");
        theirs
            .drafts
            .push(draft("第3稿", "2026-11-24T00:00:00Z", &doc("对方的第3稿")));
        theirs
            .drafts
            .push(draft("反馈稿", "2026-11-23T00:00:00Z", &doc("对方反馈")));
        let m = merge_files(&base, &ours, &theirs);
        let names: Vec<&str> = m.plan.drafts.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["征求意见稿", "反馈稿", "第3稿（2）", "第3稿"]);
        assert_eq!(m.drafts_added, ["反馈稿"]);
        assert_eq!(
            m.drafts_renamed,
            [("第3稿".to_owned(), "第3稿（2）".to_owned())]
        );
        assert_eq!(m.plan.document, doc("我方改稿"));
        // A draft one side deleted and the other kept as it was goes.
        let mut theirs = base.clone();
        theirs.drafts.clear();
        let m = merge_files(&base, &ours, &theirs);
        assert_eq!(m.drafts_removed, ["征求意见稿"]);
        assert!(m.plan.drafts.iter().all(|d| d.name != "征求意见稿"));
    }
}
