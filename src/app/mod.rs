//! The app model: what the desktop app's commands do, with no drawing and no egui, so every
//! flow can be tested in milliseconds without a display. The panes in `ui` draw it and hand
//! back commands; the shell carries out the [`workspace::Effect`]s that only it can.

pub mod about;
pub mod command;
pub mod consult;
pub mod drafts;
pub mod editor;
pub mod export;
pub mod files;
pub mod find;
pub mod i18n;
pub mod import_report;
pub mod merge;
pub mod outline;
pub mod question;
pub mod review;
pub mod settings;
pub mod workspace;

pub use workspace::{Effect, Workspace};
