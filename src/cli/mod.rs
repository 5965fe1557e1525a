//! The `plandraft` command line: import, outline, export, stats, check, diff, drafts, draft,
//! for teams merge, textconv, git-setup and replace, and for a 征求意见 round comment,
//! comments, feedback and decide.
//!
//! Every command that reads a document takes a `.ron` file or a text file, which is imported
//! on the fly. Errors are returned to `main`, which prints them and exits with status 1.

use anyhow::{Context, Result, bail};
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

mod args;
mod consult;
mod output;
mod reports;
mod team;

pub use args::{Cli, Command, ExportFormat, ReportFormat, TextEncoding};
pub use output::Output;
use output::{Target, keep_until_exit, written};
pub use reports::report_text;
use reports::stats_table;
pub use team::Finished;

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
