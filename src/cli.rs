//! The `plandraft` command line: import, outline, export, stats and check.
//!
//! Every command that reads a document takes a `.ron` file or a text file, which is imported
//! on the fly. Errors are returned to `main`, which prints them and exits with status 1.

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::core::count::Counts;
use crate::core::diff;
use crate::core::draft::{self, Draft};
use crate::core::export;
use crate::core::import::{self, ImportReport};
use crate::core::numbering::Numbers;
use crate::core::open::{self, Opened, Source};
use crate::core::session::Session;
use crate::core::storage;

/// Drafting and reviewing numbered Chinese planning documents (规划纲要).
///
/// With no command, opens the desktop editor (on FILE, the last file, or the bundled sample).
#[derive(Debug, Parser)]
#[command(name = "plandraft", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// A .ron document or a text file to open in the desktop editor.
    pub file: Option<PathBuf>,
    /// What to do instead of opening the editor.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The command-line commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import a text file pasted or saved out of Word/WPS and print what was found.
    Import {
        /// The text file (UTF-8, UTF-16 or GB18030).
        input: PathBuf,
        /// Where to write the document (default: the input with the extension .ron).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Replace the output file if it exists (the old one is kept as .bak).
        #[arg(long)]
        force: bool,
    },
    /// Print the numbered outline, one section per line.
    Outline {
        /// A .ron document or a text file.
        file: PathBuf,
    },
    /// Export for printing: clean text, or an HTML page laid out per GB/T 9704-2012.
    Export {
        /// A .ron document or a text file.
        file: PathBuf,
        /// Export this draft instead of the working copy.
        #[arg(long)]
        draft: Option<String>,
        /// txt (clean text), html (a print view any browser prints to paper or PDF) or docx
        /// (Word, WPS, LibreOffice; GB/T 9704-2012 layout).
        #[arg(long, value_enum, default_value_t = ExportFormat::Txt)]
        format: ExportFormat,
        /// Only these top-level sections, e.g. 六,七 (numbers stay as in the whole document).
        #[arg(long, value_delimiter = ',')]
        sections: Vec<String>,
        /// txt: start body paragraphs with two full-width spaces.
        #[arg(long)]
        indent: bool,
        /// txt: the encoding (utf-8, or gb18030 for older Windows tools).
        #[arg(long, value_enum, default_value_t = TextEncoding::Utf8)]
        encoding: TextEncoding,
        /// txt: Windows line endings (CRLF).
        #[arg(long)]
        crlf: bool,
        /// Where to write (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Print 字数 and counts per top-level section and in total.
    Stats {
        /// A .ron document or a text file.
        file: PathBuf,
    },
    /// Check that a file opens and is a valid document.
    Check {
        /// A .ron document or a text file.
        file: PathBuf,
    },
    /// Compare two files, or two drafts of one file, section by section and character by
    /// character.
    Diff {
        /// The old version: a .ron document or a text file.
        old: PathBuf,
        /// The new version (default: the same file as OLD).
        new: Option<PathBuf>,
        /// Compare from this draft of OLD (default: its working copy).
        #[arg(long)]
        from: Option<String>,
        /// Compare to this draft of NEW (default: its working copy).
        #[arg(long)]
        to: Option<String>,
        /// One line per changed section instead of the full report.
        #[arg(long)]
        stat: bool,
        /// text (the report, or --stat) or html (a printable report).
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// List the drafts recorded in a file.
    Drafts {
        /// A .ron document.
        file: PathBuf,
    },
    /// Record the working copy as a named draft (征求意见稿, 送审稿, 第3稿 …).
    Draft {
        /// A .ron document; it is saved with the new draft.
        file: PathBuf,
        /// The draft's name; a draft of the same name is replaced.
        #[arg(long)]
        name: String,
        /// Who records it (default: the system user).
        #[arg(long)]
        author: Option<String>,
        /// A note on what changed.
        #[arg(long, default_value = "")]
        note: String,
    },
}

/// Formats `plandraft export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Clean text.
    Txt,
    /// A self-contained HTML print view.
    Html,
    /// A Word document laid out per GB/T 9704-2012.
    Docx,
}

/// Encodings for text export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TextEncoding {
    /// UTF-8.
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// GB18030 (reads as GBK in older tools).
    Gb18030,
}

/// Formats of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Text for a terminal.
    Text,
    /// A self-contained, printable HTML report.
    Html,
}

/// Runs one command, writing its output to `out`.
pub fn run(command: Command, out: &mut dyn Write) -> Result<()> {
    match command {
        Command::Import {
            input,
            output,
            force,
        } => run_import(&input, output, force, out),
        Command::Outline { file } => {
            let opened = open_document(&file)?;
            out.write_all(export::outline(&opened.document).as_bytes())?;
            Ok(())
        }
        Command::Export {
            file,
            draft,
            format,
            sections,
            indent,
            encoding,
            crlf,
            output,
        } => {
            let opened = open_document(&file)?;
            let doc = version(&opened, draft.as_deref())?;
            let options = export::Options {
                format: match format {
                    ExportFormat::Txt => export::Format::Text,
                    ExportFormat::Html => export::Format::Html,
                    ExportFormat::Docx => export::Format::Docx,
                },
                sections: if sections.is_empty() {
                    export::Sections::All
                } else {
                    export::Sections::Named(sections)
                },
                is_indented: indent,
                encoding: match encoding {
                    TextEncoding::Utf8 => export::Encoding::Utf8,
                    TextEncoding::Gb18030 => export::Encoding::Gb18030,
                },
                is_crlf: crlf,
            };
            let bytes = export::render(&doc, &options)
                .with_context(|| format!("cannot export: {}", file.display()))?;
            match output {
                Some(path) => storage::write_atomically(&path, &bytes, true)
                    .with_context(|| format!("cannot export to {}", path.display()))?,
                None => out.write_all(&bytes)?,
            }
            Ok(())
        }
        Command::Stats { file } => {
            let opened = open_document(&file)?;
            out.write_all(stats_table(&opened).as_bytes())?;
            Ok(())
        }
        Command::Check { file } => {
            let opened = open_document(&file)?;
            let doc = &opened.document;
            doc.validate()
                .with_context(|| format!("invalid document: {}", file.display()))?;
            writeln!(
                out,
                "ok: {} sections, {} 字: {}",
                doc.section_count(),
                Counts::of_document(doc).words,
                file.display()
            )?;
            if let Source::Text(report) = &opened.source {
                for w in &report.warnings {
                    writeln!(out, "warning: {w}")?;
                }
            }
            Ok(())
        }
        Command::Diff {
            old,
            new,
            from,
            to,
            stat,
            format,
        } => {
            let is_same_file = new.as_ref().is_none_or(|n| *n == old);
            let new = new.unwrap_or_else(|| old.clone());
            let old_opened = open_document(&old)?;
            let new_opened = if is_same_file {
                old_opened.clone()
            } else {
                open_document(&new)?
            };
            let a = version(&old_opened, from.as_deref())?;
            let b = version(&new_opened, to.as_deref())?;
            let result = diff::diff(&a, &b, is_same_file);
            // A side is named by its draft, else (one file) the working copy, else its file.
            let side_name = |path: &Path, draft: &Option<String>| match draft {
                Some(name) => name.clone(),
                None if is_same_file => "当前稿".to_owned(),
                None => path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            };
            let text = if format == ReportFormat::Html {
                diff::report::to_html(&result, &side_name(&old, &from), &side_name(&new, &to))
            } else if stat {
                diff::report::stat(&result)
            } else {
                let is_colored =
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
                diff::report::report(&result, is_colored)
            };
            out.write_all(text.as_bytes())?;
            Ok(())
        }
        Command::Drafts { file } => {
            let opened = open_document(&file)?;
            if opened.drafts.is_empty() {
                writeln!(out, "no drafts: {}", file.display())?;
            }
            for d in &opened.drafts {
                let words = Counts::of_document(&d.document).words;
                let note = if d.note.is_empty() {
                    String::new()
                } else {
                    format!("  {}", d.note)
                };
                writeln!(
                    out,
                    "{}  {}  {}  {words} 字{note}",
                    d.name, d.time, d.author
                )?;
            }
            Ok(())
        }
        Command::Draft {
            file,
            name,
            author,
            note,
        } => {
            if name.trim().is_empty() {
                bail!("a draft needs a name (--name 送审稿)");
            }
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            if !open::is_plandraft_file(&file, &bytes) {
                bail!(
                    "drafts are kept in plandraft files; import the text first (plandraft import {}): {}",
                    file.display(),
                    file.display()
                );
            }
            let mut session = Session::open(&file)?;
            let author = author.unwrap_or_else(draft::system_user);
            let replaced = session.draft(&name).is_some();
            session.record_draft(Draft::record(&name, &author, &note, session.document()));
            session.save()?;
            let verb = if replaced { "replaced" } else { "recorded" };
            writeln!(
                out,
                "{verb} draft “{name}” ({} drafts in {})",
                session.drafts().len(),
                file.display()
            )?;
            Ok(())
        }
    }
}

fn open_document(path: &Path) -> Result<Opened> {
    Ok(open::open(path)?)
}

/// The working copy of an opened file, or its draft called `name`.
fn version(opened: &Opened, name: Option<&str>) -> Result<crate::core::document::Document> {
    let Some(name) = name else {
        return Ok(opened.document.clone());
    };
    match opened.drafts.iter().find(|d| d.name == name) {
        Some(d) => Ok((*d.document).clone()),
        None => {
            let known: Vec<&str> = opened.drafts.iter().map(|d| d.name.as_str()).collect();
            bail!(
                "no draft “{name}” (drafts: {}): {}",
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                },
                opened.path.display()
            )
        }
    }
}

fn run_import(
    input: &Path,
    output: Option<PathBuf>,
    force: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let imported = import::import_file(input)?;
    let is_default_output = output.is_none();
    let output = output.unwrap_or_else(|| input.with_extension("ron"));
    if output == input {
        bail!(
            "the output would replace the input; choose another name with -o: {}",
            input.display()
        );
    }
    if is_default_output && !force && output.exists() {
        bail!(
            "{} exists; choose another name with -o, or replace it with --force (the old file is kept as .bak)",
            output.display()
        );
    }
    storage::save(&storage::PlanFile::new(imported.document), &output)?;
    out.write_all(report_text(&imported.report).as_bytes())?;
    writeln!(out, "written: {}", output.display())?;
    Ok(())
}

/// The import report as printed by `plandraft import`.
pub fn report_text(report: &ImportReport) -> String {
    let mut s = String::new();
    let endings = report.line_endings;
    s += &format!(
        "encoding: {}{}; line endings: {}\n",
        report.encoding,
        if report.had_bom { " with BOM" } else { "" },
        [
            ("CRLF", endings.crlf),
            ("LF", endings.lf),
            ("CR", endings.cr)
        ]
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(name, n)| format!("{name} ×{n}"))
        .collect::<Vec<_>>()
        .join(", ")
    );
    s += &format!("title: {}\n", report.title.join(" / "));
    s += &format!("stage: {}\n", report.stage.as_deref().unwrap_or("(none)"));
    let levels: Vec<String> = report
        .sections_per_level
        .iter()
        .enumerate()
        .map(|(d, n)| format!("level {}: {n}", d + 1))
        .collect();
    s += &format!(
        "sections: {} ({})\n",
        report.sections_per_level.iter().sum::<usize>(),
        levels.join(", ")
    );
    s += &format!("paragraphs: {}\n", report.paragraphs);
    s += &format!(
        "characters: {} 字 (Word's count), {} 汉字, {} without spaces\n",
        report.counts.words, report.counts.han, report.counts.chars_no_spaces
    );
    let d = report.debris;
    s += &format!(
        "debris removed: {} bookmarks, {} lines trimmed, {} blank lines, {} table-of-contents lines\n",
        d.bookmarks, d.trimmed_lines, d.blank_lines, d.toc_lines
    );
    for w in &report.warnings {
        s += &format!("warning: {w}\n");
    }
    s
}

/// `plandraft stats`: counts per top-level section and in total.
fn stats_table(opened: &Opened) -> String {
    let doc = &opened.document;
    let numbers = Numbers::of(doc);
    let mut s = format!(
        "{:>7} {:>7} {:>5} {:>5}  section\n",
        "字数", "汉字", "段落", "小节"
    );
    let row = |c: Counts, subsections: usize, name: &str| {
        format!(
            "{:>9} {:>9} {:>7} {:>7}  {name}\n",
            c.words, c.han, c.paragraphs, subsections
        )
    };
    s += &row(Counts::of_front(doc), 0, "(title, stage and preamble)");
    for section in &doc.sections {
        let mut subsections = 0;
        section.walk(0, &mut |_, d| subsections += usize::from(d > 0));
        let name = numbers
            .get(section.id)
            .map(|n| n.heading_line(&section.heading))
            .unwrap_or_default();
        s += &row(Counts::of_section(section, true), subsections, &name);
    }
    s += &row(Counts::of_document(doc), doc.section_count(), "total");
    let pages = export::page::pages(doc, &numbers).len();
    s += &format!("printed: {pages} pages (A4, GB/T 9704-2012: 22 lines of 28 characters)\n");
    s
}
