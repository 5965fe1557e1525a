//! Export of documents for reading and printing. Clean text and the numbered outline live
//! here; later formats (docx, html) join them.

pub mod txt;

pub use txt::{outline, to_text};
