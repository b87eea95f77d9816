//! Document highlight: the places of the document that name what the cursor is on (a class, a
//! property, a qualifier, an alias), found as references are, in this document only. A
//! declaration, and a property set by an instance, are writes; other uses are reads.

use std::path::Path;

use lsp_types::{DocumentHighlight, DocumentHighlightKind, Position};

use super::locate::{Cursor, Node, visit};
use super::position::Lines;
use super::references::{matches, target};
use super::workspace::Workspace;

pub fn highlights(workspace: &Workspace, path: &Path, position: Position) -> Option<Vec<DocumentHighlight>> {
    let cursor = Cursor::new(workspace, path, position)?;
    let node = cursor.node()?;
    let compilation = cursor.compilation;
    let lines = Lines::new(&compilation.unit.sources.get(cursor.file).text, workspace.encoding);
    compilation.with_model(|unit, analysed| {
        let (model, decls) = (&analysed.model, analysed.decls());
        let target = target(model, decls, node)?;
        let mut found = Vec::new();
        visit(&unit.files[cursor.file.0 as usize], &mut |node, span| {
            if let Some(declares) = matches(model, decls, &target, node) {
                let writes = declares || matches!(node, Node::InstanceProperty { .. });
                found.push(DocumentHighlight {
                    range: lines.range(span),
                    kind: Some(if writes {
                        DocumentHighlightKind::WRITE
                    } else {
                        DocumentHighlightKind::READ
                    }),
                });
            }
        });
        Some(found)
    })
}
