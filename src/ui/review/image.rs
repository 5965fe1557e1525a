//! Saving the review view as a PNG image to send to a colleague: the next frame is captured
//! (egui's screenshot command), cut to the review pane and encoded with the `image` crate.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// A capture asked for and not yet written.
pub struct PendingImage {
    path: PathBuf,
    /// The review pane, in points.
    area: egui::Rect,
    pixels_per_point: f32,
    receiver: Receiver<Arc<egui::ColorImage>>,
}

/// The part of `image` (a capture of the whole window) under `area`, as PNG bytes.
pub fn png(
    image: &egui::ColorImage,
    area: egui::Rect,
    pixels_per_point: f32,
) -> Result<Vec<u8>, image::ImageError> {
    let [width, height] = image.size;
    let clamp = |v: f32, max: usize| ((v * pixels_per_point).round().max(0.0) as usize).min(max);
    let (x0, x1) = (clamp(area.min.x, width), clamp(area.max.x, width));
    let (y0, y1) = (clamp(area.min.y, height), clamp(area.max.y, height));
    let part = image.region_by_pixels([x0, y0], [x1.saturating_sub(x0), y1.saturating_sub(y0)]);
    let rgba: Vec<u8> = part
        .pixels
        .iter()
        .flat_map(|p| p.to_srgba_unmultiplied())
        .collect();
    let [w, h] = part.size;
    let buffer = image::RgbaImage::from_raw(w as u32, h as u32, rgba).ok_or_else(|| {
        image::ImageError::Parameter(image::error::ParameterError::from_kind(
            image::error::ParameterErrorKind::DimensionMismatch,
        ))
    })?;
    let mut bytes = std::io::Cursor::new(Vec::new());
    buffer.write_to(&mut bytes, image::ImageFormat::Png)?;
    Ok(bytes.into_inner())
}

/// What became of a capture.
pub enum Captured {
    /// The pane as PNG bytes, for this file.
    Png {
        /// Where it goes.
        path: PathBuf,
        /// The image.
        bytes: Vec<u8>,
    },
    /// The capture never came.
    Lost,
    /// The image could not be encoded.
    Failed(image::ImageError),
}

impl PendingImage {
    /// Asks for a capture of the next frame, to be cut to `area` and saved at `path`.
    pub fn ask(ctx: &egui::Context, path: &Path, area: egui::Rect) -> Self {
        let (sender, receiver) = channel();
        let waker = ctx.clone();
        ctx.request_screenshot(move |image| {
            let _ = sender.send(image);
            waker.request_repaint();
        });
        Self {
            path: path.to_owned(),
            area,
            pixels_per_point: ctx.pixels_per_point(),
            receiver,
        }
    }

    /// The capture as PNG, once it has arrived.
    pub fn poll(&self) -> Option<Captured> {
        let image = match self.receiver.try_recv() {
            Ok(image) => image,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => return Some(Captured::Lost),
        };
        Some(match png(&image, self.area, self.pixels_per_point) {
            Ok(bytes) => Captured::Png {
                path: self.path.clone(),
                bytes,
            },
            Err(e) => Captured::Failed(e),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_capture_is_cut_to_the_pane_at_the_screen_scale() {
        let mut image = egui::ColorImage::filled([200, 100], egui::Color32::WHITE);
        image.pixels[50 * 200 + 120] = egui::Color32::RED;
        // The pane from (50, 20) to (100, 50) in points, on a 2× screen.
        let area = egui::Rect::from_min_max(egui::pos2(50.0, 20.0), egui::pos2(100.0, 50.0));
        let bytes = png(&image, area, 2.0).unwrap();
        let decoded = image::load_from_memory(&bytes).unwrap().to_rgba8();
        assert_eq!(decoded.dimensions(), (100, 60));
        assert_eq!(decoded.get_pixel(20, 10).0, [255, 0, 0, 255]);
        assert_eq!(decoded.get_pixel(0, 0).0, [255, 255, 255, 255]);
        // A pane reaching past the window is cut at its edge, never a panic.
        let wide = egui::Rect::from_min_max(egui::pos2(-10.0, 0.0), egui::pos2(500.0, 500.0));
        let decoded = image::load_from_memory(&png(&image, wide, 1.0).unwrap()).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (200, 100));
    }
}
