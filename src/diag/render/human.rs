//! Diagnostics for people, through codespan-reporting: source excerpts with underlined spans,
//! labels in as many files as the diagnostic names, colour when writing to a terminal. Nothing
//! from a file reaches the terminal as a control character (`excerpt.rs`).

use std::io::{IsTerminal, Write};

use codespan_reporting::diagnostic::{
    Diagnostic as Report, Label as ReportLabel, LabelStyle, Severity as ReportSeverity,
};
use codespan_reporting::term::termcolor::{BufferedStandardStream, ColorChoice};
use codespan_reporting::term::{self, Config};

use super::excerpt::{Excerpts, visible};
use crate::diag::{Diagnostic, Label, Severity};
use crate::source::{FileId, Sources};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorMode {
    /// Colour when stderr is a terminal and `NO_COLOR` is not set.
    Auto,
    Always,
    Never,
}

impl ColorMode {
    fn choice(self) -> ColorChoice {
        match self {
            ColorMode::Always => ColorChoice::Always,
            ColorMode::Never => ColorChoice::Never,
            ColorMode::Auto if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) => ColorChoice::Never,
            ColorMode::Auto if std::io::stderr().is_terminal() => ColorChoice::Auto,
            ColorMode::Auto => ColorChoice::Never,
        }
    }
}

/// Writes diagnostics to stderr, buffered: a diagnostic is dozens of small writes, and a
/// thousand unbuffered diagnostics took most of a run in system calls.
pub fn human(sources: &Sources, diagnostics: &[Diagnostic], color: ColorMode) -> std::io::Result<()> {
    let mut out = BufferedStandardStream::stderr(color.choice());
    let config = Config::default();
    let labelled = diagnostics
        .iter()
        .flat_map(|d| std::iter::once(&d.primary).chain(&d.secondary))
        .map(|l| l.file);
    let files = Excerpts::new(sources, labelled);
    for diagnostic in diagnostics {
        term::emit_to_write_style(&mut out, &config, &files, &report(diagnostic, sources, &files))
            .map_err(std::io::Error::other)?;
    }
    out.flush()
}

/// The codespan form of a diagnostic, its spans in the files' visible text and its words with
/// control characters made visible (messages quote source text: "found `...`").
fn report(d: &Diagnostic, sources: &Sources, files: &Excerpts) -> Report<FileId> {
    let severity = match d.severity {
        Severity::Error => ReportSeverity::Error,
        Severity::Warning => ReportSeverity::Warning,
        Severity::Note => ReportSeverity::Note,
    };
    let label = |style, l: &Label| {
        ReportLabel::new(style, l.file, files.range(l.file, l.span.range())).with_message(visible(&l.message))
    };
    let mut labels = vec![label(LabelStyle::Primary, &d.primary)];
    labels.extend(d.secondary.iter().map(|l| label(LabelStyle::Secondary, l)));
    let mut message = visible(&d.message).into_owned();
    // A file with no text (refused as not text) has no excerpt: one line names it.
    if let Some(name) = files.textless(d.primary.file).filter(|_| d.secondary.is_empty()) {
        message = format!("{name}: {message}");
        labels.clear();
    }
    let mut notes = Vec::new();
    // A label on a line too long to show: no excerpt, and each place is named instead.
    let all = || std::iter::once(&d.primary).chain(&d.secondary);
    if !labels.is_empty() && all().any(|l| files.on_long_line(l.file, l.span.range())) {
        message = format!("{}: {message}", place(sources, &d.primary));
        let named = all().filter(|l| !l.message.is_empty());
        notes.extend(named.map(|l| format!("{}: {}", place(sources, l), visible(&l.message))));
        labels.clear();
    }
    if let Some(help) = &d.help {
        notes.push(format!("help: {}", visible(help)));
    }
    if let Some(wbem) = d.code.info().wbem {
        notes.push(format!("mofcomp reports this as {wbem}"));
    }
    Report::new(severity)
        .with_code(d.code.id())
        .with_message(message)
        .with_labels(labels)
        .with_notes(notes)
}

/// `file:line:column` of where a label starts.
fn place(sources: &Sources, label: &Label) -> String {
    let file = sources.get(label.file);
    let (line, column) = file.line_column(label.span.start as usize);
    format!("{}:{line}:{column}", visible(&file.name))
}
