//! Export of documents for reading and printing: clean text, the numbered outline, and a
//! self-contained HTML print view laid out per GB/T 9704-2012.

pub mod docx;
pub mod html;
pub mod txt;

pub use html::{to_html, to_html_with};
pub use txt::{outline, to_text, to_text_with};

use super::document::Document;
use super::numbering::Numbers;

/// A section number asked for that the document does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no top-level section “{asked}” (the document has {available})")]
pub struct UnknownSection {
    /// The number asked for.
    pub asked: String,
    /// The top-level numbers there are.
    pub available: String,
}

/// A number as people write it when naming a section: 六, 六、, 第六章 all give 六 / 第六章.
fn bare(number: &str) -> String {
    number
        .trim_matches(|c: char| matches!(c, '、' | '.' | '．' | '（' | '）' | '(' | ')' | ' '))
        .to_owned()
}

/// The document with only the named top-level sections (六,七 or 第三章) and no preamble,
/// with the whole document's numbers, so that 六 stays 六.
pub fn select_sections(
    doc: &Document,
    numbers: &[String],
) -> Result<(Document, Numbers), UnknownSection> {
    let labels = Numbers::of(doc);
    let available: Vec<String> = doc.sections.iter().map(|s| labels.label(s.id)).collect();
    let mut keep = Vec::new();
    for asked in numbers {
        let found = doc
            .sections
            .iter()
            .position(|s| bare(&labels.label(s.id)) == bare(asked))
            .ok_or_else(|| UnknownSection {
                asked: asked.clone(),
                available: available.join(" "),
            })?;
        if !keep.contains(&found) {
            keep.push(found);
        }
    }
    keep.sort_unstable();
    let part = Document {
        title: doc.title.clone(),
        stage: doc.stage.clone(),
        numbering: doc.numbering.clone(),
        preamble: Vec::new(),
        sections: keep.iter().map(|i| doc.sections[*i].clone()).collect(),
        next_id: doc.next_id,
    };
    Ok((part, labels))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chosen_sections_keep_their_numbers() {
        let doc = crate::core::test_support::sample();
        let (part, numbers) = select_sections(&doc, &["七".into(), "六、".into()]).unwrap();
        assert_eq!(part.sections.len(), 2);
        let text = to_text_with(&part, &numbers, true);
        assert!(
            text.contains("\n\u{3000}\u{3000}锚定长春现代化都市圈建设"),
            "indented"
        );
        assert!(text.contains("\n六、十大重点任务\n"), "{text}");
        assert!(text.contains("\n七、保障措施\n"));
        assert!(!text.contains("本纲要主要针对"), "no preamble");
        let err = select_sections(&doc, &["九".into()]).unwrap_err();
        assert!(err.to_string().contains("一、 二、"), "{err}");
    }
}
