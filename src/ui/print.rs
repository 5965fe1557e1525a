//! Printing a PDF through the system: straight to the default printer where the platform
//! has a print command for PDF (CUPS `lp` on Linux and macOS), else in the default PDF
//! viewer, to print from there.

use std::path::Path;
use std::process::{Command, Stdio};

/// How a file was printed.
pub enum Printed {
    /// Sent to the printer by this command.
    Sent(String),
    /// Opened in the default viewer.
    Opened,
}

/// Whether `program` runs here.
fn has(program: &str) -> bool {
    Command::new(program)
        .arg("--help")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// Prints the PDF at `path`.
pub fn print_file(path: &Path) -> std::io::Result<Printed> {
    if cfg!(unix) && has("lp") {
        let out = Command::new("lp").arg("--").arg(path).output()?;
        if out.status.success() {
            return Ok(Printed::Sent("lp".to_owned()));
        }
        // No printer set up: the viewer lets the user choose one.
    }
    open_in_viewer(path)?;
    Ok(Printed::Opened)
}

/// Opens `path` in the platform's default application, without waiting for it.
fn open_in_viewer(path: &Path) -> std::io::Result<()> {
    let mut command = if cfg!(windows) {
        let mut c = Command::new("cmd");
        c.args(["/C", "start", ""]).arg(path);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(path);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(path);
        c
    };
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(|_| ())
}
