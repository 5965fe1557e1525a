//! The editor's fields as the model sees them: which part of the document a field edits,
//! the text it shows, and the one edit that makes the document hold what was typed.

use crate::core::document::{Container, Document, Paragraph, SectionId};
use crate::core::edit::Edit;

/// Which text a field edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// The title block, one line per line.
    Title,
    /// The stage line.
    Stage,
    /// A section heading.
    Heading(SectionId),
    /// The paragraphs of the preamble or a section, one per line.
    Body(Container),
}

/// The text a field shows for the document as it is.
pub fn field_text(doc: &Document, field: Field) -> String {
    match field {
        Field::Title => doc.title.join("\n"),
        Field::Stage => doc.stage.clone().unwrap_or_default(),
        Field::Heading(id) => doc
            .section(id)
            .map(|s| s.heading.clone())
            .unwrap_or_default(),
        Field::Body(c) => doc
            .paragraphs(c)
            .map(|ps| {
                ps.iter()
                    .map(|p| p.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default(),
    }
}

/// The edit that makes `doc` hold `text` in `field`; None when it holds it already.
pub fn field_edit(doc: &Document, field: Field, text: &str) -> Option<Edit> {
    match field {
        Field::Title => {
            let lines: Vec<String> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect();
            (lines != doc.title).then_some(Edit::SetTitle { lines })
        }
        Field::Stage => {
            let trimmed = text.trim();
            let stage = (!trimmed.is_empty()).then(|| trimmed.to_owned());
            (stage != doc.stage).then_some(Edit::SetStage { stage })
        }
        Field::Heading(id) => {
            let heading = text.replace('\n', "");
            let old = doc.section(id)?;
            (old.heading != heading).then_some(Edit::RenameHeading { id, heading })
        }
        Field::Body(container) => {
            let old = doc.paragraphs(container)?;
            let new: Vec<&str> = text.split('\n').collect();
            let new: Vec<&str> = if new == [""] { Vec::new() } else { new };
            if new.len() == old.len() {
                let changed: Vec<usize> =
                    (0..new.len()).filter(|i| old[*i].text != new[*i]).collect();
                return match changed.as_slice() {
                    [] => None,
                    [index] => Some(Edit::SetParagraph {
                        container,
                        index: *index,
                        text: new[*index].to_owned(),
                    }),
                    _ => Some(Edit::SetParagraphs {
                        container,
                        paragraphs: new.into_iter().map(Paragraph::new).collect(),
                    }),
                };
            }
            Some(Edit::SetParagraphs {
                container,
                paragraphs: new.into_iter().map(Paragraph::new).collect(),
            })
        }
    }
}

/// Character offset in a body field of byte `offset` of paragraph `index`.
pub fn body_char_offset(paragraphs: &[Paragraph], index: usize, offset: usize) -> usize {
    let before: usize = paragraphs[..index.min(paragraphs.len())]
        .iter()
        .map(|p| p.text.chars().count() + 1)
        .sum();
    let within = paragraphs
        .get(index)
        .map_or(0, |p| p.text.get(..offset).map_or(0, |s| s.chars().count()));
    before + within
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_field_edits_one_paragraph_or_all() {
        let doc = crate::core::test_support::sample();
        let id = doc.sections[0].id;
        let field = Field::Body(Container::Section(id));
        let text = field_text(&doc, field);
        assert_eq!(field_edit(&doc, field, &text), None, "nothing typed");
        let one = text.replacen("当今", "当前", 1);
        assert!(matches!(
            field_edit(&doc, field, &one),
            Some(Edit::SetParagraph { index: 0, .. })
        ));
        let more = format!("{text}\n新的一段。");
        assert!(matches!(
            field_edit(&doc, field, &more),
            Some(Edit::SetParagraphs { paragraphs, .. }) if paragraphs.len() == doc.sections[0].paragraphs.len() + 1
        ));
    }
}
