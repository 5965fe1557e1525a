//! Commands for teams: `merge` (three-way, by section ids; also git's merge driver),
//! `textconv` (a plan file as text for `git diff`), `git-setup`, and `replace`.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use super::output::{Output, written};
use crate::core::document::{Document, SectionId};
use crate::core::edit;
use crate::core::export;
use crate::core::identity;
use crate::core::merge::{self, Conflict, ConflictPlace, FileMerge, Side};
use crate::core::numbering::Numbers;
use crate::core::search::{self, Query};
use crate::core::storage::{self, PlanFile, StorageError};
use crate::core::write::WriteOptions;

/// A command that ends with a status other than success but has said all it has to say
/// (a merge with conflicts): `main` exits with `code` and prints `error` if there is one.
#[derive(Debug)]
pub struct Finished {
    /// The exit status.
    pub code: u8,
    /// What went wrong, if something did.
    pub error: Option<anyhow::Error>,
}

impl std::fmt::Display for Finished {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.error {
            Some(e) => write!(f, "{e:#}"),
            None => write!(f, "exit status {}", self.code),
        }
    }
}

impl std::error::Error for Finished {}

/// The files of `plandraft merge`, as given.
pub(super) struct MergeArgs {
    pub files: Vec<PathBuf>,
    pub output: Option<PathBuf>,
    pub force: bool,
    pub git: Option<String>,
}

/// `plandraft merge`: exit 0 when clean, 1 with conflicts (kept in the file), 2 when
/// nothing could be merged (nothing written).
pub(super) fn run_merge(args: MergeArgs, out: &mut Output) -> Result<()> {
    match merge_command(args, out) {
        Ok(0) => Ok(()),
        Ok(_) => Err(Finished {
            code: 1,
            error: None,
        }
        .into()),
        Err(e) => Err(Finished {
            code: 2,
            error: Some(e),
        }
        .into()),
    }
}

/// Runs the merge; returns the number of conflicts.
fn merge_command(args: MergeArgs, out: &mut Output) -> Result<usize> {
    let (base_path, ours_path, theirs_path) = match args.files.as_slice() {
        [ours, theirs] => (None, ours.clone(), theirs.clone()),
        [base, ours, theirs] => (Some(base.clone()), ours.clone(), theirs.clone()),
        _ => bail!("merge takes OURS THEIRS, or BASE OURS THEIRS"),
    };
    let name = args
        .git
        .clone()
        .unwrap_or_else(|| ours_path.display().to_string());
    // As git's merge driver, files that are not plans fall back to git's own line merge.
    if args.git.is_some() && !args.files.iter().all(|f| looks_like_plan(f)) {
        return git_merge_file(&args.files);
    }
    let theirs = storage::load(&theirs_path)?;
    let base = base_path.as_deref().map(storage::load).transpose()?;

    if args.git.is_some() {
        let ours = storage::load(&ours_path)?;
        let merged = merge_plans(base.as_ref(), (&ours_path, &ours), (&theirs_path, &theirs))?;
        let options = WriteOptions {
            may_replace: true,
            keep_backup: false,
            inputs: &[],
        };
        storage::save_with(&merged.plan, &ours_path, &options)?;
        return report(&merged, &name);
    }

    if let Some(output) = &args.output {
        let ours = storage::load(&ours_path)?;
        let merged = merge_plans(base.as_ref(), (&ours_path, &ours), (&theirs_path, &theirs))?;
        if output.as_os_str() == "-" {
            let text = storage::to_ron_string(&merged.plan, output)?;
            out.text(&text)?;
        } else {
            let mut inputs = vec![ours_path.as_path(), theirs_path.as_path()];
            inputs.extend(base_path.as_deref());
            let options = WriteOptions {
                may_replace: args.force,
                keep_backup: true,
                inputs: &inputs,
            };
            storage::save_with(&merged.plan, output, &options).map_err(|e| match e {
                StorageError::Write(w) => written(w),
                other => other.into(),
            })?;
        }
        return report(&merged, &name);
    }

    // Into OURS itself, under its write lock, on top of what it holds at that moment.
    let merged = storage::try_update(&ours_path, |ours| -> Result<FileMerge> {
        let merged = merge_plans(base.as_ref(), (&ours_path, ours), (&theirs_path, &theirs))?;
        *ours = merged.plan.clone();
        Ok(merged)
    })?;
    report(&merged, &name)
}

/// Merges two loaded files: checked to be copies of one document, from `base` or else the
/// newest state they share.
fn merge_plans(
    base: Option<&PlanFile>,
    ours: (&Path, &PlanFile),
    theirs: (&Path, &PlanFile),
) -> Result<FileMerge> {
    merge::same_document(ours, theirs)?;
    let found;
    let base = match base {
        Some(base) => base,
        None => {
            let ancestor = merge::common_ancestor(ours.1, theirs.1).ok_or_else(|| {
                merge::MergeError::NoCommonAncestor {
                    ours: ours.0.to_owned(),
                    theirs: theirs.0.to_owned(),
                }
            })?;
            eprintln!("merging from their common draft: {}", ancestor.name);
            found = PlanFile::new(ancestor.document);
            &found
        }
    };
    Ok(merge::merge_files(base, ours.1, theirs.1))
}

/// Whether the file at `path` says it is a plandraft file (whatever its name: git's
/// temporary files have none), so that another RON file under the same git pattern is
/// merged and shown by git's own means, while a damaged plan gets plandraft's message.
fn looks_like_plan(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    let is_read = std::fs::File::open(path)
        .and_then(|f| f.take(512).read_to_end(&mut head))
        .is_ok();
    is_read && String::from_utf8_lossy(&head).contains("format: \"plandraft\"")
}

/// `git merge-file OURS BASE THEIRS`, for files in a merge-driver pattern that are not
/// plans.
fn git_merge_file(files: &[PathBuf]) -> Result<usize> {
    let [base, ours, theirs] = files else {
        bail!("git's merge driver passes BASE OURS THEIRS");
    };
    let status = Process::new("git")
        .arg("merge-file")
        .arg(ours)
        .arg(base)
        .arg(theirs)
        .status()
        .context("running git merge-file")?;
    match status.code() {
        Some(0) => Ok(0),
        Some(n) if n > 0 => Ok(n as usize),
        _ => bail!("git merge-file failed"),
    }
}

/// Prints what a merge did to standard error (standard output may hold the file).
fn report(merged: &FileMerge, name: &str) -> Result<usize> {
    let doc = &merged.plan.document;
    let numbers = Numbers::of(doc);
    let mut lines = Vec::new();
    for d in &merged.drafts_added {
        lines.push(format!("draft added from theirs: {d}"));
    }
    for (from, to) in &merged.drafts_renamed {
        lines.push(format!(
            "draft “{from}” differs between the copies: theirs kept as “{to}”"
        ));
    }
    for d in &merged.drafts_removed {
        lines.push(format!("draft removed (deleted on one side): {d}"));
    }
    for c in &merged.conflicts {
        lines.push(format!("CONFLICT: {}", describe(c, doc, &numbers)));
    }
    lines.push(match merged.conflicts.len() {
        0 => format!("merged cleanly: {name}"),
        n => format!(
            "merged with {n} conflict{}, kept in the file (both versions; open it in plandraft to resolve, or see plandraft check): {name}",
            if n == 1 { "" } else { "s" }
        ),
    });
    eprint!("{}", export::txt::terminal_safe(&(lines.join("\n") + "\n")));
    Ok(merged.conflicts.len())
}

/// A conflict in one line: where, and both sides' text, shortened.
pub(super) fn describe(c: &Conflict, doc: &Document, numbers: &Numbers) -> String {
    let section = |id: SectionId| -> String {
        match doc.section(id) {
            Some(s) => format!("{}{}", numbers.label(id), short(&s.heading, 24)),
            None => "a section".to_owned(),
        }
    };
    let place = match &c.place {
        ConflictPlace::Title => "the title".to_owned(),
        ConflictPlace::Stage => "the stage line".to_owned(),
        ConflictPlace::Preamble(i) => format!("the preamble, paragraph {}", i + 1),
        ConflictPlace::Heading(id) => format!("the heading of {}", section(*id)),
        ConflictPlace::Paragraphs(id, i) => format!("{}, paragraph {}", section(*id), i + 1),
        ConflictPlace::Deleted(id, by) => format!(
            "{} was deleted by {} and changed by {}: kept",
            section(*id),
            side(*by),
            side(other(*by))
        ),
        ConflictPlace::Moved(id) => format!(
            "{} was moved to different places: it is where ours put it",
            section(*id)
        ),
    };
    let text = |lines: &[String]| -> String {
        if lines.is_empty() {
            "(nothing)".to_owned()
        } else {
            format!("“{}”", short(&lines.join(" / "), 40))
        }
    };
    format!(
        "{place} — ours {} — theirs {}",
        text(&c.ours),
        text(&c.theirs)
    )
}

fn side(s: Side) -> &'static str {
    match s {
        Side::Ours => "ours",
        Side::Theirs => "theirs",
    }
}

fn other(s: Side) -> Side {
    match s {
        Side::Ours => Side::Theirs,
        Side::Theirs => Side::Ours,
    }
}

/// The first `n` characters of `text`, with … when there were more.
fn short(text: &str, n: usize) -> String {
    let mut out: String = text.chars().take(n).collect();
    if text.chars().nth(n).is_some() {
        out.push('…');
    }
    out
}

/// `plandraft textconv FILE`: a plan file as text for `git diff` and `git log -p` — the
/// lineage and drafts (name, time, author, content hash) as header lines, the working copy
/// with its numbers, and any conflicts. A file that is not a plan is printed as it is.
pub(super) fn run_textconv(file: &Path, out: &mut Output) -> Result<()> {
    if !looks_like_plan(file) {
        let bytes =
            std::fs::read(file).with_context(|| format!("cannot read: {}", file.display()))?;
        return out.text(&String::from_utf8_lossy(&bytes));
    }
    out.text(&textconv(&storage::load(file)?))
}

fn textconv(plan: &PlanFile) -> String {
    let doc = &plan.document;
    let numbers = Numbers::of(doc);
    let mut s = String::new();
    if let Some(lineage) = &plan.lineage {
        s += &format!("# plandraft document {lineage}\n");
    }
    for d in &plan.drafts {
        s += &format!(
            "# draft {} ({}, {}) {}\n",
            d.name,
            d.time,
            d.author,
            &identity::content_hash(&d.document)[..12]
        );
    }
    s += "\n";
    s += &export::txt::to_text_with(doc, &numbers, false);
    for c in &doc.conflicts {
        s += &format!("\n# CONFLICT: {}\n", describe(c, doc, &numbers));
        for (label, lines) in [("base", &c.base), ("ours", &c.ours), ("theirs", &c.theirs)] {
            for line in lines {
                s += &format!("#   {label}: {line}\n");
            }
        }
    }
    s
}

/// `plandraft git-setup`: tells the git repository at `dir` to merge plan files with
/// plandraft and to show them as text in diffs.
pub(super) fn run_git_setup(dir: &Path, pattern: &str, out: &mut Output) -> Result<()> {
    let git = |args: &[&str]| -> Result<String> {
        let output = Process::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .context("running git (is it installed?)")?;
        if !output.status.success() {
            bail!(
                "git {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
    };
    let top = PathBuf::from(
        git(&["rev-parse", "--show-toplevel"])
            .with_context(|| format!("not in a git repository: {}", dir.display()))?,
    );
    let exe = this_program()?;
    git(&[
        "config",
        "merge.plandraft.name",
        "plandraft: three-way merge of plan files by section",
    ])?;
    git(&[
        "config",
        "merge.plandraft.driver",
        &format!("{exe} merge %O %A %B --git %P"),
    ])?;
    git(&[
        "config",
        "diff.plandraft.textconv",
        &format!("{exe} textconv"),
    ])?;
    let attributes = top.join(".gitattributes");
    add_lines(
        &attributes,
        &[&format!("{pattern} merge=plandraft diff=plandraft")],
    )?;
    // What plandraft keeps beside a file (the backup, the lock, the recovery copy) is not
    // part of the plan.
    let ignore = top.join(".gitignore");
    add_lines(&ignore, &["*.ron.bak", ".~lock.*#", ".*.recovery"])?;
    out.text(&format!(
        "git will merge {pattern} with plandraft and show them as text in diffs.\n\
         written: {} and {} (commit them, so the whole team's clones know)\n\
         set in {}/.git/config: merge.plandraft.driver, diff.plandraft.textconv (each clone runs plandraft git-setup once)\n",
        attributes.display(),
        ignore.display(),
        top.display()
    ))
}

/// Adds to the text file at `path` those of `lines` it does not have yet.
fn add_lines(path: &Path, lines: &[&str]) -> Result<()> {
    let existing = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot read: {}", path.display())),
    };
    let missing: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|line| !existing.lines().any(|l| l.trim() == *line))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut text = existing;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for line in missing {
        text += line;
        text.push('\n');
    }
    let options = WriteOptions {
        may_replace: true,
        keep_backup: false,
        inputs: &[],
    };
    crate::core::write::write_atomically(path, text.as_bytes(), &options)?;
    Ok(())
}

/// How git should call this program: `plandraft` when that is what the PATH finds, else
/// its full path, quoted for the shell git runs it with.
fn this_program() -> Result<String> {
    let exe = std::env::current_exe().context("cannot tell where plandraft is")?;
    let exe = exe.canonicalize().unwrap_or(exe);
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("plandraft"))
            .find(|p| p.is_file())
    });
    if on_path.and_then(|p| p.canonicalize().ok()).as_deref() == Some(exe.as_path()) {
        return Ok("plandraft".to_owned());
    }
    let text = exe.to_string_lossy();
    Ok(format!("'{}'", text.replace('\'', r"'\''")))
}

/// `plandraft replace`: every occurrence of `find` (in `section` and the sections under it,
/// or everywhere) replaced, as one edit that keeps every section's id; saved under the
/// file's write lock.
pub(super) fn run_replace(
    file: &Path,
    find: &str,
    replacement: &str,
    section: Option<&str>,
    is_case_sensitive: bool,
    out: &mut Output,
) -> Result<()> {
    if find.is_empty() {
        bail!("nothing to find: the text to replace is empty");
    }
    let count = storage::try_update(file, |plan| -> Result<usize> {
        let doc = &plan.document;
        let within = match section {
            Some(number) => Some(subtree(doc, super::section_named(doc, number, file)?)),
            None => None,
        };
        let query = Query {
            needle: find.to_owned(),
            is_case_sensitive,
        };
        let matches: Vec<_> = search::find_all(doc, &query)
            .into_iter()
            .filter(|m| {
                within
                    .as_ref()
                    .is_none_or(|ids| m.location.section().is_some_and(|s| ids.contains(&s)))
            })
            .collect();
        let Some(edit) = search::replace_edit(doc, &matches, replacement) else {
            bail!("“{find}” was not found: {}", file.display());
        };
        edit::apply(&mut plan.document, edit)?;
        Ok(matches.len())
    })?;
    out.text(&format!(
        "replaced {count} occurrence{}: {}\n",
        if count == 1 { "" } else { "s" },
        file.display()
    ))
}

/// `id` and every section under it.
fn subtree(doc: &Document, id: SectionId) -> Vec<SectionId> {
    let mut ids = Vec::new();
    if let Some(s) = doc.section(id) {
        let mut stack = vec![s];
        while let Some(s) = stack.pop() {
            ids.push(s.id);
            stack.extend(s.children.iter());
        }
    }
    ids
}
