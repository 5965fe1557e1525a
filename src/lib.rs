//! plandraft: drafting and reviewing numbered Chinese planning documents (规划纲要, 建议, 意见).
//!
//! [`core`] holds everything that is not drawing: the model, import, storage and export.
//! [`app`] is the app model: what a command does, with no drawing. [`cli`] is the command
//! line; `ui` (feature `gui`) is the desktop app, which draws the app model.

pub mod app;
pub mod cli;
pub mod core;
#[cfg(feature = "gui")]
pub mod ui;
