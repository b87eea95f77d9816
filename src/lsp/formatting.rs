//! Formatting a document with `mofc fmt`'s canonical layout (`emit::format`): one edit that
//! replaces the whole text. A file with syntax errors is not formatted (its diagnostics are
//! already published), nor one the formatter leaves as it is.

use std::path::Path;

use lsp_types::{Range, TextEdit};

use super::position::Lines;
use super::workspace::Workspace;
use crate::emit::format::format_text;
use crate::source::FileId;

pub fn format(workspace: &Workspace, path: &Path) -> Option<Vec<TextEdit>> {
    let text = &workspace.world.buffer(path)?.text;
    let formatted = format_text(FileId(0), text).ok()?;
    if formatted == *text {
        return Some(Vec::new());
    }
    let lines = Lines::new(text, workspace.encoding);
    let whole = Range::new(lines.position(0), lines.position(text.len() as u32));
    Some(vec![TextEdit::new(whole, formatted)])
}
