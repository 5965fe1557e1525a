//! One way to run the real `plandraft` binary in a temporary folder.

#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The bundled sample as text.
pub const SAMPLE_TXT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/samples/lvyuan-15th-fyp-outline.txt"
);
/// The bundled sample as a plandraft file.
pub const SAMPLE_RON: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/samples/lvyuan-15th-fyp-outline.ron"
);

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Output {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A temporary folder to run the binary in.
pub struct Dir {
    dir: tempfile::TempDir,
}

impl Dir {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, bytes).expect("write fixture");
        path
    }

    /// Runs `plandraft ARGS` in this folder.
    pub fn run(&self, args: &[&str]) -> Output {
        let out = Command::new(env!("CARGO_BIN_EXE_plandraft"))
            .args(args)
            .current_dir(self.dir.path())
            .env("RUST_BACKTRACE", "1")
            .output()
            .expect("run plandraft");
        Output {
            status: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

impl Output {
    /// Asserts a clean failure: status 1, a message on stderr, no panic or backtrace.
    pub fn assert_clean_error(&self) -> &Self {
        assert_eq!(self.status, 1, "{self:?}");
        assert!(self.stderr.starts_with("error: "), "{self:?}");
        assert!(!self.stderr.contains("panicked"), "{self:?}");
        assert!(!self.stderr.contains("stack backtrace"), "{self:?}");
        self
    }
}

/// Files in a folder, by name.
pub fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// LibreOffice's command, when it is installed.
pub fn office() -> Option<&'static str> {
    ["libreoffice", "soffice"].into_iter().find(|c| {
        std::process::Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}
