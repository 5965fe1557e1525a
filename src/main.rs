//! Entry point: parse arguments, then run a command-line command or open the desktop app.

// On Windows the app opens no console window; the command line attaches to the console of
// the terminal it was run from (see `attach_console`).
#![cfg_attr(windows, windows_subsystem = "windows")]

use clap::{CommandFactory, FromArgMatches};
use std::io::IsTerminal;
use std::process::ExitCode;

use plandraft::cli::{self, Cli};

fn main() -> ExitCode {
    keep_freed_memory();
    if std::env::args_os().len() > 1 {
        attach_console();
    }
    let matches = Cli::command()
        .long_version(plandraft::app::about::long_version(
            preferences_dir().as_deref(),
        ))
        .get_matches();
    let args = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let result = match args.command {
        Some(command) => {
            let stdout = std::io::stdout();
            let is_terminal = stdout.is_terminal();
            let mut lock = stdout.lock();
            let mut out = cli::Output {
                out: &mut lock,
                is_terminal,
                is_colored: is_terminal && std::env::var_os("NO_COLOR").is_none(),
            };
            cli::run(command, &mut out)
        }
        None => open_app(args.file, args.review),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped early (plandraft outline | head) is not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        // A command that has said what it had to (a merge with conflicts) ends with its own
        // status.
        Err(e) => match e.downcast::<cli::Finished>() {
            Ok(finished) => {
                if let Some(error) = &finished.error {
                    eprintln!("error: {error:#}");
                }
                ExitCode::from(finished.code)
            }
            Err(e) => {
                eprintln!("error: {e:#}");
                ExitCode::FAILURE
            }
        },
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(feature = "gui")]
fn open_app(file: Option<std::path::PathBuf>, for_review: bool) -> anyhow::Result<()> {
    plandraft::ui::run(file, for_review)
}

#[cfg(feature = "gui")]
fn preferences_dir() -> Option<std::path::PathBuf> {
    plandraft::ui::preferences_dir()
}

#[cfg(not(feature = "gui"))]
fn preferences_dir() -> Option<std::path::PathBuf> {
    None
}

/// Windows: writes to the console of the terminal plandraft was run from, if any (an app
/// built without a console of its own has none otherwise).
#[cfg(windows)]
fn attach_console() {
    // SAFETY: AttachConsole only connects this process to its parent's console; it fails
    // harmlessly when there is none.
    unsafe {
        windows_sys::Win32::System::Console::AttachConsole(
            windows_sys::Win32::System::Console::ATTACH_PARENT_PROCESS,
        );
    }
}

#[cfg(not(windows))]
fn attach_console() {}

#[cfg(not(feature = "gui"))]
fn open_app(_file: Option<std::path::PathBuf>, _for_review: bool) -> anyhow::Result<()> {
    anyhow::bail!(
        "this build of plandraft has no desktop app; run `plandraft --help` for the commands"
    )
}

/// Asks glibc's allocator to keep memory a command frees (the text of a file once it is
/// imported) for what it allocates next, instead of giving it back to the system and asking
/// for fresh pages, each of which the system must clear: a fifth of the time of comparing
/// two large plans went to that.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn keep_freed_memory() {
    // SAFETY: mallopt only sets allocator parameters; it is called before any other thread
    // starts, and both values are within the documented range.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 512 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn keep_freed_memory() {}
