//! The `plandraft` command line: import, outline, export, stats, check, diff, drafts, draft,
//! for teams merge, textconv, git-setup and replace, and for a 征求意见 round comment,
//! comments, feedback and decide.
//!
//! Every command that reads a document takes a `.ron` file or a text file, which is imported
//! on the fly. Errors are returned to `main`, which prints them and exits with status 1.

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};

use crate::core::count::Counts;
use crate::core::diff;
use crate::core::document::Document;
use crate::core::draft::{self, Draft};
use crate::core::export;
use crate::core::import;
use crate::core::open::{self, Opened, Source};
use crate::core::review::{self, Side};
use crate::core::storage;
use crate::core::write::WriteOptions;

mod consult;
mod output;
mod reports;
mod team;

pub use output::Output;
use output::{Target, keep_until_exit, written};
pub use reports::report_text;
use reports::stats_table;
pub use team::Finished;

/// Drafting and reviewing numbered Chinese planning documents (规划纲要).
///
/// With no command, opens the desktop editor (on FILE, the last file, or the bundled sample).
#[derive(Debug, Parser)]
#[command(
    name = "plandraft",
    version = crate::app::about::VERSION,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A .ron document or a text file to open in the desktop editor.
    pub file: Option<PathBuf>,
    /// Open FILE for review (以审阅方式打开): comments only, the text read-only; the file
    /// itself is not changed.
    #[arg(long, requires = "file")]
    pub review: bool,
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
        /// Where to write the document (default: the input with the extension .ron; - for
        /// standard output).
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
        /// txt (clean text), pdf (the print preview's pages, fonts embedded), docx (Word,
        /// WPS, LibreOffice) or html (a print view any browser prints); the last three are
        /// laid out per GB/T 9704-2012.
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
        /// Where to write (default, or -: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Replace the output file if it exists (the old one is kept as .bak).
        #[arg(long)]
        force: bool,
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
        /// Also the changes accepted in review (by default, two versions of one file are
        /// compared with the changes its reviewers accepted settled).
        #[arg(long)]
        all: bool,
        /// Where to write (default, or -: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Replace the output file if it exists (the old one is kept as .bak).
        #[arg(long)]
        force: bool,
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
    /// Merge two edited copies of one document: sections matched by id, paragraphs three-way,
    /// one sentence's separate edits by character. Conflicts are kept in the file. Exit
    /// status 0 when clean, 1 with conflicts, 2 when nothing was merged.
    Merge {
        /// BASE OURS THEIRS, or OURS THEIRS (the base is then the newest draft both hold).
        #[arg(num_args = 2..=3, required = true)]
        files: Vec<PathBuf>,
        /// Write the result here (- for standard output) instead of into OURS (which is
        /// otherwise updated under its lock, the old file kept as .bak).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Replace the -o file if it exists (the old one is kept as .bak).
        #[arg(long)]
        force: bool,
        /// Git's merge driver: the file's path in the repository (%P). OURS is git's
        /// temporary file and is replaced with the result, without a backup.
        #[arg(long, value_name = "PATH")]
        git: Option<String>,
    },
    /// Print a plan file as text (numbered sections, drafts, conflicts) for git diff.
    Textconv {
        /// A .ron document (another file is printed as it is).
        file: PathBuf,
    },
    /// Set up the git repository here to merge plan files with plandraft and diff them as
    /// text: writes .gitattributes and the repository's config.
    GitSetup {
        /// Which files are plans.
        #[arg(long, default_value = "*.ron")]
        pattern: String,
        /// A folder in the repository.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Replace text in a document, keeping every section's id (for scripts).
    Replace {
        /// A .ron document; it is saved under its lock (the old file kept as .bak).
        file: PathBuf,
        /// The text to find.
        find: String,
        /// What to put instead.
        replacement: String,
        /// Only in this section and those under it, by its numbers (六（三）, 第三章).
        #[arg(long)]
        section: Option<String>,
        /// Latin letters must match in case.
        #[arg(long)]
        case_sensitive: bool,
    },
    /// Add a comment (批注) on a section, or on a passage of it.
    Comment {
        /// A .ron document; it is saved under its lock (the old file kept as .bak).
        file: PathBuf,
        /// The section, by its numbers (六（三）, 第三章).
        #[arg(long)]
        section: String,
        /// The passage commented on, as it is written in the section.
        #[arg(long)]
        quote: Option<String>,
        /// The comment.
        #[arg(long)]
        text: String,
        /// Who writes it (default: the system user).
        #[arg(long)]
        author: Option<String>,
        /// Their unit (单位).
        #[arg(long)]
        unit: Option<String>,
    },
    /// List the comments of a file, numbered, in document order.
    Comments {
        /// A .ron document.
        file: PathBuf,
    },
    /// Collect the copies units returned on a draft sent out for comment (征求意见) and write
    /// the 意见采纳情况表, with the decisions recorded in MASTER; without -o, list the
    /// opinions numbered.
    Feedback(consult::FeedbackArgs),
    /// Record the decision on an opinion collected in MASTER (numbered as plandraft
    /// feedback lists them).
    Decide {
        /// The drafting office's file.
        master: PathBuf,
        /// The opinion's number.
        number: usize,
        /// 采纳, 部分采纳, 不采纳 or 已在他处体现 (adopted, partly, not, elsewhere).
        decision: String,
        /// The reason or note (理由或说明).
        #[arg(long, default_value = "")]
        reason: String,
        /// Also put the opinion's wording in the working copy (three-way, so later edits
        /// of the office stay).
        #[arg(long)]
        apply: bool,
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
    /// PDF, page for page as the print preview shows it.
    Pdf,
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
pub fn run(command: Command, out: &mut Output) -> Result<()> {
    match command {
        Command::Import {
            input,
            output,
            force,
        } => run_import(&input, output, force, out),
        Command::Outline { file } => {
            let opened = open_document(&file)?;
            out.text(&export::outline(&opened.document))
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
            force,
        } => {
            let opened = open_document(&file)?;
            let doc = version(&opened, draft.as_deref())?;
            let options = export::Options {
                properties: export::Properties::now(
                    &crate::core::draft::known_user().unwrap_or_default(),
                ),
                format: match format {
                    ExportFormat::Txt => export::Format::Text,
                    ExportFormat::Html => export::Format::Html,
                    ExportFormat::Docx => export::Format::Docx,
                    ExportFormat::Pdf => export::Format::Pdf,
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
            let inputs = [file.as_path()];
            let target = Target::of(output.as_deref(), force, &inputs);
            let is_binary = matches!(format, ExportFormat::Docx | ExportFormat::Pdf);
            if target.is_stdout() && out.is_terminal && is_binary {
                let extension = options.format.extension();
                bail!(
                    "a {} file is not for a terminal; name the file to write with -o FILE.{extension}",
                    extension.to_uppercase()
                );
            }
            let bytes = export::render(doc, &options)
                .with_context(|| format!("cannot export: {}", file.display()))?;
            target.write(&bytes, out)?;
            if format == ExportFormat::Pdf {
                // Which face stands in for which, where the standard's are not installed.
                for stand_in in export::fonts::Fonts::system().stand_ins() {
                    eprintln!("{stand_in}");
                }
            }
            Ok(())
        }
        Command::Merge {
            files,
            output,
            force,
            git,
        } => team::run_merge(
            team::MergeArgs {
                files,
                output,
                force,
                git,
            },
            out,
        ),
        Command::Textconv { file } => team::run_textconv(&file, out),
        Command::GitSetup { pattern, dir } => team::run_git_setup(&dir, &pattern, out),
        Command::Replace {
            file,
            find,
            replacement,
            section,
            case_sensitive,
        } => team::run_replace(
            &file,
            &find,
            &replacement,
            section.as_deref(),
            case_sensitive,
            out,
        ),
        Command::Comment {
            file,
            section,
            quote,
            text,
            author,
            unit,
        } => consult::run_comment(
            consult::CommentArgs {
                file: &file,
                section: &section,
                quote: quote.as_deref(),
                text: &text,
                author: author.as_deref(),
                unit: unit.as_deref(),
            },
            out,
        ),
        Command::Comments { file } => consult::run_comments(&file, out),
        Command::Feedback(args) => consult::run_feedback(args, out),
        Command::Decide {
            master,
            number,
            decision,
            reason,
            apply,
        } => consult::run_decide(&master, number, &decision, &reason, apply, out),
        Command::Stats { file } => {
            let opened = open_document(&file)?;
            out.text(&stats_table(&opened))
        }
        Command::Check { file } => {
            let opened = open_document(&file)?;
            let doc = &opened.document;
            doc.validate()
                .with_context(|| format!("invalid document: {}", file.display()))?;
            let mut text = format!(
                "ok: {} sections, {} 字: {}\n",
                doc.section_count(),
                Counts::of_document(doc).words,
                file.display()
            );
            if let Source::Text(report) = &opened.source {
                for w in &report.warnings {
                    text += &format!("warning: {w}\n");
                }
            }
            if !doc.conflicts.is_empty() {
                let numbers = crate::core::numbering::Numbers::of(doc);
                for c in &doc.conflicts {
                    text += &format!("conflict: {}\n", team::describe(c, doc, &numbers));
                }
                text += &format!(
                    "{} unresolved merge conflict(s): open the file in plandraft to resolve them\n",
                    doc.conflicts.len()
                );
            }
            keep_until_exit(opened);
            out.text(&text)
        }
        Command::Diff {
            old,
            new,
            from,
            to,
            stat,
            format,
            all,
            output,
            force,
        } => {
            let is_same_file = new.as_ref().is_none_or(|n| *n == old);
            let new = new.unwrap_or_else(|| old.clone());
            let inputs = [old.as_path(), new.as_path()];
            let target = Target::of(output.as_deref(), force, &inputs);
            // The two files are read and imported at once, on two threads.
            let (old_opened, new_opened) = std::thread::scope(|scope| {
                let new_thread = (!is_same_file).then(|| scope.spawn(|| open_document(&new)));
                let old_opened = open_document(&old);
                let new_opened = new_thread.map(|t| {
                    t.join().unwrap_or_else(|_| {
                        Err(anyhow::anyhow!("reading failed: {}", new.display()))
                    })
                });
                (old_opened, new_opened)
            });
            let old_opened = old_opened?;
            let new_opened = new_opened.transpose()?;
            let a = version(&old_opened, from.as_deref())?;
            let b = version(new_opened.as_ref().unwrap_or(&old_opened), to.as_deref())?;
            // Two drafts of one file, or two copies of one document (the same lineage):
            // sections are matched by id.
            let is_same_lineage = is_same_file
                || new_opened
                    .as_ref()
                    .is_some_and(|n| n.lineage.is_some() && n.lineage == old_opened.lineage);
            let mut result = diff::diff(a, b, is_same_lineage);
            // Two versions of one file: what its reviewers accepted is settled.
            let side = |draft: &Option<String>| match draft {
                Some(name) => Side::Draft(name.clone()),
                None => Side::WorkingCopy,
            };
            let accepted = old_opened.decisions.accepted(&side(&from), &side(&to));
            let mut settled = 0;
            if let Some(accepted) = accepted.filter(|_| is_same_file && !all) {
                let before = result.changed_sections().count();
                review::settle(&mut result, accepted);
                settled = before - result.changed_sections().count();
            }
            // A side is named by its draft, else (one file) the working copy, else its file.
            let side_name = |path: &Path, draft: &Option<String>| match draft {
                Some(name) => name.clone(),
                None if is_same_file => "当前稿".to_owned(),
                None => path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            };
            if format == ReportFormat::Html {
                let html =
                    diff::report::to_html(&result, &side_name(&old, &from), &side_name(&new, &to));
                return target.write(html.as_bytes(), out);
            }
            let to_terminal = target.is_stdout() && out.is_terminal;
            let mut text = if stat {
                diff::report::stat(&result)
            } else {
                diff::report::report(&result, to_terminal && out.is_colored, to_terminal)
            };
            if settled > 0 {
                text += &format!(
                    "({settled} changes accepted in review are not shown; --all shows them)\n"
                );
            }
            let written = if to_terminal && !stat {
                // The report escaped its own text and coloured it.
                out.out.write_all(text.as_bytes()).map_err(Into::into)
            } else {
                target.write(text.as_bytes(), out)
            };
            keep_until_exit(result);
            keep_until_exit((old_opened, new_opened));
            written
        }
        Command::Drafts { file } => {
            let opened = open_document(&file)?;
            let mut text = String::new();
            if opened.drafts.is_empty() {
                text += &format!("no drafts: {}\n", file.display());
            }
            for d in &opened.drafts {
                let words = Counts::of_document(&d.document).words;
                let note = if d.note.is_empty() {
                    String::new()
                } else {
                    format!("  {}", d.note)
                };
                text += &format!("{}  {}  {}  {words} 字{note}\n", d.name, d.time, d.author);
            }
            out.text(&text)
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
            let opened = open_document(&file)?;
            if opened.source != Source::Plandraft {
                bail!(
                    "drafts are kept in plandraft files; import the text first (plandraft import {}): {}",
                    file.display(),
                    file.display()
                );
            }
            drop(opened);
            let author = author.unwrap_or_else(draft::system_user);
            // Read, add and write under the file's write lock: another writer at the same
            // moment goes before or after, and neither loses the other's change.
            let (is_replaced, count) = storage::update(&file, |plan| {
                let draft = Draft::record(&name, &author, &note, &plan.document);
                let is_replaced = draft::record_into(&mut plan.drafts, draft);
                (is_replaced, plan.drafts.len())
            })?;
            let verb = if is_replaced { "replaced" } else { "recorded" };
            out.text(&format!(
                "{verb} draft “{name}” ({count} drafts in {})\n",
                file.display()
            ))
        }
    }
}

/// The section a person names by its numbers (六（三）, 第三章) in `doc`, read from `file`.
fn section_named(
    doc: &Document,
    number: &str,
    file: &Path,
) -> Result<crate::core::document::SectionId> {
    crate::core::numbering::Numbers::of(doc)
        .find(doc, number)
        .with_context(|| format!("no section numbered “{number}”: {}", file.display()))
}

fn open_document(path: &Path) -> Result<Opened> {
    Ok(open::open(path)?)
}

/// The working copy of an opened file, or its draft called `name`.
fn version<'a>(opened: &'a Opened, name: Option<&str>) -> Result<&'a Document> {
    if let Some(doc) = opened.version(name) {
        return Ok(doc);
    }
    let known: Vec<&str> = opened.drafts.iter().map(|d| d.name.as_str()).collect();
    bail!(
        "no draft “{}” (drafts: {}): {}",
        name.unwrap_or_default(),
        if known.is_empty() {
            "none".to_owned()
        } else {
            known.join(", ")
        },
        opened.path.display()
    )
}

fn run_import(input: &Path, output: Option<PathBuf>, force: bool, out: &mut Output) -> Result<()> {
    let imported = import::import_file(input)?;
    let report = report_text(&imported.report, &imported.document);
    // An imported text is a new document, with a lineage of its own.
    let plan = storage::PlanFile {
        lineage: Some(crate::core::identity::new_lineage()),
        ..storage::PlanFile::new(imported.document)
    };
    let output = output.unwrap_or_else(|| input.with_extension("ron"));
    if output.as_os_str() == "-" {
        // The document goes to standard output, so the report goes to standard error.
        eprint!("{}", export::txt::terminal_safe(&report));
        let text = storage::to_ron_string(&plan, input)?;
        return out.text(&text);
    }
    let options = WriteOptions {
        may_replace: force,
        keep_backup: true,
        inputs: &[input],
    };
    storage::save_with(&plan, &output, &options).map_err(|e| match e {
        storage::StorageError::Write(w) => written(w),
        other => other.into(),
    })?;
    out.text(&report)?;
    out.text(&format!("written: {}\n", output.display()))
}
