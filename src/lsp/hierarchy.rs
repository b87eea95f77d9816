//! Type hierarchy (LSP 3.17: `textDocument/prepareTypeHierarchy`, `typeHierarchy/supertypes`,
//! `typeHierarchy/subtypes`): a class, its superclass, and the classes that name it as theirs in
//! any compilation of the workspace.
//!
//! An item carries its class as a [`Declared`] (name and file) in `data`, so that the requests
//! that follow find it again in whichever compilations have it, even after an edit.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use lsp_types::{Position, SymbolKind, TypeHierarchyItem};
use serde_json::json;

use super::kept::{Analysed, Declared};
use super::locate::{Cursor, Node};
use super::position::Places;
use super::uri;
use super::workspace::Workspace;
use crate::sema::model::ClassId;
use crate::syntax::unit::Unit;

/// The class under the cursor, declared or used.
pub fn prepare(workspace: &Workspace, path: &Path, position: Position) -> Option<Vec<TypeHierarchyItem>> {
    let cursor = Cursor::new(workspace, path, position)?;
    let node = cursor.node()?;
    let compilation = cursor.compilation;
    let item = compilation.with_model(|unit, analysed| {
        let (model, decls) = (&analysed.model, analysed.decls());
        let class = match node {
            Node::Class(decl) => decls.class_of(decl),
            Node::ClassUse { name, owner } => decls.class_named(model, owner, name),
            _ => None,
        }?;
        item(
            unit,
            analysed,
            class,
            &mut Places::new(&unit.sources, workspace.encoding),
        )
    })?;
    Some(vec![item])
}

/// The superclass of an item's class (none for a root, or a built-in superclass, which has no
/// place to show).
pub fn supertypes(workspace: &Workspace, item: &TypeHierarchyItem) -> Option<Vec<TypeHierarchyItem>> {
    let declared = declared(item)?;
    let found = related(workspace, &declared, |analysed, class| {
        analysed.model.classes[class].superclass.into_iter().collect()
    });
    Some(found)
}

/// The classes whose superclass is an item's class, across the workspace's compilations.
pub fn subtypes(workspace: &Workspace, item: &TypeHierarchyItem) -> Option<Vec<TypeHierarchyItem>> {
    let declared = declared(item)?;
    let found = related(workspace, &declared, |analysed, class| {
        let classes = analysed.model.classes.iter().enumerate();
        classes
            .filter(|(_, c)| c.superclass == Some(class))
            .map(|(id, _)| id)
            .collect()
    });
    Some(found)
}

/// The items of the classes `relatives` gives for the declared class, in every compilation that
/// has it, each once.
fn related(
    workspace: &Workspace,
    declared: &Declared,
    relatives: impl Fn(&Analysed, ClassId) -> Vec<ClassId>,
) -> Vec<TypeHierarchyItem> {
    let mut seen: HashSet<(PathBuf, String)> = HashSet::new();
    let mut found = Vec::new();
    in_each_compilation(workspace, declared, |unit, analysed, class, places| {
        for relative in relatives(analysed, class) {
            let Some(key) = analysed.declared(unit, relative) else {
                continue;
            };
            if seen.insert((key.path, key.name.to_ascii_lowercase())) {
                found.extend(item(unit, analysed, relative, places));
            }
        }
    });
    found.sort_by(|a, b| (a.uri.as_str(), &a.name).cmp(&(b.uri.as_str(), &b.name)));
    found
}

/// Calls `f` in each compilation of the workspace that has the file of the `declared` class,
/// with the compilation's unit and model, the class's id there, and one index of the files'
/// lines for all the places found in the compilation.
pub(super) fn in_each_compilation(
    workspace: &Workspace,
    declared: &Declared,
    mut f: impl for<'a> FnMut(&'a Unit, &Analysed<'a>, ClassId, &mut Places),
) {
    for compilation in workspace.compilations() {
        if compilation.unit.sources.find(&declared.path).is_none() {
            continue;
        }
        compilation.with_model(|unit, analysed| {
            if let Some(class) = analysed.class_declared(unit, declared) {
                f(
                    unit,
                    analysed,
                    class,
                    &mut Places::new(&unit.sources, workspace.encoding),
                );
            }
        });
    }
}

/// A class as a hierarchy item; `None` for a built-in class.
fn item(unit: &Unit, analysed: &Analysed, class: ClassId, places: &mut Places) -> Option<TypeHierarchyItem> {
    let declared = analysed.declared(unit, class)?;
    let decl = analysed.model.classes[class].decl;
    let file = analysed.model.classes[class].origin.file()?;
    let detail = decl.superclass.as_ref().map(|s| format!(": {}", s.text));
    Some(TypeHierarchyItem {
        name: declared.name.clone(),
        kind: SymbolKind::CLASS,
        tags: None,
        detail,
        uri: uri::from_path(&declared.path)?,
        range: places.range(file, decl.span),
        selection_range: places.range(file, decl.name.span),
        data: Some(json!({"name": declared.name, "path": declared.path})),
    })
}

/// The class an item stands for.
fn declared(item: &TypeHierarchyItem) -> Option<Declared> {
    let data = item.data.as_ref()?;
    Some(Declared {
        name: data["name"].as_str()?.to_string(),
        path: PathBuf::from(data["path"].as_str()?),
    })
}
