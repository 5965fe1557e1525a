//! PDF straight from the printed pages (`export::page`): every line break, hanging mark and
//! page break exactly as the print preview shows them, each character placed where the
//! layout put it, in the faces `export::fonts` found (subset and embedded, with their
//! text, so the PDF can be searched and copied). Page numbers "— 1 —" in 4号 宋体, one
//! character in from the outer edge, their dashes 7 mm under the type area.

use krilla::geom::Point;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{GlyphId, KrillaGlyph};

use super::Properties;
use super::fonts::{Fonts, Role};
use super::page::{self, Glyph, Line, Page};
use super::print::Face;
use crate::core::document::Document;
use crate::core::numbering::Numbers;

/// Why a PDF could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the PDF file ({0})")]
pub struct PdfError(String);

/// Where a character's baseline sits under the top of its em box: Chinese faces draw the
/// ideographic em box from 0.88 em above the baseline to 0.12 em below it.
const ASCENT: f32 = 0.88;
/// Drawn-in bold for a face without a bold weight: an outline this fraction of the size.
const BOLD_STROKE: f32 = 0.03;

/// One run of glyphs set in one face.
struct Run {
    face: usize,
    is_drawn_bold: bool,
    x: f32,
    text: String,
    glyphs: Vec<KrillaGlyph>,
}

/// Splits a line into runs of one face, each glyph's advance reaching the next glyph's place.
fn runs(fonts: &Fonts, line: &Line, role_of: impl Fn(&Glyph) -> Role) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::new();
    for (i, g) in line.glyphs.iter().enumerate() {
        if g.ch.is_whitespace() {
            continue;
        }
        let Some((face, glyph, is_drawn_bold)) = fonts.glyph(role_of(g), g.is_bold, g.ch) else {
            continue;
        };
        let next_x = line.glyphs.get(i + 1).map_or(g.x + g.width, |next| next.x);
        let is_new = runs
            .last()
            .is_none_or(|r| r.face != face || r.is_drawn_bold != is_drawn_bold);
        if is_new {
            runs.push(Run {
                face,
                is_drawn_bold,
                x: g.x,
                text: String::new(),
                glyphs: Vec::new(),
            });
        }
        if let Some(run) = runs.last_mut() {
            // A glyph left out (a space) moves the next one on by its own advance.
            let placed: f32 = run.glyphs.iter().map(|k| k.x_advance * line.size).sum();
            if let Some(last) = run.glyphs.last_mut() {
                last.x_advance += (g.x - (run.x + placed)) / line.size;
            }
            let start = run.text.len();
            run.text.push(g.ch);
            run.glyphs.push(KrillaGlyph {
                glyph_id: GlyphId::new(glyph),
                text_range: start..run.text.len(),
                x_advance: (next_x - g.x) / line.size,
                x_offset: 0.0,
                y_offset: 0.0,
                y_advance: 0.0,
                location: None,
            });
        }
    }
    runs
}

/// Draws runs at `baseline` (page coordinates), `left` being the x their glyph places
/// count from.
fn draw(
    surface: &mut krilla::surface::Surface,
    fonts: &Fonts,
    runs: &[Run],
    (left, baseline): (f32, f32),
    size: f32,
) {
    for run in runs {
        let Some(face) = fonts.face(run.face) else {
            continue;
        };
        surface.set_fill(Some(Fill::default()));
        surface.set_stroke(run.is_drawn_bold.then(|| Stroke {
            width: size * BOLD_STROKE,
            ..Stroke::default()
        }));
        surface.draw_glyphs(
            Point::from_xy(left + run.x, baseline),
            &run.glyphs,
            face.font.clone(),
            &run.text,
            size,
            false,
        );
    }
    surface.set_stroke(None);
}

/// The role each glyph of the body is set in: Latin letters and digits in the Latin face,
/// everything else in its block's face.
fn role_of(g: &Glyph) -> Role {
    if g.ch.is_ascii() {
        Role::Latin
    } else {
        Role::Text(g.face)
    }
}

/// Draws one page: its lines, and its number on the outer side.
fn draw_page(surface: &mut krilla::surface::Surface, fonts: &Fonts, page: &Page, number: usize) {
    for line in &page.lines {
        let em_top = page::MARGIN_TOP + line.y + (line.height - line.size) / 2.0;
        let runs = runs(fonts, line, role_of);
        draw(
            surface,
            fonts,
            &runs,
            (page::MARGIN_LEFT, em_top + ASCENT * line.size),
            line.size,
        );
    }
    // "— 3 —": the dashes (at the middle of the em box) 7 mm under the type area, one
    // character in from its outer edge: right on odd pages, left on even ones.
    let size = page::PAGE_NUMBER_SIZE;
    let text = page::page_number(number);
    let widths: Vec<f32> = text.chars().map(|c| page::advance(c, size)).collect();
    let width: f32 = widths.iter().sum();
    let mut x = if number % 2 == 1 {
        page::TYPE_WIDTH - size - width
    } else {
        size
    };
    let glyphs: Vec<Glyph> = text
        .chars()
        .zip(&widths)
        .map(|(ch, w)| {
            let g = Glyph {
                ch,
                x,
                width: *w,
                face: Face::FangSong,
                is_bold: false,
            };
            x += w;
            g
        })
        .collect();
    let line = Line {
        y: 0.0,
        height: size,
        size,
        glyphs,
    };
    let dashes = page::MARGIN_TOP + page::TYPE_HEIGHT + 7.0 * page::PT_PER_MM;
    let baseline = dashes + (ASCENT - 0.5) * size;
    let runs = runs(fonts, &line, |_| Role::PageNumber);
    draw(surface, fonts, &runs, (page::MARGIN_LEFT, baseline), size);
}

/// The document's printed pages as PDF, numbered by `numbers` (the whole document's when
/// only some sections are printed), set in `fonts`.
pub fn to_pdf(
    doc: &Document,
    numbers: &Numbers,
    properties: &Properties,
    fonts: &Fonts,
) -> Result<Vec<u8>, PdfError> {
    let pages = page::pages(doc, numbers);
    let mut pdf = krilla::Document::new();
    let mut metadata = krilla::metadata::Metadata::new()
        .title(doc.title.join(""))
        .language("zh-CN".to_owned())
        .creator(format!("plandraft {}", env!("CARGO_PKG_VERSION")));
    if !properties.author.is_empty() {
        metadata = metadata.authors(vec![properties.author.clone()]);
    }
    if let Some(date) = date_time(&properties.time) {
        metadata = metadata.creation_date(date);
    }
    pdf.set_metadata(metadata);
    let settings = PageSettings::from_wh(page::PAGE_WIDTH, page::PAGE_HEIGHT)
        .ok_or_else(|| PdfError("the page has no size".to_owned()))?;
    for (i, p) in pages.iter().enumerate() {
        let mut pdf_page = pdf.start_page_with(settings.clone());
        let mut surface = pdf_page.surface();
        draw_page(&mut surface, fonts, p, i + 1);
        surface.finish();
        pdf_page.finish();
    }
    pdf.finish().map_err(|e| PdfError(format!("{e:?}")))
}

/// An RFC 3339 time in UTC, as [`Properties::now`] writes it (2026-12-02T05:30:00Z), as a
/// PDF date.
fn date_time(time: &str) -> Option<krilla::metadata::DateTime> {
    humantime::parse_rfc3339(time).ok()?;
    let field = |range: std::ops::Range<usize>| time.get(range)?.parse::<u16>().ok();
    Some(
        krilla::metadata::DateTime::new(field(0..4)?)
            .month(u8::try_from(field(5..7)?).ok()?)
            .day(u8::try_from(field(8..10)?).ok()?)
            .hour(u8::try_from(field(11..13)?).ok()?)
            .minute(u8::try_from(field(14..16)?).ok()?)
            .second(u8::try_from(field(17..19)?).ok()?)
            .utc_offset_hour(0)
            .utc_offset_minute(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_convert() {
        let d = date_time("2026-12-02T05:30:09Z").expect("a date");
        assert_eq!(
            format!("{d:?}"),
            format!(
                "{:?}",
                krilla::metadata::DateTime::new(2026)
                    .month(12)
                    .day(2)
                    .hour(5)
                    .minute(30)
                    .second(9)
                    .utc_offset_hour(0)
                    .utc_offset_minute(0)
            )
        );
        assert!(date_time("").is_none());
    }

    #[test]
    fn the_sample_prints_every_page_of_the_preview() {
        let doc = crate::core::test_support::sample();
        let numbers = Numbers::of(&doc);
        let bytes = to_pdf(&doc, &numbers, &Properties::default(), &Fonts::bundled()).unwrap();
        assert!(bytes.starts_with(b"%PDF-"));
        let pages = page::pages(&doc, &numbers).len();
        assert!(pages > 3);
    }
}
