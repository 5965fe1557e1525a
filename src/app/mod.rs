//! The app model: what the desktop app's commands do, with no drawing and no egui, so every
//! flow can be tested in milliseconds without a display. The panes in `ui` draw it and hand
//! back commands.

pub mod command;
pub mod files;
pub mod i18n;
pub mod settings;
