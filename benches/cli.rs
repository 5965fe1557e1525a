//! Whole commands, timed as a user runs them (the release binary, a new process each time):
//! `plandraft diff OLD.txt NEW.txt` beside git's character-level word diff on the same two
//! files, at national-plan size (≈60,000 字) and at 1,000,000 字; import of plan text (in
//! the process, and the whole `plandraft import` command, which also writes and checks the
//! `.ron` file); `plandraft check` of a national-size plan holding 50 drafts.
//!
//! The machine's speed drifts from one second to the next, so the two tools are timed
//! turn about, and the ratio reported is the median of the ratios of each pair of runs.
//! The last lines printed are the figures the README reports.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use plandraft::core::draft::Draft;
use plandraft::core::export::to_text;
use plandraft::core::import::import_bytes;
use plandraft::core::storage::{self, PlanFile};

const PLANDRAFT: &str = env!("CARGO_BIN_EXE_plandraft");

/// Runs a command to completion, its output thrown away, and says how long it took.
fn run(program: &str, args: &[&str]) -> Duration {
    let start = Instant::now();
    let status = Command::new(program)
        .args(args)
        .env("LC_ALL", "C.UTF-8")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run");
    let took = start.elapsed();
    // git diff exits 1 when the files differ.
    assert!(status.code().is_some_and(|c| c <= 1), "{program} {args:?}");
    took
}

fn plandraft_diff(old: &str, new: &str) -> Duration {
    run(PLANDRAFT, &["diff", old, new])
}

fn git_diff(old: &str, new: &str) -> Duration {
    run(
        "git",
        &[
            "diff",
            "--no-index",
            "--word-diff=porcelain",
            "--word-diff-regex=.",
            old,
            new,
        ],
    )
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// `a` and `b` run turn about `pairs` times: their median times (ms) and the median of the
/// ratios a/b of each pair.
fn paired(pairs: usize, a: impl Fn() -> Duration, b: impl Fn() -> Duration) -> (f64, f64, f64) {
    let (mut ta, mut tb, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..pairs {
        // Which goes first alternates too.
        let (x, y) = if i % 2 == 0 {
            let x = a();
            (x, b())
        } else {
            let y = b();
            (a(), y)
        };
        ta.push(x.as_secs_f64() * 1e3);
        tb.push(y.as_secs_f64() * 1e3);
        ratios.push(x.as_secs_f64() / y.as_secs_f64());
    }
    (median(ta), median(tb), median(ratios))
}

/// Two versions of a plan of about `chars` 字 written as text.
fn text_pair(dir: &Path, name: &str, chars: usize) -> (String, String) {
    let (old, new) = common::pair(chars);
    let old_path = dir.join(format!("{name}-old.txt"));
    let new_path = dir.join(format!("{name}-new.txt"));
    std::fs::write(&old_path, to_text(&old)).unwrap();
    std::fs::write(&new_path, to_text(&new)).unwrap();
    let s = |p: PathBuf| p.to_string_lossy().into_owned();
    (s(old_path), s(new_path))
}

/// A national-size plan holding 50 drafts, each a few paragraphs on from the last.
fn plan_with_drafts(dir: &Path) -> String {
    let mut doc = common::plan_of_size(60_000, true);
    let mut drafts = Vec::new();
    for n in 0..50 {
        doc = common::edited(&doc, n);
        drafts.push(Draft {
            name: format!("第{n}稿"),
            author: "起草组".into(),
            time: "2026-11-27T10:00:00Z".into(),
            note: String::new(),
            document: Arc::new(doc.clone()),
        });
    }
    let path = dir.join("drafts.ron");
    storage::save(
        &PlanFile {
            document: doc,
            drafts,
            ..Default::default()
        },
        &path,
    )
    .unwrap();
    path.to_string_lossy().into_owned()
}

fn bench(c: &mut Criterion) {
    // PLANDRAFT_BENCH_FILES=DIR keeps the files measured there, to time them by hand.
    let kept = std::env::var_os("PLANDRAFT_BENCH_FILES").map(PathBuf::from);
    let temp = tempfile::tempdir().unwrap();
    let dir = match &kept {
        Some(d) => {
            std::fs::create_dir_all(d).unwrap();
            tempfile::TempDir::with_prefix_in("cli-", d).unwrap().keep()
        }
        None => temp.path().to_owned(),
    };
    let dir = &dir;
    let has_git = Command::new("git").arg("--version").output().is_ok();
    let mut report = Vec::new();
    for (name, chars, pairs) in [("60k", 60_000, 101), ("1M", 1_000_000, 41)] {
        let (old, new) = text_pair(dir, name, chars);
        let mut group = c.benchmark_group(format!("cli/diff {name}"));
        group.sample_size(20);
        group.bench_function("plandraft diff", |b| b.iter(|| plandraft_diff(&old, &new)));
        if has_git {
            group.bench_function("git word diff", |b| b.iter(|| git_diff(&old, &new)));
            let (ours, git, ratio) = paired(
                pairs,
                || plandraft_diff(&old, &new),
                || git_diff(&old, &new),
            );
            report.push(format!(
                "diff {name}: plandraft {ours:.2} ms, git {git:.2} ms, ratio {ratio:.2}"
            ));
        }
        group.finish();
    }

    // Import of plan text in the process: decoding, clean-up, structure.
    let (big, _) = text_pair(dir, "import", 1_000_000);
    let bytes = std::fs::read(&big).unwrap();
    let mut group = c.benchmark_group("import");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("import_bytes (1M 字)", |b| {
        b.iter(|| import_bytes(&bytes, Path::new("x.txt")).unwrap())
    });
    group.finish();
    let took = median(
        (0..21)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(import_bytes(&bytes, Path::new("x.txt")).unwrap());
                start.elapsed().as_secs_f64()
            })
            .collect(),
    );
    let mb = bytes.len() as f64 / 1e6;
    report.push(format!(
        "import 1M 字 ({mb:.1} MB) in the process: {:.2} ms, {:.0} MB/s",
        took * 1e3,
        mb / took
    ));
    // The whole command: read, import, count, write the .ron file, load it back to check.
    let out = dir.join("import.ron").to_string_lossy().into_owned();
    let command = || run(PLANDRAFT, &["import", &big, "-o", &out, "--force"]);
    let took = median((0..11).map(|_| command().as_secs_f64()).collect());
    report.push(format!(
        "plandraft import 1M 字 (whole command): {:.2} ms, {:.0} MB/s",
        took * 1e3,
        mb / took
    ));

    let drafts = plan_with_drafts(dir);
    let check = || run(PLANDRAFT, &["check", &drafts]);
    let mut group = c.benchmark_group("cli/check");
    group.sample_size(20);
    group.bench_function("plandraft check (60k 字, 50 drafts)", |b| b.iter(check));
    group.finish();
    report.push(format!(
        "check 60k 字 with 50 drafts ({:.1} MB): {:.2} ms",
        std::fs::metadata(&drafts).unwrap().len() as f64 / 1e6,
        median((0..21).map(|_| check().as_secs_f64() * 1e3).collect())
    ));
    println!();
    for line in report {
        println!("{line}");
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
