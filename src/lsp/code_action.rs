//! Quick fixes (`textDocument/codeAction`, kind `quickfix`): for each diagnostic published for
//! the document in the requested range, its fix (`diag::Fix`, preferred when safe), then a
//! suppression comment for its code as the last resort.
//!
//! A fix travels in the `data` of the diagnostic it belongs to, converted to the client's
//! positions when the diagnostic is published ([`data`]). The actions are made from the
//! diagnostics the server last published, not from those the client sends back, so a client
//! that drops `data` gets the same fixes; the client's list only adds diagnostics that lie
//! outside the requested range.

use std::collections::HashMap;
use std::path::Path;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, NumberOrString, Position, Range, TextEdit, Uri,
    WorkspaceEdit,
};
use serde::{Deserialize, Serialize};

use super::position::{Lines, Places};
use super::workspace::Workspace;
use crate::config::fixed;
use crate::diag::{Applicability, Code, Fix};
use crate::source::Span;
use crate::syntax::powershell;

/// A fix as a published diagnostic carries it.
#[derive(Clone, Serialize, Deserialize)]
pub struct FixData {
    title: String,
    safe: bool,
    /// The edits of each document, documents in the order of their first edit.
    changes: Vec<(Uri, Vec<TextEdit>)>,
}

/// What a published diagnostic carries in its `data` for the quick fixes.
#[derive(Serialize, Deserialize)]
struct Data {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fix: Option<FixData>,
    /// A copy of the diagnostic shown in another file than the one it is about (a DSC module's
    /// finding at its schema property): a suppression comment there would not silence it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    elsewhere: bool,
}

/// A diagnostic's `data`, none if it has neither a fix nor a mark.
pub fn data(fix: Option<FixData>, elsewhere: bool) -> Option<serde_json::Value> {
    if fix.is_none() && !elsewhere {
        return None;
    }
    serde_json::to_value(Data { fix, elsewhere }).ok()
}

/// `fix` as its diagnostic carries it; none if an edit is in a file without a URI.
pub fn fix_data(fix: &Fix, places: &mut Places) -> Option<FixData> {
    let mut changes: Vec<(Uri, Vec<TextEdit>)> = Vec::new();
    for edit in &fix.edits {
        let at = places.at(edit.file, edit.span)?;
        let made = TextEdit::new(at.range, edit.replacement.clone());
        match changes.iter_mut().find(|(uri, _)| *uri == at.uri) {
            Some((_, edits)) => edits.push(made),
            None => changes.push((at.uri, vec![made])),
        }
    }
    Some(FixData {
        title: fix.title.clone(),
        safe: fix.applicability == Applicability::Safe,
        changes,
    })
}

/// The quick fixes for the diagnostics of the document at `path` in the requested range.
pub fn actions(workspace: &Workspace, path: &Path, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
    let wanted = params.context.only.as_ref().is_none_or(|kinds| {
        kinds
            .iter()
            .any(|k| CodeActionKind::QUICKFIX.as_str().starts_with(k.as_str()))
    });
    if !wanted {
        return Vec::new();
    }
    let sent_back = |d: &lsp_types::Diagnostic| {
        params
            .context
            .diagnostics
            .iter()
            .any(|c| c.range == d.range && c.code == d.code)
    };
    let touched: Vec<&lsp_types::Diagnostic> = workspace
        .published(path)
        .iter()
        .filter(|d| touches(d.range, params.range) || sent_back(d))
        .collect();
    if touched.is_empty() {
        // Editors ask at every move of the cursor: most requests end here, before the
        // buffer is indexed.
        return Vec::new();
    }
    // The text and comments the published diagnostics were made from (`mofc:` comments are
    // told from `//` in a string by the lexer). A PowerShell module has no `mofc:` comments
    // (`//` is not even a comment there).
    let compiled = workspace
        .compilation_of(path)
        .filter(|_| !powershell::is_module(path))
        .and_then(|(c, file)| {
            let comments = &c.unit.files.get(file.0 as usize)?.comments;
            Some(Compiled {
                text: &c.unit.sources.get(file).text,
                comments,
            })
        });
    let lines = compiled.as_ref().map(|c| Lines::new(c.text, workspace.encoding));
    let uri = &params.text_document.uri;
    let mut fixes = Vec::new();
    let mut suppressions = Vec::new();
    for d in touched {
        let data = d.data.clone().and_then(|v| serde_json::from_value::<Data>(v).ok());
        let elsewhere = data.as_ref().is_some_and(|data| data.elsewhere);
        if let Some(fix) = data.and_then(|data| data.fix) {
            fixes.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![d.clone()]),
                edit: Some(WorkspaceEdit {
                    changes: Some(fix.changes.into_iter().collect()),
                    ..Default::default()
                }),
                is_preferred: Some(fix.safe),
                ..Default::default()
            }));
        }
        let suppression = compiled
            .as_ref()
            .filter(|_| !elsewhere)
            .zip(lines.as_ref())
            .and_then(|(compiled, lines)| suppress(compiled, lines, d));
        if let Some((code, edit)) = suppression {
            suppressions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Suppress {code} on this line"),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![d.clone()]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                    ..Default::default()
                }),
                ..Default::default()
            }));
        }
    }
    fixes.extend(suppressions);
    fixes
}

/// Whether two ranges share a position (a cursor at either end of a diagnostic touches it).
fn touches(a: Range, b: Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// A document as compiled: its text and where its comments are.
struct Compiled<'c> {
    text: &'c str,
    comments: &'c [Span],
}

/// The edit that suppresses `d` with a `mofc: ignore[CODE]` comment on the line where it starts
/// (`config/suppress.rs`): its code added to the suppression comment already there, or a new
/// comment at the end of the line. None for a code that cannot be suppressed, or a line that
/// has another comment (a `mofc:` comment must start its comment; a block comment may go on).
fn suppress(compiled: &Compiled, lines: &Lines, d: &lsp_types::Diagnostic) -> Option<(String, TextEdit)> {
    let Some(NumberOrString::String(id)) = &d.code else {
        return None;
    };
    let code = Code::parse(id)?;
    if fixed(code) || matches!(code, Code::InvalidSuppression | Code::UnusedSuppression) {
        return None;
    }
    let text = compiled.text;
    let start = lines.offset(Position::new(d.range.start.line, 0)) as usize;
    let end = lines.offset(Position::new(d.range.start.line + 1, 0)) as usize;
    let content = text.get(start..end)?.trim_end_matches(['\r', '\n']);
    let insert = |at: usize, new_text: String| {
        let position = lines.position(at as u32);
        TextEdit::new(Range::new(position, position), new_text)
    };
    let on_line: Vec<&Span> = compiled
        .comments
        .iter()
        .filter(|c| (c.start as usize) < start + content.len() && (c.end as usize) > start)
        .collect();
    const MARK: &str = "mofc: ignore[";
    let marked = on_line.iter().find_map(|c| {
        let body = text.get(c.range())?;
        body.find(MARK).map(|i| c.start as usize + i + MARK.len())
    });
    let edit = match marked {
        Some(at) => insert(at, format!("{id}, ")),
        None if !on_line.is_empty() => return None,
        None => insert(start + content.len(), format!(" // mofc: ignore[{id}]")),
    };
    Some((id.clone(), edit))
}
