//! Exporting a document with very many short sections takes memory in proportion to what
//! is written, not kilobytes per section: measured by counting every allocation.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

mod properties;

use plandraft::core::document::{Document, Paragraph, Section};
use plandraft::core::export::{self, Format, Options};

/// The system allocator, keeping count of the bytes in use and the most ever in use.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = IN_USE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is passed on to the system allocator unchanged; only counters are
// added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: as the caller promised for `layout`.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: as the caller promised for `ptr` and `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            grew(new_size - layout.size());
        } else {
            IN_USE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        // SAFETY: as the caller promised for `ptr`, `layout` and `new_size`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A document of `n` short sections, each a heading and one sentence.
fn many_short_sections(n: usize) -> Document {
    let mut doc = Document::default();
    for i in 0..n {
        let mut s = Section::new(doc.allocate_id(), format!("第{i}项工作"));
        s.paragraphs
            .push(Paragraph::new(format!("推进第{i}项重点任务落实。")));
        doc.sections.push(s);
    }
    doc
}

/// The most memory in use while `f` runs, above what was in use before, and its result.
fn peak_during<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = IN_USE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let result = f();
    (PEAK.load(Ordering::Relaxed) - before, result)
}

#[test]
fn export_memory_follows_the_output_not_the_section_count() {
    let doc = many_short_sections(40_000);
    // What the exported text holds, as a measure of the output that does not depend on
    // how well it compresses.
    let text_bytes = export::to_text(&doc).len();
    for format in [Format::Docx, Format::Html, Format::Text] {
        let options = Options {
            format,
            ..Options::default()
        };
        let (peak, out) = peak_during(|| export::render(&doc, &options).unwrap());
        if format == Format::Docx {
            properties::docx_is_well_formed(&out);
        }
        let per_section = peak / 40_000;
        eprintln!(
            "{format:?}: {} bytes out, {text_bytes} bytes of text, peak {peak} bytes ({per_section} a section)",
            out.len()
        );
        // docx-rs needed about 9 KB a section; what is left is the section numbers, the
        // output and one block at a time.
        assert!(
            peak <= 4 * (text_bytes + out.len()),
            "{format:?}: {peak} bytes at the peak for {} bytes out",
            out.len()
        );
    }
}
