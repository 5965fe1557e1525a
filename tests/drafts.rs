//! Drafts in the file: recorded from the command line, listed, compared, and stored
//! compactly.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod util;

use plandraft::core::document::{Document, Section};
use plandraft::core::draft::Draft;
use plandraft::core::import::import_text;
use plandraft::core::storage::{self, PlanFile};
use std::sync::Arc;
use util::{Dir, SAMPLE_TXT};

fn copy(doc: &mut Document, s: &Section) -> Section {
    let mut c = Section::new(doc.allocate_id(), s.heading.clone());
    c.paragraphs = s.paragraphs.clone();
    c.children = s.children.iter().map(|ch| copy(doc, ch)).collect();
    c
}

/// About 100,000 字: the sample's sections repeated.
fn big_plan() -> Document {
    let sample = import_text(&std::fs::read_to_string(SAMPLE_TXT).unwrap()).document;
    let mut doc = Document {
        title: sample.title.clone(),
        ..Document::default()
    };
    for _ in 0..24 {
        for s in &sample.sections {
            let c = copy(&mut doc, s);
            doc.sections.push(c);
        }
    }
    doc
}

#[test]
fn fifty_drafts_cost_a_small_fraction_of_full_copies() {
    let mut doc = big_plan();
    let dir = Dir::new();
    let one = dir.path("one.ron");
    storage::save(&PlanFile::new(doc.clone()), &one).unwrap();
    let single = std::fs::metadata(&one).unwrap().len();

    // Each draft edits about 2% of the paragraphs.
    let mut drafts = Vec::new();
    let ids: Vec<_> = doc.flatten().iter().map(|(s, _)| s.id).collect();
    for n in 0..50 {
        for k in 0..(ids.len() / 50).max(1) {
            let id = ids[(n * 7 + k * 13) % ids.len()];
            if let Some(p) = doc.section_mut(id).unwrap().paragraphs.first_mut() {
                p.text.push_str(&format!("第{n}稿补充。"));
            }
        }
        drafts.push(Draft {
            name: format!("第{n}稿"),
            author: "起草组".into(),
            time: "2026-11-27T10:00:00Z".into(),
            note: String::new(),
            document: Arc::new(doc.clone()),
        });
    }
    let plan = PlanFile {
        document: doc,
        drafts,
        ..Default::default()
    };
    let all = dir.path("all.ron");
    storage::save(&plan, &all).unwrap();
    let packed = std::fs::metadata(&all).unwrap().len();
    let full_copies = single * 51;
    let ratio = packed as f64 / full_copies as f64;
    eprintln!("50 drafts: {packed} bytes; full copies: {full_copies} bytes ({ratio:.3})");
    assert!(
        ratio <= 0.10,
        "{packed} bytes against {full_copies} for full copies ({ratio:.3})"
    );
    assert_eq!(storage::load(&all).unwrap(), plan);
}

#[test]
fn record_list_and_compare_drafts_from_the_command_line() {
    let dir = Dir::new();
    dir.write("plan.txt", std::fs::read(SAMPLE_TXT).unwrap());
    assert_eq!(dir.run(&["import", "plan.txt"]).status, 0);
    let out = dir.run(&[
        "draft",
        "plan.ron",
        "--name",
        "征求意见稿",
        "--author",
        "张三",
        "--note",
        "初稿",
    ]);
    assert_eq!(out.status, 0, "{out:?}");
    // Edit the working copy through a text round trip: rename a heading.
    let plan = storage::load(&dir.path("plan.ron")).unwrap();
    let mut edited = plan.clone();
    edited.document.sections[3].heading = "发展目标".into();
    storage::save(&edited, &dir.path("plan.ron")).unwrap();
    let out = dir.run(&["draft", "plan.ron", "--name", "送审稿"]);
    assert_eq!(out.status, 0, "{out:?}");

    let list = dir.run(&["drafts", "plan.ron"]);
    let lines: Vec<&str> = list.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", list.stdout);
    assert!(
        lines[0].starts_with("征求意见稿  ")
            && lines[0].contains("张三")
            && lines[0].ends_with("初稿")
    );
    assert!(lines[1].starts_with("送审稿  "));

    let stat = dir.run(&[
        "diff",
        "plan.ron",
        "--from",
        "征求意见稿",
        "--to",
        "送审稿",
        "--stat",
    ]);
    assert_eq!(stat.status, 0, "{stat:?}");
    assert_eq!(
        stat.stdout,
        "renamed 四、发展目标  +2 −2\n1 sections changed, +2 −2 characters\n"
    );
    let report = dir.run(&["diff", "plan.ron", "--from", "征求意见稿"]);
    assert!(
        report.stdout.contains("{+发展+}目标[-愿景-]"),
        "{}",
        report.stdout
    );
    assert!(
        !report.stdout.contains('\x1b'),
        "no colour when not on a terminal"
    );

    let missing = dir.run(&["diff", "plan.ron", "--from", "第9稿"]);
    missing.assert_clean_error();
    assert!(
        missing.stderr.contains("征求意见稿, 送审稿"),
        "{}",
        missing.stderr
    );
    let text = dir.run(&["draft", "plan.txt", "--name", "x"]);
    text.assert_clean_error();
    assert!(text.stderr.contains("import"), "{}", text.stderr);
}

#[test]
fn compare_two_text_files() {
    let dir = Dir::new();
    let text = std::fs::read_to_string(SAMPLE_TXT).unwrap();
    dir.write("a.txt", &text);
    dir.write(
        "b.txt",
        text.replace("（征求意见稿）", "（送审稿）")
            .replacen("关键时期", "重要时期", 1),
    );
    let out = dir.run(&["diff", "a.txt", "b.txt", "--stat"]);
    assert_eq!(out.status, 0, "{out:?}");
    assert_eq!(
        out.stdout,
        "modified (title, stage and preamble)  +2 −4\nmodified 一、发展形势  +2 −2\n1 sections changed, +4 −6 characters\n"
    );
}

#[test]
fn diff_settles_what_reviewers_accepted_unless_asked_for_all() {
    use plandraft::core::review::{ChangeKey, Side};
    use plandraft::core::session::Session;
    let dir = Dir::new();
    let path = dir.write("plan.ron", std::fs::read(util::SAMPLE_RON).unwrap());
    let mut session = Session::open(&path).unwrap();
    session.record_draft(Draft::record("征求意见稿", "张三", "", session.document()));
    for (index, heading) in [(0, "发展形势（改）"), (1, "指导思想（改）")] {
        let id = session.document().sections[index].id;
        session
            .apply(plandraft::core::edit::Edit::RenameHeading {
                id,
                heading: heading.into(),
            })
            .unwrap();
    }
    let draft = session.draft("征求意见稿").unwrap().document.clone();
    let d = plandraft::core::diff::diff(&draft, session.document(), true);
    let key = ChangeKey::of_section(d.changed_sections().next().unwrap());
    session.accept_change(&Side::Draft("征求意见稿".into()), &Side::WorkingCopy, key);
    session.save().unwrap();

    let out = dir.run(&["diff", "plan.ron", "--from", "征求意见稿", "--stat"]);
    assert_eq!(out.status, 0, "{out:?}");
    assert!(out.stdout.contains("1 sections changed"), "{}", out.stdout);
    assert!(
        out.stdout.contains("1 changes accepted in review"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("发展形势（改）"), "{}", out.stdout);
    let all = dir.run(&[
        "diff",
        "plan.ron",
        "--from",
        "征求意见稿",
        "--stat",
        "--all",
    ]);
    assert!(all.stdout.contains("2 sections changed"), "{}", all.stdout);
}
