//! Document links: the file each `#pragma include("...")` names, found as the compilation finds
//! it (beside the including file, then along the search path), as a `file:` URI on the name.

use std::path::Path;

use lsp_types::DocumentLink;

use super::locate::{Node, inside_quotes, visit};
use super::position::Lines;
use super::uri;
use super::workspace::Workspace;

pub fn links(workspace: &Workspace, path: &Path) -> Vec<DocumentLink> {
    let Some((compilation, file)) = workspace.compilation_of(path) else {
        return Vec::new();
    };
    let source = compilation.unit.sources.get(file);
    let lines = Lines::new(&source.text, workspace.encoding);
    let mut found = Vec::new();
    visit(&compilation.unit.files[file.0 as usize], &mut |node, span| {
        let Node::Include { name } = node else {
            return;
        };
        let Some(target) = compilation
            .search()
            .resolve_include(&workspace.world, &source.path, name)
            .and_then(|found| uri::from_path(&workspace.canonical(&found)))
        else {
            return;
        };
        found.push(DocumentLink {
            range: lines.range(inside_quotes(span)),
            target: Some(target),
            tooltip: None,
            data: None,
        });
    });
    found
}
