//! Entry point: parse arguments, then run a command-line command or open the desktop app.

use clap::Parser;
use std::io::IsTerminal;
use std::process::ExitCode;

use plandraft::cli::{self, Cli};

fn main() -> ExitCode {
    let args = Cli::parse();
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
        None => open_app(args.file),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped early (plandraft outline | head) is not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
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
fn open_app(file: Option<std::path::PathBuf>) -> anyhow::Result<()> {
    plandraft::ui::run(file)
}

#[cfg(not(feature = "gui"))]
fn open_app(_file: Option<std::path::PathBuf>) -> anyhow::Result<()> {
    anyhow::bail!(
        "this build of plandraft has no desktop app; run `plandraft --help` for the commands"
    )
}
