//! The bundled CJK font (WenQuanYi Micro Hei, Apache-2.0), installed as a fallback in both
//! font families so Chinese renders on a machine with no Chinese font. eframe's system-font
//! fallback stays on behind it for rare characters.

use egui::epaint::text::{FontInsert, FontPriority, InsertFontFamily};
use egui::{FontData, FontFamily};

/// The bundled font file (the core's, which also prints with it where no Chinese face is
/// installed).
use crate::core::export::fonts::BUNDLED_CJK as WQY_MICROHEI;

/// Adds the bundled CJK font: first in the proportional family, so Chinese punctuation
/// (“”、——) takes its full-width Chinese shapes, and as a fallback for monospace.
pub fn install(ctx: &egui::Context) {
    let families = vec![
        InsertFontFamily {
            family: FontFamily::Proportional,
            priority: FontPriority::Highest,
        },
        InsertFontFamily {
            family: FontFamily::Monospace,
            priority: FontPriority::Lowest,
        },
    ];
    ctx.add_font(FontInsert::new(
        "wqy-microhei",
        FontData::from_static(WQY_MICROHEI),
        families,
    ));
}
