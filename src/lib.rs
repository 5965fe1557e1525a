//! plandraft: drafting and reviewing numbered Chinese planning documents (规划纲要, 建议, 意见).
//!
//! [`core`] holds everything that is not drawing: the model, import, storage and export.
//! [`cli`] is the command line; `ui` (feature `gui`) is the desktop app.

pub mod cli;
pub mod core;
#[cfg(feature = "gui")]
pub mod ui;
