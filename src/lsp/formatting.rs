//! Formatting a document.
//!
//! SEAM (formatter): the formatter is being written as a library function in `src/emit/format*`.
//! Until it lands, formatting is not offered (`AVAILABLE` is false, so the server does not
//! announce it) and a request for it gets no edits. Once it lands, `format` calls it on the
//! buffer's text and returns one edit that replaces the whole document.

use std::path::Path;

use lsp_types::TextEdit;

use super::workspace::Workspace;

/// Whether the server announces `documentFormattingProvider`.
pub const AVAILABLE: bool = false;

pub fn format(_workspace: &Workspace, _path: &Path) -> Option<Vec<TextEdit>> {
    None
}
