//! The compiler's diagnostics as the protocol publishes them: per file, in the client's position
//! encoding, with the places that explain them as related information. Only files whose
//! diagnostics changed are sent again, and a file that has none any more is sent an empty list.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use lsp_types::{DiagnosticRelatedInformation, DiagnosticSeverity, NumberOrString, Range};
use rustc_hash::FxHashMap;

use super::code_action;
use super::position::{Encoding, Places};
use crate::diag::{Diagnostic, Label, Severity};
use crate::syntax::powershell;
use crate::syntax::unit::Unit;

/// Protocol diagnostics by the path of the file they are in.
pub type ByFile = HashMap<PathBuf, Vec<lsp_types::Diagnostic>>;

/// A unit's diagnostics (`diagnostics`, in its files), converted and grouped by file.
///
/// A finding about a DSC resource's PowerShell module is shown in the module and in the
/// schema, the MOF document the author edits: there at its label in the schema, with the
/// module's place as related information.
pub fn by_file(unit: &Unit, diagnostics: &[Diagnostic], encoding: Encoding) -> ByFile {
    let mut places = Places::new(&unit.sources, encoding);
    let mut out = ByFile::new();
    for d in diagnostics {
        let labels = related(&mut places, d.secondary.iter());
        let range = places.range(d.primary.file, d.primary.span);
        let fix = d.fix.as_ref().and_then(|fix| code_action::fix_data(fix, &mut places));
        out.entry(unit.sources.get(d.primary.file).path.clone())
            .or_default()
            .push(converted(d, range, labels, code_action::data(fix.clone(), false)));
        if powershell::is_module(&unit.sources.get(d.primary.file).path)
            && let Some(schema) = d.secondary.iter().find(|label| label.file != d.primary.file)
        {
            let mut module = d.primary.clone();
            if module.message.is_empty() {
                module.message = "in the module".into();
            }
            let others = d.secondary.iter().filter(|label| !std::ptr::eq(*label, schema));
            let labels = related(&mut places, std::iter::once(&module).chain(others));
            let range = places.range(schema.file, schema.span);
            out.entry(unit.sources.get(schema.file).path.clone())
                .or_default()
                .push(converted(d, range, labels, code_action::data(fix, true)));
        }
    }
    out
}

/// Labels as related information.
fn related<'l>(places: &mut Places, labels: impl Iterator<Item = &'l Label>) -> Vec<DiagnosticRelatedInformation> {
    labels
        .filter_map(|label| {
            Some(DiagnosticRelatedInformation {
                location: places.at(label.file, label.span)?,
                message: label.message.clone(),
            })
        })
        .collect()
}

fn converted(
    d: &Diagnostic,
    range: Range,
    related: Vec<DiagnosticRelatedInformation>,
    data: Option<serde_json::Value>,
) -> lsp_types::Diagnostic {
    lsp_types::Diagnostic {
        range,
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.id().into())),
        source: Some("mofc".into()),
        message: message(d),
        related_information: (!related.is_empty()).then_some(related),
        data,
        ..Default::default()
    }
}

/// The message, then what the primary label says, then the help, one per line.
fn message(d: &Diagnostic) -> String {
    let mut message = d.message.clone();
    if !d.primary.message.is_empty() {
        message.push('\n');
        message.push_str(&d.primary.message);
    }
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    message
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Note => DiagnosticSeverity::INFORMATION,
    }
}

/// What the client was last sent, per file.
#[derive(Default)]
pub struct Published {
    sent: ByFile,
}

impl Published {
    /// The files among `paths` whose diagnostics are not what was last sent (merged from every
    /// compilation that has the file, duplicates dropped), with what to send now.
    pub fn changes(
        &mut self,
        paths: impl IntoIterator<Item = PathBuf>,
        compilations: &[&ByFile],
    ) -> Vec<(PathBuf, Vec<lsp_types::Diagnostic>)> {
        let mut changes = Vec::new();
        for path in paths {
            let now = merged(compilations.iter().filter_map(|c| c.get(&path)));
            if self.sent.get(&path).map_or(now.is_empty(), |sent| *sent == now) {
                continue;
            }
            if now.is_empty() {
                self.sent.remove(&path);
            } else {
                self.sent.insert(path.clone(), now.clone());
            }
            changes.push((path, now));
        }
        changes
    }

    /// What was last sent for the file at `path`.
    pub fn of(&self, path: &Path) -> &[lsp_types::Diagnostic] {
        self.sent.get(path).map_or(&[], Vec::as_slice)
    }

    /// The files that were last sent diagnostics.
    pub fn paths(&self) -> HashSet<PathBuf> {
        self.sent.keys().cloned().collect()
    }
}

/// The diagnostics of every list, in order, each once. Equal diagnostics are found through a
/// hash of where they are and what they say (a file can have 100,000 diagnostics: comparing
/// each with all the others would take minutes).
fn merged<'a>(lists: impl Iterator<Item = &'a Vec<lsp_types::Diagnostic>>) -> Vec<lsp_types::Diagnostic> {
    let mut now: Vec<lsp_types::Diagnostic> = Vec::new();
    let mut seen: FxHashMap<(Range, &str), Vec<usize>> = FxHashMap::default();
    for d in lists.flatten() {
        let same = seen.entry((d.range, &d.message)).or_default();
        if !same.iter().any(|&i| now[i] == *d) {
            same.push(now.len());
            now.push(d.clone());
        }
    }
    now
}
