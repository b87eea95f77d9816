//! Application errors (a file that cannot be read, a bad `mofc.toml`, a repository refused)
//! shown as diagnostics are: `error: message`, in the same colours (or none), with an excerpt
//! where the error has a place in a file (a key of `mofc.toml`), and `help:` below. clap's own
//! errors (a bad flag) have the same `error:` form.

use std::io::Write;

use codespan_reporting::diagnostic::{Diagnostic, Label, Severity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::termcolor::{BufferedStandardStream, ColorChoice};
use codespan_reporting::term::{self, Config};

use crate::config::FileError;
use crate::diag::render::visible;

/// Writes `report` to stderr (where a failure has nowhere to be reported).
pub fn show(report: &miette::Report) {
    let (file, diagnostic) = match report.downcast_ref::<FileError>() {
        Some(error) => {
            let text = visible(&error.text);
            // An excerpt only where its bytes are the file's: a control character shown as a
            // stand-in would move the span (TOML refuses them anyway).
            let span = error.span.clone().filter(|_| text.len() == error.text.len());
            let file = SimpleFile::new(visible(&error.name).into_owned(), text.into_owned());
            let mut diagnostic = Diagnostic::error()
                .with_message(visible(&error.message))
                .with_notes(vec![format!("help: {}", visible(&error.help))]);
            if let Some(span) = span {
                diagnostic = diagnostic.with_labels(vec![Label::primary((), span).with_message(&error.label)]);
            }
            (file, diagnostic)
        }
        None => {
            // The context first, then what caused it: "cannot write `x`: permission denied".
            let message: Vec<String> = report.chain().map(|e| e.to_string()).collect();
            let mut diagnostic = Diagnostic::error().with_message(visible(&message.join(": ")));
            if let Some(help) = report.help() {
                diagnostic = diagnostic.with_notes(vec![format!("help: {}", visible(&help.to_string()))]);
            }
            (SimpleFile::new(String::new(), String::new()), diagnostic)
        }
    };
    emit(&file, &diagnostic);
}

/// One line about the run that is not about MOF text (`error: cannot write ...`, `warning: no
/// MOF files ...`), in the form and colours of diagnostics.
pub fn say(severity: Severity, message: &str) {
    let diagnostic = Diagnostic::new(severity).with_message(visible(message));
    emit(&SimpleFile::new(String::new(), String::new()), &diagnostic);
}

/// Writes `diagnostic` to stderr, coloured as the run decided (`--color`, the environment).
fn emit(file: &SimpleFile<String, String>, diagnostic: &Diagnostic<()>) {
    let choice = if super::color_mode() == crate::diag::render::ColorMode::Always {
        ColorChoice::Always
    } else {
        ColorChoice::Never
    };
    let mut out = BufferedStandardStream::stderr(choice);
    let _ = term::emit_to_write_style(&mut out, &Config::default(), file, diagnostic);
    let _ = out.flush();
}
