//! Nothing lost, nothing broken: the command line, run as a careless or hostile user would,
//! never replaces a file it was not asked to, never writes over its own input, a read-only
//! file, a link's loop or a device, never leaves debris behind, and says each error once,
//! in words, with the file and place.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod properties;
mod util;

use std::path::Path;
use util::{Dir, SAMPLE_RON, SAMPLE_TXT};

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// A plan file with a recorded draft, as a user's file would be.
fn plan_with_draft(dir: &Dir, name: &str) -> std::path::PathBuf {
    let path = dir.write(name, read(Path::new(SAMPLE_RON)));
    let out = dir.run(&["draft", name, "--name", "征求意见稿", "--author", "张三"]);
    assert_eq!(out.status, 0, "{out:?}");
    path
}

#[test]
fn an_explicit_output_is_not_permission_to_replace() {
    let dir = Dir::new();
    dir.write("nat.txt", read(Path::new(SAMPLE_TXT)));
    let plan = plan_with_draft(&dir, "plan.ron");
    let before = read(&plan);
    let backup = read(&dir.path("plan.ron.bak"));

    let out = dir.run(&["import", "nat.txt", "-o", "plan.ron"]);
    out.assert_clean_error();
    assert!(out.stderr.contains("--force"), "{}", out.stderr);
    assert!(out.stderr.contains("plan.ron"), "{}", out.stderr);
    for args in [
        &["export", "nat.txt", "-o", "plan.ron"][..],
        &["export", "nat.txt", "--format", "docx", "-o", "plan.ron"],
        &[
            "diff", "nat.txt", "nat.txt", "--format", "html", "-o", "plan.ron",
        ],
    ] {
        let out = dir.run(args);
        out.assert_clean_error();
        assert!(out.stderr.contains("--force"), "{args:?}: {}", out.stderr);
    }
    assert_eq!(read(&plan), before, "the drafts are still there");
    assert_eq!(read(&dir.path("plan.ron.bak")), backup, "the backup too");

    let forced = dir.run(&["import", "nat.txt", "-o", "plan.ron", "--force"]);
    assert_eq!(forced.status, 0, "{forced:?}");
    assert_eq!(
        read(&dir.path("plan.ron.bak")),
        before,
        "the old file is kept"
    );
    let report = dir.run(&[
        "diff", "nat.txt", "nat.txt", "--format", "html", "-o", "r.html",
    ]);
    assert_eq!(report.status, 0, "{report:?}");
    assert!(
        String::from_utf8(read(&dir.path("r.html")))
            .unwrap()
            .starts_with("<!DOCTYPE")
    );
}

#[test]
fn a_command_never_writes_over_its_own_input() {
    let dir = Dir::new();
    let input = dir.write("in.txt", read(Path::new(SAMPLE_TXT)));
    let before = read(&input);
    #[cfg(unix)]
    std::os::unix::fs::symlink("in.txt", dir.path("link.txt")).unwrap();
    for args in [
        &["import", "in.txt", "-o", "./in.txt", "--force"][..],
        &["import", "in.txt", "-o", "../", "--force"],
        &["export", "in.txt", "-o", "in.txt", "--force"],
        &["export", "./in.txt", "-o", "link.txt", "--force"],
        &[
            "diff", "in.txt", "in.txt", "--format", "html", "-o", "in.txt", "--force",
        ],
    ] {
        let out = dir.run(args);
        out.assert_clean_error();
        assert_eq!(read(&input), before, "{args:?} left the input alone");
    }
    let out = dir.run(&["import", "in.txt", "-o", "./in.txt", "--force"]);
    assert!(out.stderr.contains("is the input"), "{}", out.stderr);
}

#[cfg(unix)]
#[test]
fn read_only_files_are_refused_and_owners_and_modes_kept() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = Dir::new();
    let plan = plan_with_draft(&dir, "plan.ron");
    std::fs::set_permissions(&plan, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = read(&plan);
    let out = dir.run(&["draft", "plan.ron", "--name", "送审稿"]);
    out.assert_clean_error();
    assert!(out.stderr.contains("read-only"), "{}", out.stderr);
    let out = dir.run(&["export", SAMPLE_RON, "-o", "plan.ron", "--force"]);
    out.assert_clean_error();
    assert_eq!(read(&plan), before);
    assert_eq!(std::fs::metadata(&plan).unwrap().mode() & 0o777, 0o444);

    // A group-shared file keeps its mode, and its owner where the system allows it.
    let shared = dir.write("shared.ron", read(Path::new(SAMPLE_RON)));
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o664)).unwrap();
    let is_chowned = std::os::unix::fs::chown(&shared, Some(4321), Some(4321)).is_ok();
    let out = dir.run(&["draft", "shared.ron", "--name", "送审稿"]);
    assert_eq!(out.status, 0, "{out:?}");
    let meta = std::fs::metadata(&shared).unwrap();
    assert_eq!(meta.mode() & 0o777, 0o664);
    if is_chowned {
        assert_eq!(
            (meta.uid(), meta.gid()),
            (4321, 4321),
            "owner and group kept"
        );
    }
}

#[cfg(unix)]
#[test]
fn links_are_followed_and_special_files_never_replaced() {
    use std::os::unix::fs::symlink;
    let dir = Dir::new();
    // A dangling link: the file it names is written, the link stays a link.
    symlink("target.txt", dir.path("dangling.txt")).unwrap();
    let out = dir.run(&["export", SAMPLE_RON, "-o", "dangling.txt"]);
    assert_eq!(out.status, 0, "{out:?}");
    assert!(
        std::fs::symlink_metadata(dir.path("dangling.txt"))
            .unwrap()
            .is_symlink()
    );
    assert!(read(&dir.path("target.txt")).starts_with("长春市".as_bytes()));

    symlink("loop-b", dir.path("loop-a")).unwrap();
    symlink("loop-a", dir.path("loop-b")).unwrap();
    let out = dir.run(&["export", SAMPLE_RON, "-o", "loop-a", "--force"]);
    out.assert_clean_error();
    assert!(out.stderr.contains("loop"), "{}", out.stderr);
    assert!(
        std::fs::symlink_metadata(dir.path("loop-a"))
            .unwrap()
            .is_symlink()
    );

    let fifo = dir.path("fifo");
    if std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        let out = dir.run(&["export", SAMPLE_RON, "-o", "fifo", "--force"]);
        out.assert_clean_error();
        assert!(out.stderr.contains("FIFO"), "{}", out.stderr);
        let t = std::fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(std::os::unix::fs::FileTypeExt::is_fifo(&t), "still a pipe");
    }
    let out = dir.run(&["export", SAMPLE_RON, "-o", "/dev/null", "--force"]);
    out.assert_clean_error();
    assert!(out.stderr.contains("device"), "{}", out.stderr);
    assert!(
        !util::names(&dir.path("."))
            .iter()
            .any(|n| n.contains(".tmp"))
    );
}

#[test]
fn dash_writes_to_standard_output_for_every_writing_command() {
    let dir = Dir::new();
    dir.write("a.txt", read(Path::new(SAMPLE_TXT)));
    let export = dir.run(&["export", "a.txt", "-o", "-"]);
    assert_eq!(export.status, 0, "{export:?}");
    assert!(export.stdout.starts_with("长春市绿园区"));
    let html = dir.run(&["diff", "a.txt", "a.txt", "--format", "html", "-o", "-"]);
    assert!(html.stdout.starts_with("<!DOCTYPE html>"), "{html:?}");
    let import = dir.run(&["import", "a.txt", "-o", "-"]);
    assert_eq!(import.status, 0, "{import:?}");
    assert!(import.stdout.starts_with("(\n    format: \"plandraft\""));
    assert!(
        import.stderr.contains("sections: 17"),
        "the report goes to stderr"
    );
    assert_eq!(util::names(&dir.path(".")), ["a.txt"], "no file named -");
}

#[test]
fn an_interrupted_save_leaves_no_debris_behind() {
    let dir = Dir::new();
    // Large enough that a save takes a while to write.
    let text = std::fs::read_to_string(SAMPLE_TXT).unwrap();
    let (head, body) = text.split_at(text.find("一、").unwrap());
    dir.write("big.txt", format!("{head}{}", body.repeat(200)));
    let started = std::time::Instant::now();
    let first = dir.run(&["import", "big.txt"]);
    assert_eq!(first.status, 0, "{first:?}");
    let run_ms = started.elapsed().as_millis() as u64;
    // Each import is a new document (a lineage of its own): the content is what must be
    // whole.
    let whole = |path: &std::path::Path| plandraft::core::storage::load(path).map(|p| p.document);
    let good = whole(&dir.path("big.ron")).unwrap();
    let runs = 30;
    for i in 0..runs {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_plandraft"))
            .args(["import", "big.txt", "--force"])
            .current_dir(dir.path("."))
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Kill it at a different moment of each run, spread over a whole run: while
        // reading, writing or renaming.
        std::thread::sleep(std::time::Duration::from_millis(run_ms * i / runs));
        let _ = child.kill();
        let _ = child.wait();
        // Whatever the moment, the file is whole: the old one or the new one.
        assert_eq!(whole(&dir.path("big.ron")).unwrap(), good, "run {i}");
    }
    let last = dir.run(&["import", "big.txt", "--force"]);
    assert_eq!(last.status, 0, "{last:?}");
    let names = util::names(&dir.path("."));
    assert_eq!(names, ["big.ron", "big.ron.bak", "big.txt"], "{names:?}");
}

#[test]
fn word_breaks_and_control_characters_never_break_a_docx() {
    let dir = Dir::new();
    // A few stray characters in a page of text, as pasted text holds them.
    let text = format!(
        "规划\n\n一、发展形势\u{b}当前形势。\u{c}二、目标\n正文\u{1}含\u{8}控制\u{1f}字符\u{fffe}。\n{}",
        "全面建设社会主义现代化国家。".repeat(40)
    );
    dir.write("ctl.txt", &text);
    let out = dir.run(&["import", "ctl.txt"]);
    assert_eq!(out.status, 0, "{out:?}");
    assert!(
        out.stdout.contains("Word line breaks (U+000B) ×1"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("4 control characters (the first on line 4)"),
        "{}",
        out.stdout
    );
    let outline = dir.run(&["outline", "ctl.ron"]);
    assert_eq!(outline.stdout, "一、发展形势\n二、目标\n");
    let exported = dir.run(&["export", "ctl.ron"]);
    assert!(
        exported.stdout.contains("\n正文含控制字符。\n"),
        "{}",
        exported.stdout
    );
    let docx = dir.run(&["export", "ctl.ron", "--format", "docx", "-o", "ctl.docx"]);
    assert_eq!(docx.status, 0, "{docx:?}");
    properties::docx_is_well_formed(&read(&dir.path("ctl.docx")));

    // A hand-edited file may hold them anyway: exporters leave them out.
    let ron = String::from_utf8(read(Path::new(SAMPLE_RON)))
        .unwrap()
        .replacen("发展形势", "发展\u{b}形势\u{1}\u{c}", 1);
    dir.write("hand.ron", ron);
    let docx = dir.run(&["export", "hand.ron", "--format", "docx", "-o", "hand.docx"]);
    assert_eq!(docx.status, 0, "{docx:?}");
    properties::docx_is_well_formed(&read(&dir.path("hand.docx")));
    let text = dir.run(&["export", "hand.ron"]);
    assert!(text.stdout.contains("一、发展形势\n"), "{}", text.stdout);
}

#[test]
fn unknown_fields_are_refused_by_name_not_dropped() {
    let dir = Dir::new();
    let good = std::fs::read_to_string(SAMPLE_RON).unwrap();
    let with_extra = good.replacen(
        "    next_id: ",
        "    annotations: [\"请补充数据\"],\n    next_id: ",
        1,
    );
    let path = dir.write("newer.ron", &with_extra);
    let line = 1 + with_extra[..with_extra.find("annotations:").unwrap()]
        .matches('\n')
        .count();
    let out = dir.run(&["check", "newer.ron"]);
    out.assert_clean_error();
    assert!(
        out.stderr.contains("unknown field `annotations`"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(&format!("line {line}")),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.trim_end().ends_with("newer.ron"),
        "{}",
        out.stderr
    );
    // Nothing can save over it, so the field is never lost.
    dir.run(&["draft", "newer.ron", "--name", "x"])
        .assert_clean_error();
    assert_eq!(read(&path), with_extra.as_bytes());
}

#[test]
fn binary_and_duplicate_errors_point_at_the_right_place() {
    let dir = Dir::new();
    let mut bytes = "规划\n".repeat(20_000).into_bytes();
    bytes.truncate(100_000);
    bytes.push(0);
    bytes.extend_from_slice("发展".as_bytes());
    dir.write("nul.txt", &bytes);
    let out = dir.run(&["import", "nul.txt"]);
    out.assert_clean_error();
    assert!(out.stderr.contains("byte 100000"), "{}", out.stderr);

    let good = std::fs::read_to_string(SAMPLE_RON).unwrap();
    let dir2 = Dir::new();
    dir2.write("d.ron", &good);
    for name in ["送审稿", "第二稿"] {
        let out = dir2.run(&["draft", "d.ron", "--name", name]);
        assert_eq!(out.status, 0, "{out:?}");
    }
    let text = std::fs::read_to_string(dir2.path("d.ron"))
        .unwrap()
        .replace("name: \"第二稿\",", "name: \"送审稿\",");
    dir2.write("d.ron", &text);
    let out = dir2.run(&["export", "d.ron", "--draft", "送审稿"]);
    out.assert_clean_error();
    assert!(
        out.stderr.contains("two drafts are named “送审稿”"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("line "), "{}", out.stderr);
}

/// Whether any piece of a message between ": " separators appears twice.
fn repeats_itself(message: &str) -> bool {
    let pieces: Vec<&str> = message.split(": ").map(str::trim).collect();
    pieces
        .iter()
        .enumerate()
        .any(|(i, p)| p.len() > 3 && pieces[i + 1..].contains(p))
}

#[test]
fn each_error_is_said_once_in_words() {
    let dir = Dir::new();
    let good = std::fs::read_to_string(SAMPLE_RON).unwrap();
    dir.write("dup.ron", good.replace("id: 2,", "id: 1,"));
    dir.write(
        "deep.ron",
        format!(
            "(format: \"plandraft\", version: 1, document: (sections: [{}",
            "(children: [".repeat(300)
        ),
    );
    let half = good.len() / 2;
    let cut = good
        .match_indices('\n')
        .find(|(at, _)| *at >= half)
        .unwrap()
        .0;
    dir.write("cut.ron", &good[..cut]);
    dir.write("bin.txt", b"\x7fELF\x02\x01\x01\0\0\0");
    dir.write("latin.ron", b"(format: \"plandraft\", \xff)");
    let cases = [
        ("dup.ron", "section id #1 is used twice"),
        ("deep.ron", "nests deeper"),
        ("cut.ron", "ends too early"),
        ("bin.txt", "not a text file"),
        ("latin.ron", "not UTF-8"),
        ("missing.ron", "No such file"),
    ];
    for (file, words) in cases {
        let out = dir.run(&["check", file]);
        out.assert_clean_error();
        let message = out.stderr.trim_end();
        assert_eq!(message.lines().count(), 1, "{message}");
        assert!(message.contains(words), "{message}");
        assert!(message.ends_with(file), "the file last: {message}");
        assert!(!repeats_itself(message), "said twice: {message}");
        assert!(!message.contains("ron::"), "no parser advice: {message}");
    }
}

/// Runs the binary with a terminal as its standard output (through `script`), when this
/// machine has `script`.
fn run_in_terminal(dir: &Dir, args: &str) -> Option<String> {
    let command = format!("{} {args}", env!("CARGO_BIN_EXE_plandraft"));
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir.path("."))
        .env("NO_COLOR", "1")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn control_codes_in_headings_never_reach_a_terminal() {
    let dir = Dir::new();
    let title = "一、发展\u{1b}]0;pwned\u{7}形势\u{1b}[2J";
    let ron = std::fs::read_to_string(SAMPLE_RON).unwrap().replacen(
        "发展形势",
        &title["一、".len()..],
        1,
    );
    dir.write("evil.ron", &ron);
    dir.write("plain.ron", std::fs::read_to_string(SAMPLE_RON).unwrap());
    // Piped, the text is data and passes unchanged.
    let piped = dir.run(&["outline", "evil.ron"]);
    assert!(piped.stdout.contains(title), "{}", piped.stdout);
    let Some(shown) = run_in_terminal(&dir, "outline evil.ron") else {
        eprintln!("skipped: no `script` to give the command a terminal");
        return;
    };
    assert!(!shown.contains('\u{1b}'), "{shown:?}");
    assert!(!shown.contains('\u{7}'), "{shown:?}");
    assert!(
        shown.contains("一、发展\\u{1b}]0;pwned\\u{7}形势\\u{1b}[2J"),
        "{shown}"
    );
    let diff = run_in_terminal(&dir, "diff plain.ron evil.ron").unwrap();
    assert!(!diff.contains('\u{1b}'), "{diff:?}");
    assert!(diff.contains("\\u{1b}[2J"), "{diff}");
}

#[test]
fn import_never_edits_heading_words() {
    let dir = Dir::new();
    let text = "一、发展为何？ 答案\n二、？开头的标题\n（一）目标！\u{3000}远景\n";
    dir.write("q.txt", text);
    let out = dir.run(&["export", "q.txt"]);
    assert_eq!(out.stdout, text);
}
