//! The 征求意见 round end to end: on the command line with the real binary (comment,
//! comments, feedback in every table format, decide --apply), and in the app's model
//! (comments added, undone and refused text edits in comment-only mode; collecting,
//! deciding and adopting in the 反馈 view).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod util;

use std::io::Read;
use std::path::Path;

use plandraft::app::Workspace;
use plandraft::app::command::{Command, Selection, View};
use plandraft::app::consult::CommentForm;
use plandraft::app::files::{DialogAnswer, DialogKind};
use plandraft::app::settings::Preferences;
use plandraft::core::document::Container;
use plandraft::core::edit::Edit;
use plandraft::core::feedback::Decision;
use plandraft::core::numbering::Numbers;
use plandraft::core::session::Session;
use plandraft::core::storage;
use util::Dir;

/// The master with its 征求意见稿 recorded, and three unit copies made by the CLI: one only
/// comments, one edits 三 and 六（二）, one edits the same words of 六（二） differently.
fn round(dir: &Dir) {
    std::fs::copy(util::SAMPLE_RON, dir.path("master.ron")).unwrap();
    assert_eq!(
        dir.run(&["draft", "master.ron", "--name", "征求意见稿"])
            .status,
        0
    );
    for unit in ["发改局", "住建局", "财政局"] {
        std::fs::copy(dir.path("master.ron"), dir.path(&format!("{unit}.ron"))).unwrap();
    }
    let ok = |args: &[&str]| {
        let out = dir.run(args);
        assert_eq!(out.status, 0, "{args:?}: {}", out.stderr);
    };
    ok(&[
        "comment",
        "发改局.ron",
        "--section",
        "六（三）",
        "--quote",
        "永久基本农田保护",
        "--text",
        "建议补充耕地占补平衡要求",
        "--unit",
        "发改局",
    ]);
    ok(&[
        "comment",
        "发改局.ron",
        "--section",
        "四",
        "--text",
        "目标表述建议与市级规划衔接",
    ]);
    ok(&[
        "replace",
        "住建局.ron",
        "坚持统筹发展和安全。",
        "坚持统筹发展和安全，守牢城市安全底线。",
        "--section",
        "三",
    ]);
    ok(&[
        "replace",
        "住建局.ron",
        "人才支撑",
        "人才集聚",
        "--section",
        "六（二）",
    ]);
    ok(&[
        "replace",
        "财政局.ron",
        "人才支撑",
        "人才引育",
        "--section",
        "六（二）",
    ]);
}

fn zip_part(path: &Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn the_round_runs_on_the_command_line() {
    let dir = Dir::new();
    round(&dir);
    let listed = dir.run(&["comments", "发改局.ron"]);
    assert_eq!(listed.status, 0);
    assert!(listed.stdout.contains("1. 四、"), "{}", listed.stdout);
    assert!(listed.stdout.contains("原文：“永久基本农田保护”"));
    // A passage that is not in the section is refused, and the file is left alone.
    let before = std::fs::read(dir.path("发改局.ron")).unwrap();
    let wrong = dir.run(&[
        "comment",
        "发改局.ron",
        "--section",
        "三",
        "--quote",
        "不存在的话",
        "--text",
        "x",
    ]);
    assert_eq!(wrong.status, 1);
    assert!(wrong.stderr.contains("不存在的话"));
    assert_eq!(std::fs::read(dir.path("发改局.ron")).unwrap(), before);

    // A copy's unit can be named; one named nowhere is taken from its file name, and said so.
    let named = dir.run(&[
        "feedback",
        "master.ron",
        "住建局.ron",
        "财政局.ron",
        "--unit",
        "财政局.ron=区财政局",
    ]);
    assert_eq!(named.status, 0, "{}", named.stderr);
    assert!(named.stdout.contains("区财政局"), "{}", named.stdout);
    assert!(
        named
            .stderr
            .contains("unit taken from the file name: 住建局.ron → 住建局"),
        "{}",
        named.stderr
    );
    assert!(!named.stderr.contains("财政局.ron →"), "{}", named.stderr);
    let stray = dir.run(&[
        "feedback",
        "master.ron",
        "住建局.ron",
        "--unit",
        "别的.ron=某局",
    ]);
    assert_eq!(stray.status, 1);
    assert!(
        stray.stderr.contains("not one of the copies"),
        "{}",
        stray.stderr
    );

    let copies = ["发改局.ron", "住建局.ron", "财政局.ron", "发改局.ron"];
    let mut args = vec!["feedback", "master.ron"];
    args.extend(copies);
    args.push("--save");
    let collected = dir.run(&args);
    assert_eq!(collected.status, 0, "{}", collected.stderr);
    assert!(collected.stderr.contains("returned twice"));
    assert!(
        collected
            .stdout
            .contains("共收到3个单位5条意见，其中采纳0条，部分采纳0条，不采纳0条，待定5条。"),
        "{}",
        collected.stdout
    );
    // The copies are never changed by collecting.
    assert_eq!(std::fs::read(dir.path("发改局.ron")).unwrap(), before);

    let adopted = dir.run(&[
        "decide",
        "master.ron",
        "3",
        "采纳",
        "--reason",
        "已修改",
        "--apply",
    ]);
    assert_eq!(adopted.status, 0, "{}", adopted.stderr);
    let text = dir.run(&["export", "master.ron"]).stdout;
    assert!(text.contains("人才集聚"));
    // The contradicting proposal on the same words can no longer be put in as it is.
    let refused = dir.run(&["decide", "master.ron", "4", "adopted", "--apply"]);
    assert_eq!(refused.status, 1);
    assert!(
        refused.stderr.contains("edit it by hand"),
        "{}",
        refused.stderr
    );
    assert_eq!(
        dir.run(&[
            "decide",
            "master.ron",
            "4",
            "不采纳",
            "--reason",
            "与上位规划不一致"
        ])
        .status,
        0
    );

    for format in ["docx", "xlsx", "html", "csv"] {
        let out = format!("表.{format}");
        let written = dir.run(&["feedback", "master.ron", "住建局.ron", "-o", &out]);
        assert_eq!(written.status, 0, "{format}: {}", written.stderr);
        assert!(written.stdout.contains("采纳1条，部分采纳0条，不采纳1条"));
    }
    let document = zip_part(&dir.path("表.docx"), "word/document.xml");
    roxmltree::Document::parse(&document).unwrap();
    assert!(document.contains("<w:tblHeader/>"));
    for needle in ["住建局", "财政局", "发改局", "与上位规划不一致", "已修改"] {
        assert!(document.contains(needle), "{needle} not in the DOCX");
    }
    let strings = zip_part(&dir.path("表.xlsx"), "xl/sharedStrings.xml");
    assert!(strings.contains("与上位规划不一致"));
    let csv = std::fs::read_to_string(dir.path("表.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}序号,提出单位,章节,原文,意见或修改建议,采纳情况,理由或说明"));
    assert_eq!(csv.lines().count(), 6);
    // An existing table is not replaced without --force.
    let again = dir.run(&["feedback", "master.ron", "住建局.ron", "-o", "表.csv"]);
    assert_eq!(again.status, 1);
}

fn open(path: &Path) -> Workspace {
    Workspace::new(Session::open(path).unwrap(), Preferences::default())
}

#[test]
fn comments_are_undoable_and_comment_only_refuses_text_edits() {
    let dir = Dir::new();
    round(&dir);
    let mut ws = open(&dir.path("master.ron"));
    let doc = ws.session.document().clone();
    let id = Numbers::of(&doc).find(&doc, "六（二）").unwrap();
    ws.run(Command::Select(Selection::Section(id)));
    let quote = ws.quote_in(id, {
        let heading = doc.section(id).unwrap().heading.len() + 1;
        let start = doc.section(id).unwrap().paragraphs[0]
            .text
            .find("新质生产力")
            .unwrap();
        heading + start..heading + start + "新质生产力".len()
    });
    assert_eq!(quote.as_ref().unwrap().exact, "新质生产力");
    ws.run(Command::ShowAddComment(quote.map(Box::new)));
    let Some(plandraft::app::question::Question::AddComment(form)) = ws.question.clone() else {
        panic!("no comment dialog");
    };
    ws.run(Command::Answer(Some(Box::new(Command::AddComment(
        Box::new(CommentForm {
            text: "请明确重点方向".into(),
            unit: "科技局".into(),
            ..form
        }),
    )))));
    assert_eq!(ws.session.document().comments.len(), 1);
    assert_eq!(
        ws.outline_rows()
            .iter()
            .map(|r| r.open_comments)
            .sum::<usize>(),
        1
    );
    let comment = ws.session.document().comments[0].id.clone();
    ws.run(Command::ResolveComment {
        id: comment.clone(),
        is_resolved: true,
    });
    assert!(ws.session.document().comments[0].is_resolved);
    ws.run(Command::Undo);
    assert!(!ws.session.document().comments[0].is_resolved);
    ws.run(Command::DeleteComment(comment));
    assert!(ws.session.document().comments.is_empty());
    ws.run(Command::Undo);
    assert_eq!(ws.session.document().comments.len(), 1);

    // Comment only: text edits are refused, comments are not; the flag is saved.
    ws.run(Command::SetCommentOnly(true));
    let before = ws.session.document().clone();
    ws.run(Command::Edit {
        edit: Edit::SetParagraph {
            container: Container::Section(id),
            index: 0,
            text: "改掉".into(),
        },
        group: None,
    });
    ws.run(Command::Delete);
    assert_eq!(*ws.session.document(), before);
    ws.run(Command::SaveTo(dir.path("送出.ron")));
    let sent = storage::load(&dir.path("送出.ron")).unwrap();
    assert!(sent.is_comment_only);
    assert_eq!(sent.document.comments.len(), 1);
}

#[test]
fn collecting_deciding_and_adopting_in_the_app() {
    let dir = Dir::new();
    round(&dir);
    let mut ws = open(&dir.path("master.ron"));
    ws.run(Command::CollectFeedback);
    ws.file_chosen(DialogAnswer {
        kind: DialogKind::Feedback,
        path: Some(dir.path("发改局.ron")),
        others: vec![dir.path("住建局.ron"), dir.path("财政局.ron")],
    });
    // The two copies that only edited name no unit: the app asks, the file names filled in.
    let Some(plandraft::app::question::Question::FeedbackUnits(mut form)) = ws.question.clone()
    else {
        panic!("no question for the units: {:?}", ws.question);
    };
    assert_eq!(
        form.units,
        [
            (dir.path("住建局.ron"), "住建局".to_owned()),
            (dir.path("财政局.ron"), "财政局".to_owned())
        ]
    );
    assert!(
        ws.session.feedback().is_empty(),
        "nothing is collected before the answer"
    );
    form.units[1].1 = "区财政局".into();
    let effects = ws.run(Command::Answer(Some(Box::new(Command::CollectNamed(form)))));
    assert!(!effects.is_empty());
    assert_eq!(ws.view, View::Feedback);
    assert_eq!(ws.session.feedback().len(), 5);
    assert_eq!(ws.feedback_units(), ["住建局", "发改局", "区财政局"]);
    // Collecting the same copies again asks nothing and keeps the unit named.
    ws.run(Command::CollectFrom(vec![dir.path("财政局.ron")]));
    assert!(ws.question.is_none(), "{:?}", ws.question);
    assert_eq!(ws.session.feedback().len(), 5);
    assert_eq!(ws.feedback_units(), ["住建局", "发改局", "区财政局"]);
    ws.run(Command::SetFeedbackFilter {
        unit: Some("区财政局".into()),
        decision: None,
        section: None,
    });
    assert_eq!(ws.shown_opinions().len(), 1);
    ws.run(Command::SetFeedbackFilter {
        unit: None,
        decision: None,
        section: None,
    });
    let key = ws.session.feedback()[0].key.clone();
    ws.run(Command::Adopt(key.clone()));
    assert_eq!(ws.session.feedback()[0].decision, Some(Decision::Adopted));
    assert!(plandraft::core::export::to_text(ws.session.document()).contains("守牢城市安全底线"));
    ws.run(Command::Undo);
    assert!(!plandraft::core::export::to_text(ws.session.document()).contains("守牢城市安全底线"));
    ws.run(Command::Decide {
        key,
        decision: Some(Decision::NotAdopted),
        reason: "另行研究".into(),
    });
    assert!(ws.session.is_dirty());
    ws.run(Command::Save);
    let saved = storage::load(&dir.path("master.ron")).unwrap();
    assert_eq!(saved.feedback.len(), 5);
    assert_eq!(saved.feedback[0].decision, Some(Decision::NotAdopted));
    assert_eq!(saved.feedback[0].reason, "另行研究");
    // 部分采纳 opens the opinion's section for editing by hand.
    let other = ws.session.feedback()[2].clone();
    ws.run(Command::SetView(View::Feedback));
    let effects = ws.run(Command::Decide {
        key: other.key,
        decision: Some(Decision::PartlyAdopted),
        reason: String::new(),
    });
    assert_eq!(ws.view, View::Edit);
    assert_eq!(ws.selection, Selection::Section(other.section.unwrap()));
    assert!(
        effects.iter().any(|e| matches!(
            e,
            plandraft::app::Effect::Notify { text, .. } if text.starts_with("部分采纳：已打开六、（二）")
        )),
        "{effects:?}"
    );
}

#[test]
fn a_file_opened_for_review_takes_comments_only_and_is_not_changed() {
    let dir = Dir::new();
    round(&dir);
    let path = dir.path("发改局.ron");
    let mut ws = open(&dir.path("master.ron"));
    ws.run(Command::OpenForReview);
    ws.file_chosen(DialogAnswer {
        kind: DialogKind::OpenForReview,
        path: Some(path.clone()),
        others: Vec::new(),
    });
    assert_eq!(ws.session.path(), Some(path.as_path()));
    assert!(ws.is_comment_only() && ws.consult.is_reviewing);
    // The file's own flag is untouched: saving does not make it comment-only for others.
    assert!(!ws.session.is_comment_only());
    let doc = ws.session.document().clone();
    let id = Numbers::of(&doc).find(&doc, "三").unwrap();
    ws.run(Command::Select(Selection::Section(id)));
    ws.run(Command::Delete);
    assert_eq!(*ws.session.document(), doc, "text edits are refused");
    let comments = doc.comments.len();
    ws.run(Command::CommentOnSection);
    let Some(plandraft::app::question::Question::AddComment(form)) = ws.question.clone() else {
        panic!("no comment dialog");
    };
    ws.run(Command::Answer(Some(Box::new(Command::AddComment(
        Box::new(CommentForm {
            text: "审阅意见".into(),
            ..form
        }),
    )))));
    assert_eq!(ws.session.document().comments.len(), comments + 1);
    ws.run(Command::Save);
    assert!(!storage::load(&path).unwrap().is_comment_only);
    // Opening another file the ordinary way edits it again.
    ws.run(Command::OpenPath(dir.path("master.ron")));
    assert!(!ws.is_comment_only());
    // Reviewing can be stopped.
    ws.run(Command::OpenForReview);
    ws.file_chosen(DialogAnswer {
        kind: DialogKind::OpenForReview,
        path: Some(path.clone()),
        others: Vec::new(),
    });
    assert!(ws.is_comment_only());
    ws.run(Command::StopReviewing);
    assert!(!ws.is_comment_only());
}
