//! The command line's commands and options, as clap reads them (and `--help` shows them).

use clap::{Parser, Subcommand};
use std::path::PathBuf;

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
    Feedback(super::consult::FeedbackArgs),
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
