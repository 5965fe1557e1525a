use super::*;
use crate::core::document::{MAX_DEPTH, Paragraph, Section};
use crate::core::draft::Draft;
use std::sync::Arc;

fn small_doc() -> Document {
    let mut doc = Document {
        title: vec!["长春市绿园区国民经济和社会发展".into()],
        stage: Some("征求意见稿".into()),
        ..Document::default()
    };
    let mut s = Section::new(doc.allocate_id(), "发展形势");
    s.paragraphs.push(Paragraph::new(
        "引号\"与反斜杠\\、全角空格\u{3000}和换行\n都原样保存。",
    ));
    doc.sections.push(s);
    doc
}

/// A chain of `levels` nested sections.
fn nested(levels: usize) -> Document {
    let mut doc = Document::default();
    let ids: Vec<_> = (0..levels).map(|_| doc.allocate_id()).collect();
    let mut section = Section::new(ids[levels - 1], "最深");
    for id in ids[..levels - 1].iter().rev() {
        let mut parent = Section::new(*id, "层");
        parent.children.push(section);
        section = parent;
    }
    doc.sections.push(section);
    doc
}

#[test]
fn text_is_written_raw_and_deterministic() {
    let doc = PlanFile::new(small_doc());
    let a = to_ron_string(&doc, Path::new("x.ron")).unwrap();
    let b = to_ron_string(&doc.clone(), Path::new("x.ron")).unwrap();
    assert_eq!(a, b);
    assert!(a.starts_with("(\n    format: \"plandraft\",\n    version: 2,\n"));
    assert!(a.contains("发展形势"), "CJK must not be escaped");
    assert!(a.contains('\u{3000}'), "U+3000 must not be escaped");
    assert!(!a.contains("\\u"), "no unicode escapes: {a}");
    assert_eq!(from_ron_str(&a, Path::new("x.ron")).unwrap(), doc);
}

#[test]
fn save_is_atomic_and_keeps_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    let first = PlanFile::new(small_doc());
    save(&first, &path).unwrap();
    assert!(!backup_path(&path).exists());
    let mut second = first.clone();
    second.document.title = vec!["第二稿".into()];
    save(&second, &path).unwrap();
    assert_eq!(load(&path).unwrap(), second);
    assert_eq!(load(&backup_path(&path)).unwrap(), first);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn an_invalid_document_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    save(&PlanFile::new(small_doc()), &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    let too_deep = PlanFile::new(nested(MAX_DEPTH + 1));
    let err = save(&too_deep, &path).unwrap_err();
    assert!(matches!(err, StorageError::Invalid { .. }), "{err}");
    assert!(err.to_string().contains("plan.ron"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn the_deepest_allowed_tree_saves_and_loads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep.ron");
    let doc = PlanFile::new(nested(MAX_DEPTH));
    save(&doc, &path).unwrap();
    assert_eq!(load(&path).unwrap(), doc);
}

#[test]
fn hand_nested_files_hit_the_recursion_limit_not_the_stack() {
    let mut text = String::from(
        "(format: \"plandraft\", version: 1, document: (title: [], stage: None, numbering: (levels: []), preamble: [], next_id: 999, sections: [",
    );
    for i in 0..2000 {
        text += &format!("(id: {i}, heading: \"x\", run_in: false, paragraphs: [], children: [");
    }
    let err = from_ron_str(&text, Path::new("deep.ron")).unwrap_err();
    match &err {
        StorageError::Syntax {
            line,
            column,
            problem,
            ..
        } => {
            assert_eq!(*line, 1);
            assert!(*column > 1);
            assert_eq!(*problem, ParseProblem::TooDeep);
            let message = err.to_string();
            assert!(message.contains("nests deeper"), "{message}");
            assert!(
                !message.contains("ron::"),
                "no advice for programmers: {message}"
            );
        }
        other => panic!("{other}"),
    }
}

#[test]
fn truncated_file_names_line_and_column() {
    let text = to_ron_string(&PlanFile::new(small_doc()), Path::new("x.ron")).unwrap();
    let cut = &text[..text.len() / 2];
    let cut = &cut[..cut.char_indices().last().unwrap().0];
    let err = from_ron_str(cut, Path::new("/tmp/cut.ron")).unwrap_err();
    let message = err.to_string();
    assert!(
        matches!(err, StorageError::Syntax { line, .. } if line > 3),
        "{message}"
    );
    assert!(message.contains("line "), "{message}");
    assert!(message.ends_with("/tmp/cut.ron"), "{message}");
}

#[test]
fn newer_versions_and_other_formats_are_refused() {
    let text = to_ron_string(&PlanFile::new(small_doc()), Path::new("x.ron")).unwrap();
    let newer = text.replace("version: 2,", "version: 7,\n    comments: [],");
    let err = from_ron_str(&newer, Path::new("new.ron")).unwrap_err();
    assert!(
        matches!(err, StorageError::NewerVersion { version: 7, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("newer plandraft"));
    let other = text.replace("\"plandraft\"", "\"other\"");
    let err = from_ron_str(&other, Path::new("o.ron")).unwrap_err();
    assert!(matches!(err, StorageError::NotPlandraft { .. }), "{err}");
    let zero = text.replace("version: 2,", "version: 0,");
    let err = from_ron_str(&zero, Path::new("z.ron")).unwrap_err();
    assert!(
        matches!(err, StorageError::UnknownVersion { version: 0, .. }),
        "{err}"
    );
}

#[test]
fn duplicate_ids_in_a_file_are_refused() {
    let text = to_ron_string(&PlanFile::new(small_doc()), Path::new("x.ron")).unwrap();
    // Write the file by hand: save refuses invalid documents.
    let start = text.find("        sections: [\n").unwrap() + "        sections: [\n".len();
    let end = text[start..].find("\n        ],").unwrap() + start;
    let section = &text[start..end];
    let doubled = format!("{}{section}\n{section}{}", &text[..start], &text[end..]);
    let err = from_ron_str(&doubled, Path::new("dup.ron")).unwrap_err();
    assert!(matches!(err, StorageError::Invalid { .. }), "{err}");
}

fn draft(name: &str, doc: &Document) -> Draft {
    Draft {
        name: name.into(),
        author: "张三".into(),
        time: "2026-11-27T10:00:00Z".into(),
        note: "第一次修改".into(),
        document: Arc::new(doc.clone()),
    }
}

#[test]
fn drafts_round_trip_and_share_unchanged_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    let first = small_doc();
    let mut second = first.clone();
    second.title.push("第二行".into());
    let plan = PlanFile {
        document: second.clone(),
        drafts: vec![draft("征求意见稿", &first), draft("送审稿", &second)],
        ..Default::default()
    };
    save(&plan, &path).unwrap();
    assert_eq!(load(&path).unwrap(), plan);
    let text = std::fs::read_to_string(&path).unwrap();
    let paragraph = &first.sections[0].paragraphs[0].text;
    // The working copy in full, and the drafts\' shared paragraph once in the store.
    assert_eq!(text.matches(paragraph.as_str()).count(), 2, "{text}");
}

#[test]
fn version_1_files_migrate_to_a_file_without_drafts() {
    let v1 = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/format-v1.ron"
    ))
    .unwrap();
    assert!(v1.contains("version: 1,"));
    let plan = from_ron_str(&v1, Path::new("old.ron")).unwrap();
    assert!(plan.drafts.is_empty());
    assert_eq!(plan.document.sections.len(), 7);
    // Saving writes the current version.
    let again = to_ron_string(&plan, Path::new("old.ron")).unwrap();
    assert!(again.contains("version: 2,"));
    assert_eq!(from_ron_str(&again, Path::new("old.ron")).unwrap(), plan);
}

#[test]
fn working_copy_ids_stay_above_every_draft() {
    let mut old = small_doc();
    old.next_id = 50;
    let mut plan = PlanFile {
        document: small_doc(),
        drafts: vec![draft("旧稿", &old)],
        ..Default::default()
    };
    plan.document.next_id = 2;
    let text = to_ron_string(&plan, Path::new("x.ron")).unwrap();
    assert_eq!(
        from_ron_str(&text, Path::new("x.ron"))
            .unwrap()
            .document
            .next_id,
        50
    );
}

#[test]
fn binary_bytes_are_refused_with_a_line() {
    let err = from_ron_bytes(b"(format:\n\xFF\xFE\x00", Path::new("b.ron")).unwrap_err();
    assert!(
        matches!(err, StorageError::NotUtf8 { line: 2, .. }),
        "{err}"
    );
}

#[test]
fn arbitrary_text_never_panics() {
    let text = to_ron_string(&PlanFile::new(small_doc()), Path::new("x.ron")).unwrap();
    for end in (0..text.len()).filter(|i| text.is_char_boundary(*i)) {
        let _ = from_ron_str(&text[..end], Path::new("x.ron"));
    }
}

#[test]
fn an_unknown_field_is_named_with_its_place() {
    let text = to_ron_string(&PlanFile::new(small_doc()), Path::new("x.ron")).unwrap();
    let extra = text.replacen(
        "run_in: false,",
        "run_in: false,\n            comments: [],",
        1,
    );
    let line = 1 + extra[..extra.find("comments").unwrap()]
        .matches('\n')
        .count();
    match from_ron_str(&extra, Path::new("x.ron")) {
        Err(StorageError::Syntax {
            line: at, problem, ..
        }) => {
            assert_eq!(at, line);
            let ParseProblem::UnknownField {
                field,
                place,
                known,
            } = problem
            else {
                panic!("{problem}");
            };
            assert_eq!(field, "comments");
            assert_eq!(place, Place::Record("section".into()));
            assert!(known.contains(&"paragraphs"), "{known:?}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn review_decisions_are_saved_and_raise_the_version_only_when_there_are_some() {
    use crate::core::review::{ChangeKey, Decisions, Side};
    let first = small_doc();
    let mut second = first.clone();
    second.sections[0].heading = "发展形势（改）".into();
    let mut plan = PlanFile {
        document: second.clone(),
        drafts: vec![draft("征求意见稿", &first)],
        ..Default::default()
    };
    let without = to_ron_string(&plan, Path::new("x.ron")).unwrap();
    assert!(
        without.contains("version: 2,"),
        "readable by version-2 readers"
    );
    assert!(!without.contains("reviews"));
    let d = crate::core::diff::diff(&first, &second, true);
    let key = ChangeKey::of_section(d.changed_sections().next().unwrap());
    let mut decisions = Decisions::default();
    decisions.accept(&Side::Draft("征求意见稿".into()), &Side::WorkingCopy, key);
    plan.decisions = decisions;
    let with = to_ron_string(&plan, Path::new("x.ron")).unwrap();
    assert!(with.contains("version: 3,"), "{with}");
    let back = from_ron_str(&with, Path::new("x.ron")).unwrap();
    assert_eq!(back, plan);
}

#[test]
fn a_lineage_is_kept_and_makes_a_version_4_file() {
    let plan = PlanFile {
        lineage: Some(crate::core::identity::new_lineage()),
        ..PlanFile::new(small_doc())
    };
    let text = to_ron_string(&plan, Path::new("a.ron")).unwrap();
    assert!(text.contains("version: 4,"), "{text}");
    assert_eq!(from_ron_str(&text, Path::new("a.ron")).unwrap(), plan);
    // A file without one stays at the version that holds what it holds.
    let old = to_ron_string(&PlanFile::new(small_doc()), Path::new("a.ron")).unwrap();
    assert!(old.contains("version: 2,") && !old.contains("lineage"));
    // A lineage plandraft did not write is refused, with the file named.
    let bad = text.replace(plan.lineage.as_deref().unwrap(), "not-a-lineage");
    let err = from_ron_str(&bad, Path::new("a.ron")).unwrap_err();
    assert!(err.to_string().contains("not-a-lineage"), "{err}");
}
