//! A file shared by a team, with real processes racing on real files: two writers at the
//! same moment lose nothing, and a save never overwrites what someone else saved meanwhile.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod util;

use std::process::{Child, Command, Stdio};

use plandraft::core::session::Session;
use plandraft::core::shared;
use plandraft::core::storage::{self, StorageError};

/// How many times two `plandraft draft` commands race on one file.
const ROUNDS: usize = 200;

fn draft(dir: &util::Dir, file: &str, name: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_plandraft"))
        .args(["draft", file, "--name", name, "--author", "测试"])
        .current_dir(dir.path(""))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run plandraft")
}

#[test]
fn two_draft_commands_at_once_lose_no_draft() {
    let dir = util::Dir::new();
    let file = dir.path("规划.ron");
    std::fs::copy(util::SAMPLE_RON, &file).unwrap();
    for round in 0..ROUNDS {
        let a = draft(&dir, "规划.ron", &format!("甲{round}"));
        let b = draft(&dir, "规划.ron", &format!("乙{round}"));
        for child in [a, b] {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let plan = storage::load(&file).unwrap();
    let lost: Vec<String> = (0..ROUNDS)
        .flat_map(|r| [format!("甲{r}"), format!("乙{r}")])
        .filter(|name| !plan.drafts.iter().any(|d| &d.name == name))
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} drafts lost: {lost:?}",
        lost.len(),
        2 * ROUNDS
    );
    assert_eq!(plan.drafts.len(), 2 * ROUNDS);
    // Nobody has the file open: no lock file is left behind.
    assert!(!shared::lock_path(&file).exists());
}

#[test]
fn a_save_does_not_overwrite_what_someone_else_saved_meanwhile() {
    let dir = util::Dir::new();
    let file = dir.path("规划.ron");
    std::fs::copy(util::SAMPLE_RON, &file).unwrap();
    let mut mine = Session::open(&file).unwrap();
    // A colleague records a draft (another process) while the file is open here.
    let out = dir.run(&["draft", "规划.ron", "--name", "李四的稿"]);
    assert_eq!(out.status, 0, "{out:?}");
    let theirs = std::fs::read(&file).unwrap();
    assert!(mine.is_changed_on_disk());

    let first = mine.document().sections[0].id;
    mine.apply(plandraft::core::edit::Edit::RenameHeading {
        id: first,
        heading: "我的修改".into(),
    })
    .unwrap();
    let err = mine.save().unwrap_err();
    assert!(matches!(err, StorageError::ChangedOnDisk { .. }), "{err:?}");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        theirs,
        "their save is untouched"
    );
    // Asked and agreed: mine goes over theirs, and the next save is an ordinary one.
    mine.save_over().unwrap();
    assert!(!mine.is_changed_on_disk());
    mine.save().unwrap();
    let plan = storage::load(&file).unwrap();
    assert_eq!(plan.document.sections[0].heading, "我的修改");
}

#[test]
fn saving_a_file_that_someone_deleted_writes_it_again() {
    let dir = util::Dir::new();
    let file = dir.path("规划.ron");
    std::fs::copy(util::SAMPLE_RON, &file).unwrap();
    let mut mine = Session::open(&file).unwrap();
    std::fs::remove_file(&file).unwrap();
    mine.save().unwrap();
    assert!(storage::load(&file).is_ok());
}

/// How many times two `plandraft merge` commands race into one file.
const MERGE_ROUNDS: usize = 25;

#[test]
fn two_merges_into_one_file_at_once_lose_neither() {
    let dir = util::Dir::new();
    let file = dir.path("a.ron");
    std::fs::copy(util::SAMPLE_RON, &file).unwrap();
    let out = dir.run(&["draft", "a.ron", "--name", "征求意见稿"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let merge = |theirs: &str| {
        Command::new(env!("CARGO_BIN_EXE_plandraft"))
            .args(["merge", "a.ron", theirs])
            .current_dir(dir.path(""))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run plandraft")
    };
    for round in 0..MERGE_ROUNDS {
        // The office records what it sends out; two units each add a mark to a different
        // section of their copy.
        let out = dir.run(&["draft", "a.ron", "--name", &format!("第{round}轮")]);
        assert_eq!(out.status, 0, "{}", out.stderr);
        for (copy, section, word, mark) in [
            ("b.ron", "六（一）", "首要任务", "甲"),
            ("c.ron", "六（三）", "空间基底", "乙"),
        ] {
            std::fs::copy(&file, dir.path(copy)).unwrap();
            let heading = format!("{mark}{round}号");
            let to = format!("{word}{heading}");
            let out = dir.run(&["replace", copy, word, &to, "--section", section]);
            assert_eq!(out.status, 0, "{}", out.stderr);
        }
        let (b, c) = (merge("b.ron"), merge("c.ron"));
        for child in [b, c] {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let text = dir.run(&["textconv", "a.ron"]).stdout;
        for mark in ["甲", "乙"] {
            assert!(
                text.contains(&format!("{mark}{round}号")),
                "round {round}: the merge of {mark} was lost"
            );
        }
    }
}
