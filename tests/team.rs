//! Teams end to end, with the real binary: copies of the sample edited apart and merged
//! (`plandraft merge`, clean and with a conflict the file keeps), files that must not be
//! merged, `replace`, and a real git repository that merges plan files with plandraft's
//! driver and shows them as text in diffs.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod util;

use std::path::Path;
use std::process::Command;

use plandraft::core::merge::ConflictPlace;
use plandraft::core::storage;

/// A folder with `a.ron`, a copy of the sample with the draft 征求意见稿 recorded, and
/// `b.ron`, a copy of it (as sent to a unit).
fn two_copies() -> util::Dir {
    let dir = util::Dir::new();
    std::fs::copy(util::SAMPLE_RON, dir.path("a.ron")).unwrap();
    let out = dir.run(&["draft", "a.ron", "--name", "征求意见稿"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    std::fs::copy(dir.path("a.ron"), dir.path("b.ron")).unwrap();
    dir
}

/// What the two sides of a clean merge wrote (two sections, and two words of one sentence).
const BOTH_SIDES_EDITS: [&str; 4] = [
    "全力服务支撑",
    "持续优化区域发展布局",
    "全面实施创新驱动发展战略",
    "提供坚实的动力和支撑",
];

fn replace(dir: &util::Dir, file: &str, find: &str, to: &str, section: &str) {
    let out = dir.run(&["replace", file, find, to, "--section", section]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("replaced 1 occurrence"),
        "{}",
        out.stdout
    );
}

fn text_of(dir: &util::Dir, file: &str) -> String {
    let out = dir.run(&["textconv", file]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    out.stdout
}

#[test]
fn edits_in_different_sections_merge_cleanly() {
    let dir = two_copies();
    replace(&dir, "a.ron", "服务支撑", "全力服务支撑", "六（一）");
    replace(&dir, "b.ron", "着力优化", "持续优化", "六(三)");
    // A sentence of one paragraph edited in two places, one on each side.
    replace(
        &dir,
        "a.ron",
        "深入实施创新驱动发展战略",
        "全面实施创新驱动发展战略",
        "六（二）",
    );
    replace(
        &dir,
        "b.ron",
        "提供强大的动力和支撑",
        "提供坚实的动力和支撑",
        "六（二）",
    );
    let before = std::fs::read(dir.path("b.ron")).unwrap();
    let out = dir.run(&["merge", "a.ron", "b.ron"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(out.stderr.contains("merged cleanly"), "{}", out.stderr);
    assert!(
        out.stderr.contains("征求意见稿"),
        "the base is named: {}",
        out.stderr
    );
    let text = text_of(&dir, "a.ron");
    for both in BOTH_SIDES_EDITS {
        assert!(text.contains(both), "{both} missing");
    }
    // Theirs is read, never written; ours kept its old self as .bak.
    assert_eq!(std::fs::read(dir.path("b.ron")).unwrap(), before);
    assert!(dir.path("a.ron.bak").exists());
    let out = dir.run(&["check", "a.ron"]);
    assert!(!out.stdout.contains("conflict"), "{}", out.stdout);
}

#[test]
fn the_same_sentence_edited_differently_is_a_conflict_the_file_keeps() {
    let dir = two_copies();
    replace(&dir, "a.ron", "首要任务", "第一要务", "六（一）");
    replace(&dir, "b.ron", "首要任务", "根本任务", "六（一）");
    let out = dir.run(&["merge", "a.ron", "b.ron", "-o", "merged.ron"]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(out.stderr.contains("CONFLICT"), "{}", out.stderr);
    // The file is valid and holds both versions and the base.
    let plan = storage::load(&dir.path("merged.ron")).unwrap();
    let [c] = plan.document.conflicts.as_slice() else {
        panic!("{:?}", plan.document.conflicts);
    };
    assert!(matches!(c.place, ConflictPlace::Heading(_)));
    assert!(c.ours[0].contains("第一要务") && c.theirs[0].contains("根本任务"));
    assert!(c.base[0].contains("首要任务"));
    // check names it, export refuses to print one side as settled.
    let out = dir.run(&["check", "merged.ron"]);
    assert_eq!(out.status, 0);
    assert!(
        out.stdout.contains("1 unresolved merge conflict"),
        "{}",
        out.stdout
    );
    let out = dir.run(&["export", "merged.ron"]);
    assert_ne!(out.status, 0);
    assert!(out.stderr.contains("conflict"), "{}", out.stderr);
    // -o does not replace a file without --force.
    let out = dir.run(&["merge", "a.ron", "b.ron", "-o", "merged.ron"]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--force"), "{}", out.stderr);
}

#[test]
fn files_that_are_not_copies_of_one_document_are_not_merged() {
    let dir = two_copies();
    // A document imported on its own has a lineage of its own.
    let out = dir.run(&["import", util::SAMPLE_TXT, "-o", "other.ron"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let out = dir.run(&["draft", "other.ron", "--name", "征求意见稿"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let out = dir.run(&["import", util::SAMPLE_TXT, "-o", "third.ron"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let before = std::fs::read(dir.path("other.ron")).unwrap();
    let out = dir.run(&["merge", "other.ron", "third.ron"]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("not copies of one document"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("third.ron"), "{}", out.stderr);
    assert_eq!(std::fs::read(dir.path("other.ron")).unwrap(), before);

    // Copies with no state in common: the message says so and what to do instead.
    std::fs::copy(util::SAMPLE_RON, dir.path("x.ron")).unwrap();
    std::fs::copy(util::SAMPLE_RON, dir.path("y.ron")).unwrap();
    replace(&dir, "x.ron", "首要任务", "第一要务", "六（一）");
    replace(&dir, "y.ron", "首要任务", "根本任务", "六（一）");
    let before = std::fs::read(dir.path("x.ron")).unwrap();
    let out = dir.run(&["merge", "x.ron", "y.ron"]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(out.stderr.contains("plandraft diff"), "{}", out.stderr);
    assert_eq!(std::fs::read(dir.path("x.ron")).unwrap(), before);

    // A damaged file is named.
    dir.write("bad.ron", "(format: \"plandraft\", version: 4, document: (");
    let out = dir.run(&["merge", "a.ron", "bad.ron"]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(out.stderr.contains("bad.ron"), "{}", out.stderr);
}

#[test]
fn replace_keeps_ids_and_names_what_it_cannot_find() {
    let dir = two_copies();
    let before = storage::load(&dir.path("a.ron")).unwrap();
    replace(&dir, "a.ron", "首要任务", "第一要务", "六（一）");
    let after = storage::load(&dir.path("a.ron")).unwrap();
    let ids = |p: &storage::PlanFile| -> Vec<_> {
        p.document.flatten().iter().map(|(s, _)| s.id).collect()
    };
    assert_eq!(ids(&before), ids(&after));
    let out = dir.run(&["replace", "a.ron", "不存在的文字", "x"]);
    assert_ne!(out.status, 0);
    assert!(out.stderr.contains("not found"), "{}", out.stderr);
    let out = dir.run(&["replace", "a.ron", "发展", "x", "--section", "九十九"]);
    assert_ne!(out.status, 0);
    assert!(out.stderr.contains("九十九"), "{}", out.stderr);
}

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "测试")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "测试")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git is installed (.ci/run installs it)")
}

fn git_ok(dir: &Path, args: &[&str]) -> String {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn git_merges_plan_files_with_the_driver() {
    let dir = util::Dir::new();
    let repo = dir.path("");
    git_ok(&repo, &["init", "-q", "-b", "main"]);
    std::fs::copy(util::SAMPLE_RON, dir.path("规划.ron")).unwrap();
    let out = dir.run(&["draft", "规划.ron", "--name", "征求意见稿"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let out = dir.run(&["git-setup"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let attributes = std::fs::read_to_string(dir.path(".gitattributes")).unwrap();
    assert!(attributes.contains("*.ron merge=plandraft diff=plandraft"));
    // Run twice, it does not write the line twice.
    dir.run(&["git-setup"]);
    let again = std::fs::read_to_string(dir.path(".gitattributes")).unwrap();
    assert_eq!(attributes, again);
    let ignore = std::fs::read_to_string(dir.path(".gitignore")).unwrap();
    assert!(ignore.contains("*.ron.bak"), "{ignore}");
    git_ok(&repo, &["add", "规划.ron", ".gitattributes", ".gitignore"]);
    git_ok(&repo, &["commit", "-q", "-m", "征求意见稿"]);

    // Two branches edit different sections, and one sentence in two places.
    git_ok(&repo, &["checkout", "-q", "-b", "unit"]);
    replace(&dir, "规划.ron", "着力优化", "持续优化", "六（三）");
    replace(
        &dir,
        "规划.ron",
        "提供强大的动力和支撑",
        "提供坚实的动力和支撑",
        "六（二）",
    );
    git_ok(&repo, &["commit", "-q", "-am", "unit"]);
    git_ok(&repo, &["checkout", "-q", "main"]);
    replace(&dir, "规划.ron", "服务支撑", "全力服务支撑", "六（一）");
    replace(
        &dir,
        "规划.ron",
        "深入实施创新驱动发展战略",
        "全面实施创新驱动发展战略",
        "六（二）",
    );
    git_ok(&repo, &["commit", "-q", "-am", "office"]);

    // The diff is readable text, by section.
    let log = git_ok(&repo, &["log", "-p", "-1", "--", "规划.ron"]);
    assert!(
        log.contains("+（一）把握高质量发展首要任务，全力服务支撑"),
        "{log}"
    );
    assert!(!log.contains("paragraphs:"), "the diff shows RON: {log}");

    let out = git(&repo, &["merge", "--no-edit", "unit"]);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = text_of(&dir, "规划.ron");
    for both in BOTH_SIDES_EDITS {
        assert!(text.contains(both), "{both} missing");
    }
    // Nothing was left in the work tree: no temporary, lock or backup file of the merge.
    let status = git_ok(&repo, &["status", "--porcelain"]);
    assert!(status.trim().is_empty(), "{status}");
    let names: Vec<String> = std::fs::read_dir(&repo)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("merge_file") || n.contains("lock"))
        .collect();
    assert!(names.is_empty(), "{names:?}");

    // The same heading edited differently: git stops, the file is a valid plan that holds
    // the conflict, and after resolving in plandraft it is committed as usual.
    git_ok(&repo, &["checkout", "-q", "-b", "unit2"]);
    replace(&dir, "规划.ron", "首要任务", "根本任务", "六（一）");
    git_ok(&repo, &["commit", "-q", "-am", "unit2"]);
    git_ok(&repo, &["checkout", "-q", "main"]);
    replace(&dir, "规划.ron", "首要任务", "第一要务", "六（一）");
    git_ok(&repo, &["commit", "-q", "-am", "office2"]);
    let out = git(&repo, &["merge", "--no-edit", "unit2"]);
    assert!(!out.status.success());
    let plan = storage::load(&dir.path("规划.ron")).unwrap();
    assert_eq!(
        plan.document.conflicts.len(),
        1,
        "{:?}",
        plan.document.conflicts
    );
    let conflicted = git_ok(
        &repo,
        &[
            "-c",
            "core.quotePath=false",
            "diff",
            "--name-only",
            "--diff-filter=U",
        ],
    );
    assert_eq!(conflicted.trim(), "规划.ron");
}

#[test]
fn other_ron_files_under_the_pattern_merge_as_lines() {
    let dir = util::Dir::new();
    let repo = dir.path("");
    git_ok(&repo, &["init", "-q", "-b", "main"]);
    assert_eq!(dir.run(&["git-setup"]).status, 0);
    let settings =
        |a: u32, b: u32| format!("(\n    a: {a},\n    x: 0,\n    y: 0,\n    b: {b},\n)\n");
    dir.write("settings.ron", settings(1, 2));
    git_ok(&repo, &["add", "."]);
    git_ok(&repo, &["commit", "-q", "-m", "start"]);
    git_ok(&repo, &["checkout", "-q", "-b", "other"]);
    dir.write("settings.ron", settings(1, 3));
    git_ok(&repo, &["commit", "-q", "-am", "b"]);
    git_ok(&repo, &["checkout", "-q", "main"]);
    dir.write("settings.ron", settings(5, 2));
    git_ok(&repo, &["commit", "-q", "-am", "a"]);
    git_ok(&repo, &["merge", "--no-edit", "other"]);
    let text = std::fs::read_to_string(dir.path("settings.ron")).unwrap();
    assert_eq!(text, settings(5, 3));
    // And textconv shows it as it is.
    assert_eq!(text_of(&dir, "settings.ron"), text);
}

#[test]
fn two_copies_of_one_document_are_compared_by_section_id() {
    let dir = util::Dir::new();
    let out = dir.run(&["import", util::SAMPLE_TXT, "-o", "a.ron"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    // A copy whose first section was rewritten from its heading down.
    let mut plan = storage::load(&dir.path("a.ron")).unwrap();
    let first = &mut plan.document.sections[0];
    first.heading = "面临的新形势新要求".into();
    for p in &mut first.paragraphs {
        p.text = "全部改写的一段文字，与原来的段落没有共同之处。".into();
    }
    storage::save(&plan, &dir.path("b.ron")).unwrap();
    let out = dir.run(&["diff", "a.ron", "b.ron", "--stat"]);
    assert!(out.stdout.contains("面临的新形势新要求"), "{}", out.stdout);
    assert!(
        !out.stdout.contains("removed"),
        "matched by id: {}",
        out.stdout
    );
    // Another document (no shared lineage): the same text is a removal and an addition.
    plan.lineage = Some(plandraft::core::identity::new_lineage());
    storage::save(&plan, &dir.path("c.ron")).unwrap();
    let out = dir.run(&["diff", "a.ron", "c.ron", "--stat"]);
    assert!(out.stdout.contains("removed"), "{}", out.stdout);
}
