//! The 征求意见 round on the command line: `comment` and `comments` (批注), `feedback` (collect
//! returned copies into the master and write the 意见采纳情况表) and `decide` (record the
//! office's decision on one opinion, adopting its wording if asked).

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};

use super::output::{Output, Target};
use crate::core::comment::{self, Comment};
use crate::core::edit;
use crate::core::export::table::{TableFormat, render_table};
use crate::core::feedback::{self, Decision, Returned};
use crate::core::numbering::Numbers;
use crate::core::storage;

/// What `plandraft comment` was asked to write.
pub(super) struct CommentArgs<'a> {
    pub file: &'a Path,
    pub section: &'a str,
    pub quote: Option<&'a str>,
    pub text: &'a str,
    pub author: Option<&'a str>,
    pub unit: Option<&'a str>,
}

/// `plandraft comment`: adds a comment, saving the file under its lock.
pub(super) fn run_comment(args: CommentArgs<'_>, out: &mut Output) -> Result<()> {
    if args.text.trim().is_empty() {
        bail!("the comment is empty: give its text with --text");
    }
    let author = args
        .author
        .map_or_else(crate::core::draft::system_user, str::to_owned);
    let (place, count) = storage::try_update(args.file, |plan| -> Result<(String, usize)> {
        let doc = &plan.document;
        let id = super::section_named(doc, args.section, args.file)?;
        let section = doc.section(id).context("section")?;
        let quote = match args.quote {
            Some(q) => Some(comment::quote_of(section, q).with_context(|| {
                format!(
                    "“{q}” is not in section {}: {}",
                    args.section,
                    args.file.display()
                )
            })?),
            None => None,
        };
        let place = Numbers::of(doc).full_label(doc, id);
        let c = Comment::new(id, quote, &author, args.unit.unwrap_or_default(), args.text);
        plan.document.comments.push(c);
        Ok((place, plan.document.comments.len()))
    })?;
    out.text(&format!(
        "comment {count} added on {place}: {}\n",
        args.file.display()
    ))
}

/// `plandraft comments`: every comment in document order, numbered, with its passage and
/// replies.
pub(super) fn run_comments(file: &Path, out: &mut Output) -> Result<()> {
    let plan = storage::load(file)?;
    let doc = &plan.document;
    let numbers = Numbers::of(doc);
    let mut text = String::new();
    for (n, (c, anchor)) in comment::in_document_order(doc).into_iter().enumerate() {
        let place = anchor.section.map_or_else(
            || "（原章节已删除）".to_owned(),
            |id| numbers.full_label(doc, id),
        );
        text += &format!("{}. {place} {}", n + 1, c.from_line());
        if !c.time.is_empty() {
            text += &format!(" {}", c.time);
        }
        if c.is_resolved {
            text += " [已解决]";
        }
        if anchor.is_orphaned {
            text += " [原文已删改]";
        }
        text.push('\n');
        if let Some(q) = &c.quote {
            text += &format!("   原文：“{}”\n", q.exact);
        }
        text += &format!("   {}\n", c.text.replace('\n', "\n   "));
        for r in &c.replies {
            text += &format!("   ↳ {}：{}\n", r.author, r.text.replace('\n', "\n     "));
        }
    }
    if text.is_empty() {
        text = format!("no comments: {}\n", file.display());
    }
    out.text(&text)
}

/// What `plandraft feedback` was asked to do.
#[derive(Debug, clap::Args)]
pub struct FeedbackArgs {
    /// The drafting office's file.
    master: PathBuf,
    /// The copies the units returned.
    #[arg(required = true)]
    copies: Vec<PathBuf>,
    /// docx, xlsx, html or csv (default: from the -o file's extension, else docx).
    #[arg(long)]
    format: Option<TableFormat>,
    /// Where to write the table (- for standard output).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Replace the output file if it exists (the old one is kept as .bak).
    #[arg(long)]
    force: bool,
    /// Keep the opinions collected in MASTER, to decide on them (plandraft decide).
    #[arg(long)]
    save: bool,
    /// The unit a copy came from, as COPY=UNIT (住建局-返回.ron=区住建局); repeat for each
    /// copy to name. Without it, the unit is taken from the copy's comments, else from its
    /// file name.
    #[arg(long = "unit", value_name = "COPY=UNIT", value_parser = copy_unit)]
    units: Vec<(PathBuf, String)>,
}

/// A `--unit COPY=UNIT` argument.
fn copy_unit(text: &str) -> Result<(PathBuf, String), String> {
    match text.rsplit_once('=') {
        Some((copy, unit)) if !copy.is_empty() && !unit.trim().is_empty() => {
            Ok((PathBuf::from(copy), unit.trim().to_owned()))
        }
        _ => Err("expected COPY=UNIT, e.g. 住建局-返回.ron=区住建局".to_owned()),
    }
}

/// Whether `named` (as given to --unit) is the copy at `path`: the same path, or its file
/// name.
fn names_copy(named: &Path, path: &Path) -> bool {
    named == path
        || (named.parent() == Some(Path::new("")) && path.file_name() == Some(named.as_os_str()))
}

/// `plandraft feedback`: collects the copies, joins their opinions with the decisions in
/// the master, and writes the table (or lists the opinions); with `--save` the opinions are
/// kept in the master for deciding.
pub(super) fn run_feedback(args: FeedbackArgs, out: &mut Output) -> Result<()> {
    let master = storage::load(&args.master)?;
    for (named, _) in &args.units {
        if !args.copies.iter().any(|c| names_copy(named, c)) {
            bail!(
                "--unit names {}, which is not one of the copies",
                named.display()
            );
        }
    }
    let returned: Vec<Returned> = args
        .copies
        .iter()
        .map(|path| Returned {
            unit: args
                .units
                .iter()
                .find(|(named, _)| names_copy(named, path))
                .map(|(_, unit)| unit.clone()),
            ..Returned::new(path, storage::load(path).map_err(|e| e.to_string()))
        })
        .collect();
    for (path, unit) in feedback::unnamed_units(&master, &returned) {
        eprintln!(
            "unit taken from the file name: {} → {unit} (name it with --unit {}=…)",
            path.display(),
            path.display()
        );
    }
    let collected = feedback::collect(&master, &returned);
    for s in &collected.skipped {
        eprintln!("left out: {}", s.reason);
    }
    let opinions = feedback::join(&master.document, &master.feedback, collected.opinions);
    if args.save {
        let kept = opinions.clone();
        storage::update(&args.master, |plan| {
            plan.feedback = feedback::join(&plan.document, &plan.feedback, kept);
        })?;
    }
    let table = feedback::table(&master.document, &opinions);
    let Some(output) = args.output.as_deref() else {
        if let Some(format) = args.format.filter(|f| *f != TableFormat::Csv) {
            bail!(
                "a {} table is written to a file: name it with -o",
                format.extension()
            );
        }
        let mut text = listing(&opinions);
        text += &table.summary;
        text.push('\n');
        return out.text(&text);
    };
    let format = match args.format {
        Some(f) => f,
        None => output
            .extension()
            .and_then(|e| e.to_str())
            .and_then(|e| e.parse().ok())
            .unwrap_or_default(),
    };
    let bytes = render_table(&table, format)
        .with_context(|| format!("cannot write the table: {}", output.display()))?;
    let mut inputs: Vec<&Path> = vec![args.master.as_path()];
    inputs.extend(args.copies.iter().map(PathBuf::as_path));
    Target::of(Some(output), args.force, &inputs).write(&bytes, out)?;
    if output.as_os_str() != "-" {
        out.text(&format!(
            "{}\nwritten: {}\n",
            table.summary,
            output.display()
        ))?;
    }
    Ok(())
}

/// The opinions as numbered lines for a terminal.
fn listing(opinions: &[feedback::Opinion]) -> String {
    let mut text = String::new();
    for (n, o) in opinions.iter().enumerate() {
        let decision = o.decision.map_or("待定", Decision::label);
        text += &format!("{}. {} {} [{decision}]\n", n + 1, o.place, o.unit);
        if !o.original.is_empty() {
            text += &format!("   原文：{}\n", o.original.replace('\n', "\n         "));
        }
        text += &format!(
            "   意见：{}\n",
            o.summary_line().replace('\n', "\n         ")
        );
        if !o.reason.is_empty() {
            text += &format!("   理由：{}\n", o.reason);
        }
    }
    text
}

/// `plandraft decide`: records a decision on opinion `number` (as `feedback` numbers them)
/// of the master; with `apply`, adopts its wording in the working copy.
pub(super) fn run_decide(
    master: &Path,
    number: usize,
    decision: &str,
    reason: &str,
    is_applied: bool,
    out: &mut Output,
) -> Result<()> {
    let decision = Decision::parse(decision).with_context(|| {
        format!("unknown decision “{decision}”: say 采纳, 部分采纳, 不采纳 or 已在他处体现")
    })?;
    let line = storage::try_update(master, |plan| -> Result<String> {
        let count = plan.feedback.len();
        let index = number
            .checked_sub(1)
            .filter(|i| *i < count)
            .with_context(|| {
                format!(
                    "no opinion {number}: the master holds {count} (collect them with plandraft feedback --save): {}",
                    master.display()
                )
            })?;
        if is_applied {
            let e = feedback::apply(&plan.document, &plan.feedback[index])
                .with_context(|| format!("opinion {number} not adopted: {}", master.display()))?;
            edit::apply(&mut plan.document, e)?;
        }
        let o = &mut plan.feedback[index];
        o.decision = Some(decision);
        o.reason = reason.to_owned();
        Ok(format!(
            "{number}. {} {}: {}",
            o.place,
            o.unit,
            decision.label()
        ))
    })?;
    out.text(&format!("{line}: {}\n", master.display()))
}
