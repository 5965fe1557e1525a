//! The bundled CJK font (WenQuanYi Micro Hei, Apache-2.0), installed as a fallback in both
//! font families so Chinese renders on a machine with no Chinese font. eframe's system-font
//! fallback stays on behind it for rare characters.

use egui::epaint::text::{FontInsert, FontPriority, InsertFontFamily};
use egui::{FontData, FontFamily};

/// The bundled font file.
static WQY_MICROHEI: &[u8] = include_bytes!("../../assets/fonts/wqy-microhei.ttc");

/// Adds the bundled CJK font after egui's own fonts in both families.
pub fn install(ctx: &egui::Context) {
    let families = [FontFamily::Proportional, FontFamily::Monospace]
        .into_iter()
        .map(|family| InsertFontFamily {
            family,
            priority: FontPriority::Lowest,
        })
        .collect();
    ctx.add_font(FontInsert::new(
        "wqy-microhei",
        FontData::from_static(WQY_MICROHEI),
        families,
    ));
}
