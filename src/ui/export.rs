//! The export dialog (文件 → 导出…): what to export — the working copy or a draft, the
//! whole document or chosen sections — in which format, with the text options, beside a
//! preview of the printed pages as `core::export::page` sets them.

use super::command::Command;
use super::files::ExportKind;
use super::i18n::{Key, tr_args};
use crate::app::Workspace;
use crate::app::export::{ExportForm, PreviewContent};
use crate::core::export::{Encoding, Format, page};

/// The preview column's widest, in points; it narrows to keep the dialog on a low screen.
const PREVIEW_WIDTH: f32 = 380.0;
/// The dialog's height besides the page: heading, page count, page buttons, buttons.
const DIALOG_CHROME: f32 = 190.0;
/// A dialog's answer: None keeps it open, Some(None) closes it, Some(Some(c)) closes it and
/// runs c.
type Answer = Option<Option<Command>>;

/// The export dialog: choices on the left, the preview on the right.
pub fn export_ui(ui: &mut egui::Ui, ws: &Workspace, form: &mut ExportForm) -> Answer {
    {
        ws.refresh_preview(form);
        let lang = ws.lang();
        ui.heading(ws.t(Key::ExportTitle));
        let mut answer = None;
        let screen = ui.ctx().content_rect().height();
        let width = ((screen - DIALOG_CHROME) * page::PAGE_WIDTH / page::PAGE_HEIGHT)
            .clamp(160.0, PREVIEW_WIDTH);
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.set_width(300.0);
                export_choices_ui(ui, ws, form);
            });
            ui.add_space(12.0);
            ui.vertical(|ui| {
                ui.set_width(width);
                let (preview, at_page) = form.preview_and_page();
                match preview {
                    Some(Ok(PreviewContent::Pages(pages))) => {
                        let count = pages.len();
                        *at_page = (*at_page).min(count.saturating_sub(1));
                        ui.label(tr_args(lang, Key::ExportPages, &[&count.to_string()]));
                        if let Some(p) = pages.get(*at_page) {
                            page_preview(ui, p, *at_page + 1, width);
                        }
                        ui.horizontal(|ui| {
                            let back = ui.add_enabled(*at_page > 0, egui::Button::new("◀"));
                            if back.on_hover_text(ws.t(Key::PreviousPage)).clicked() {
                                *at_page -= 1;
                            }
                            let at = (*at_page + 1).to_string();
                            ui.label(tr_args(lang, Key::PageOf, &[&at, &count.to_string()]));
                            let next = ui.add_enabled(*at_page + 1 < count, egui::Button::new("▶"));
                            if next.on_hover_text(ws.t(Key::NextPage)).clicked() {
                                *at_page += 1;
                            }
                        });
                    }
                    Some(Ok(PreviewContent::Text { head, chars })) => {
                        ui.label(tr_args(lang, Key::ExportTextSize, &[&chars.to_string()]));
                        egui::Frame::group(ui.style()).show(ui, |ui| {
                            egui::ScrollArea::vertical()
                                .max_height(page::PAGE_HEIGHT * width / page::PAGE_WIDTH)
                                .show(ui, |ui| {
                                    ui.set_width(width - 16.0);
                                    ui.label(egui::RichText::new(head.as_str()).monospace());
                                });
                        });
                    }
                    Some(Err(message)) => {
                        ui.colored_label(ui.visuals().warn_fg_color, message.as_str());
                    }
                    None => {}
                }
            });
        });
        ui.separator();
        ui.horizontal(|ui| {
            let is_ready = form.preview().is_some_and(Result::is_ok);
            let export = ui.add_enabled(is_ready, egui::Button::new(ws.t(Key::ExportButton)));
            if export.clicked() {
                answer = Some(Some(Command::Export(ExportKind::Document {
                    draft: form.draft.clone(),
                    options: form.options(),
                })));
            }
            if ui.button(ws.t(Key::CancelButton)).clicked() {
                answer = Some(None);
            }
        });
        answer
    }
}

/// What to export, which sections, the format and the text options.
fn export_choices_ui(ui: &mut egui::Ui, ws: &Workspace, form: &mut ExportForm) {
    {
        let label = ui.strong(ws.t(Key::ExportWhat));
        let working = ws.t(Key::WorkingCopy).to_owned();
        let current = form.draft.clone().unwrap_or_else(|| working.clone());
        egui::ComboBox::from_id_salt("export-draft")
            .selected_text(current)
            .width(280.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut form.draft, None, working);
                for d in ws.session.drafts().iter().rev() {
                    ui.selectable_value(&mut form.draft, Some(d.name.clone()), &d.name);
                }
            })
            .response
            .labelled_by(label.id);
        ui.add_space(6.0);
        ui.strong(ws.t(Key::ExportRange));
        ui.radio_value(&mut form.is_whole, true, ws.t(Key::WholeDocument));
        ui.radio_value(&mut form.is_whole, false, ws.t(Key::ChosenSections));
        if !form.is_whole
            && let Some(doc) = ws.session.version_document(form.draft.as_deref())
        {
            // The working copy's numbers are cached; a draft's are worked out (top level
            // only is shown, so that is quick).
            let drafts_numbers;
            let numbers = if form.draft.is_none() {
                ws.session.numbers()
            } else {
                drafts_numbers = crate::core::numbering::Numbers::of(doc);
                &drafts_numbers
            };
            egui::ScrollArea::vertical()
                .id_salt("export-sections")
                .max_height(180.0)
                .show(ui, |ui| {
                    for s in &doc.sections {
                        let mut is_chosen = form.chosen.contains(&s.id);
                        let name = numbers
                            .get(s.id)
                            .map_or_else(|| s.heading.clone(), |n| n.heading_line(&s.heading));
                        if ui.checkbox(&mut is_chosen, name).changed() {
                            if is_chosen {
                                form.chosen.push(s.id);
                            } else {
                                form.chosen.retain(|c| *c != s.id);
                            }
                        }
                    }
                });
        }
        ui.add_space(6.0);
        ui.strong(ws.t(Key::ExportFormat));
        for format in Format::ALL {
            let key = match format {
                Format::Pdf => Key::FormatPdf,
                Format::Docx => Key::FormatDocx,
                Format::Html => Key::FormatHtml,
                Format::Text => Key::FormatText,
            };
            ui.radio_value(&mut form.choices.format, format, ws.t(key));
        }
        if form.choices.format == Format::Pdf {
            // Which face stands in for which, where the standard's are not installed.
            for stand_in in crate::core::export::fonts::Fonts::system().stand_ins() {
                ui.weak(stand_in.to_string());
            }
        }
        if form.choices.format == Format::Text {
            ui.add_space(6.0);
            ui.checkbox(&mut form.choices.is_indented, ws.t(Key::IndentOption));
            ui.horizontal(|ui| {
                let label = ui.label(ws.t(Key::EncodingLabel));
                let name = |e: Encoding| match e {
                    Encoding::Utf8 => "UTF-8",
                    Encoding::Gb18030 => "GB18030",
                };
                egui::ComboBox::from_id_salt("export-encoding")
                    .selected_text(name(form.choices.encoding))
                    .show_ui(ui, |ui| {
                        for e in [Encoding::Utf8, Encoding::Gb18030] {
                            ui.selectable_value(&mut form.choices.encoding, e, name(e));
                        }
                    })
                    .response
                    .labelled_by(label.id);
            });
            ui.checkbox(&mut form.choices.is_crlf, ws.t(Key::CrlfOption));
        } else {
            ui.add_space(6.0);
            ui.label(
                egui::RichText::new(ws.t(Key::PrintLayoutNote))
                    .small()
                    .weak(),
            );
        }
    }
}

/// Draws one printed page: paper, type area and every character where the export puts it.
/// The preview has one Chinese face, so 黑体 and 楷体 headings show in it too; bold is
/// drawn twice, a hair apart.
fn page_preview(ui: &mut egui::Ui, p: &page::Page, number: usize, width: f32) {
    let scale = width / page::PAGE_WIDTH;
    let size = egui::vec2(width, page::PAGE_HEIGHT * scale);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::hover());
    let text: String = p
        .lines
        .iter()
        .map(page::Line::text)
        .collect::<Vec<_>>()
        .join("\n");
    // Screen readers (and the UI tests) read the page's text.
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Document, true, &text));
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 2.0, egui::Color32::WHITE);
    painter.rect_stroke(
        rect,
        2.0,
        egui::Stroke::new(1.0, egui::Color32::from_gray(160)),
        egui::StrokeKind::Inside,
    );
    let origin = rect.min + egui::vec2(page::MARGIN_LEFT, page::MARGIN_TOP) * scale;
    let area = egui::Rect::from_min_size(
        origin,
        egui::vec2(page::TYPE_WIDTH, page::TYPE_HEIGHT) * scale,
    );
    painter.rect_stroke(
        area,
        0.0,
        egui::Stroke::new(0.5, egui::Color32::from_rgb(220, 228, 240)),
        egui::StrokeKind::Outside,
    );
    let ink = egui::Color32::from_gray(20);
    for line in &p.lines {
        let font = egui::FontId::proportional(line.size * scale);
        let top = line.y + (line.height - line.size) / 2.0;
        for g in &line.glyphs {
            let pos = origin + egui::vec2(g.x, top) * scale;
            let ch = g.ch.to_string();
            painter.text(pos, egui::Align2::LEFT_TOP, &ch, font.clone(), ink);
            if g.is_bold {
                let bolder = pos + egui::vec2(0.5, 0.0);
                painter.text(bolder, egui::Align2::LEFT_TOP, &ch, font.clone(), ink);
            }
        }
    }
    // "— 1 —" with its dashes (the middle of the line) 7 mm under the type area, one
    // character in from its outer edge, as the PDF prints it.
    let y = area.max.y + 7.0 * page::PT_PER_MM * scale;
    let inset = page::PAGE_NUMBER_SIZE * scale;
    let (x, align) = if number % 2 == 1 {
        (area.max.x - inset, egui::Align2::RIGHT_CENTER)
    } else {
        (area.min.x + inset, egui::Align2::LEFT_CENTER)
    };
    painter.text(
        egui::pos2(x, y),
        align,
        page::page_number(number),
        egui::FontId::proportional(page::PAGE_NUMBER_SIZE * scale),
        ink,
    );
}
