//! Where a command's output goes: standard output (escaped on a terminal) or a file written
//! without losing one (`-o`, `--force`, `-o -`).

use anyhow::Result;
use std::io::Write;
use std::path::Path;

use crate::core::export;
use crate::core::write::{self, WriteError, WriteOptions};

/// Where a command's output goes, and whether it is a terminal.
pub struct Output<'a> {
    /// Standard output (or what stands in for it in tests).
    pub out: &'a mut dyn Write,
    /// Whether `out` is a terminal: control characters in the text are then shown escaped
    /// (a heading cannot move the cursor or retitle the window), binary output is refused.
    pub is_terminal: bool,
    /// Whether reports may use colour (a terminal, and `NO_COLOR` unset).
    pub is_colored: bool,
}

impl Output<'_> {
    /// Writes text, escaping control characters on a terminal.
    pub(super) fn text(&mut self, text: &str) -> Result<()> {
        if self.is_terminal {
            self.out
                .write_all(export::txt::terminal_safe(text).as_bytes())?;
        } else {
            self.out.write_all(text.as_bytes())?;
        }
        Ok(())
    }
}

/// Leaves a command's large values for the system to take back when the process ends, a
/// moment later, instead of freeing them piece by piece first: for a whole document and
/// its comparison that freeing is a tenth of the command's time.
pub(super) fn keep_until_exit<T>(value: T) {
    std::mem::forget(value);
}

/// Where a command writes: standard output, or a file that must not be one of its inputs
/// and is replaced only with `--force`.
pub(super) struct Target<'a> {
    path: Option<&'a Path>,
    force: bool,
    inputs: &'a [&'a Path],
}

impl<'a> Target<'a> {
    /// `-o PATH` (None or `-` for standard output).
    pub(super) fn of(path: Option<&'a Path>, force: bool, inputs: &'a [&'a Path]) -> Self {
        Self {
            path: path.filter(|p| p.as_os_str() != "-"),
            force,
            inputs,
        }
    }

    pub(super) fn is_stdout(&self) -> bool {
        self.path.is_none()
    }

    /// Writes `bytes` there: text to a terminal is escaped.
    pub(super) fn write(&self, bytes: &[u8], out: &mut Output) -> Result<()> {
        let Some(path) = self.path else {
            return match std::str::from_utf8(bytes) {
                Ok(text) => out.text(text),
                Err(_) => Ok(out.out.write_all(bytes)?),
            };
        };
        let options = WriteOptions {
            may_replace: self.force,
            keep_backup: true,
            inputs: self.inputs,
        };
        write::write_atomically(path, bytes, &options).map_err(written)
    }
}

/// A write error in the command line's words: an existing file names `--force`.
pub(super) fn written(e: WriteError) -> anyhow::Error {
    match e {
        WriteError::Exists { path } => anyhow::anyhow!(
            "the file exists; choose another name with -o, or replace it with --force (the old file is kept as .bak): {}",
            path.display()
        ),
        other => other.into(),
    }
}
