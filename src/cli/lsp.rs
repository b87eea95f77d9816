//! `mofc lsp`: the language server, over stdin and stdout.

use std::process::ExitCode;

use miette::miette;

/// Exit status 0 after `shutdown` and `exit`; 1 if the client left without `shutdown` (as the
/// protocol asks); 2 if the protocol itself broke down.
pub fn run() -> miette::Result<ExitCode> {
    match crate::lsp::run() {
        Ok(true) => Ok(ExitCode::SUCCESS),
        Ok(false) => Ok(ExitCode::from(1)),
        Err(e) => Err(miette!("the language server stopped: {e}")),
    }
}
