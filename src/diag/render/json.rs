//! Diagnostics as the JSON document of `cli.md`: a stable contract that scripts rely on.

use serde::Serialize;

use crate::diag::{Diagnostic, Label, Severity};
use crate::source::{FileId, Sources, Span};

#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Summary {
    pub fn add(&mut self, diagnostic: &Diagnostic) {
        match diagnostic.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Note => {}
        }
    }
}

#[derive(Serialize)]
struct Document<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: &'static str,
    code: &'static str,
    message: &'a str,
    #[serde(flatten)]
    place: Place<'a>,
    labels: Vec<JsonLabel<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    wbem: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonFix<'a>>,
}

/// A diagnostic's fix, in the shape of ruff's: what it does, whether `--fix` applies it, and
/// the text to put in place of each range.
#[derive(Serialize)]
struct JsonFix<'a> {
    message: &'a str,
    applicability: &'static str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    #[serde(flatten)]
    place: Place<'a>,
    content: &'a str,
}

#[derive(Serialize)]
struct Place<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    #[serde(flatten)]
    place: Place<'a>,
    message: &'a str,
}

fn place<'a>(sources: &'a Sources, label: &Label) -> Place<'a> {
    span_place(sources, label.file, label.span)
}

fn span_place(sources: &Sources, file: FileId, span: Span) -> Place<'_> {
    let file = sources.get(file);
    let (line, column) = file.line_column(span.start as usize);
    let (end_line, end_column) = file.line_column(span.end as usize);
    Place {
        file: &file.name,
        line,
        column,
        end_line,
        end_column,
    }
}

/// The JSON document for a run, pretty-printed. Each diagnostic comes with the sources of the
/// compilation that produced it.
pub fn json(diagnostics: &[(&Sources, &Diagnostic)], summary: Summary) -> String {
    let document = Document {
        diagnostics: diagnostics
            .iter()
            .map(|&(sources, d)| JsonDiagnostic {
                severity: d.severity.as_str(),
                code: d.code.id(),
                message: &d.message,
                place: place(sources, &d.primary),
                labels: d
                    .secondary
                    .iter()
                    .map(|l| JsonLabel {
                        place: place(sources, l),
                        message: &l.message,
                    })
                    .collect(),
                help: d.help.as_deref(),
                wbem: d.code.info().wbem,
                fix: d.fix.as_ref().map(|fix| JsonFix {
                    message: &fix.title,
                    applicability: fix.applicability.as_str(),
                    edits: fix
                        .edits
                        .iter()
                        .map(|e| JsonEdit {
                            place: span_place(sources, e.file, e.span),
                            content: &e.replacement,
                        })
                        .collect(),
                }),
            })
            .collect(),
        summary,
    };
    serde_json::to_string_pretty(&document).expect("diagnostics serialize")
}
