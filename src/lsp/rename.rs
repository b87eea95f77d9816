//! Rename (`textDocument/prepareRename`, `textDocument/rename`) of a class, a property, a
//! qualifier or an alias, in every file of the workspace's compilations.
//!
//! - A class: its declaration, superclass clauses, `REF` and embedded types,
//!   `EmbeddedInstance("...")` strings, `instance of`.
//! - A property, by the class that first declares it: its redeclarations down the inheritance
//!   tree, the `Override("...")` strings of its overrides, and the instances that set it.
//! - A qualifier: its declaration and every use.
//! - An alias: where it is defined (`as $x`) and used (`$x`), in the compilations of the file
//!   (the new name given with or without its `$`).
//!
//! What mofc knows by name is refused with a reason: a built-in class or qualifier, or a
//! declaration in the input of the same name (a standard qualifier such as `Key`, a DSC base
//! class), as are methods, parameters and names not declared anywhere. The new name must be one
//! MOF identifier (keywords are refused) that names nothing of the same kind already.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use logos::Logos;
use lsp_types::{Position, PrepareRenameResponse, TextEdit, Uri, WorkspaceEdit};

use super::kept::{Analysed, Declared};
use super::locate::{Cursor, Node, Owner, inside_quotes, visit_unit};
use super::position::Places;
use super::references;
use super::workspace::{Compilation, Workspace};
use crate::sema::builtins;
use crate::sema::model::ClassId;
use crate::source::{FileId, Span};
use crate::syntax::ast::{PropertyDecl, ValueKind};
use crate::syntax::token::Tok;
use crate::syntax::unit::Unit;

/// What a rename is of, by names and the file of its declaration, so that every compilation of
/// the workspace can find it in its own model.
#[derive(Debug, Clone)]
enum Target {
    Class(Declared),
    /// A property, by the class that first declares it.
    Property {
        origin: Declared,
        name: String,
    },
    Qualifier(Declared),
    Alias(String),
}

impl Target {
    fn kind(&self) -> &'static str {
        match self {
            Target::Class(_) => "class",
            Target::Property { .. } => "property",
            Target::Qualifier(_) => "qualifier",
            Target::Alias(_) => "alias",
        }
    }

    /// A name of the target's kind as the source writes it: an alias with its `$`.
    fn written(&self, name: &str) -> String {
        match self {
            Target::Alias(_) => format!("${name}"),
            _ => name.to_string(),
        }
    }

    /// The target's name (an alias's without its `$`).
    fn name(&self) -> &str {
        match self {
            Target::Class(d) | Target::Qualifier(d) => &d.name,
            Target::Property { name, .. } | Target::Alias(name) => name,
        }
    }
}

/// The name under the cursor and its range, if it can be renamed; `Ok(None)` where the cursor is
/// on no name; the reason where it is on one that cannot be renamed.
pub fn prepare(
    workspace: &Workspace,
    path: &Path,
    position: Position,
) -> Result<Option<PrepareRenameResponse>, String> {
    let Some((cursor, target, span)) = at(workspace, path, position)? else {
        return Ok(None);
    };
    let mut places = Places::new(&cursor.compilation.unit.sources, workspace.encoding);
    Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: places.range(cursor.file, span),
        placeholder: target.written(target.name()),
    }))
}

/// The edits that rename what is under the cursor to `new_name`, in every file of the
/// workspace's compilations; the reason where it cannot be renamed, or not to that name.
pub fn rename(
    workspace: &Workspace,
    path: &Path,
    position: Position,
    new_name: &str,
) -> Result<Option<WorkspaceEdit>, String> {
    let Some((cursor, target, _)) = at(workspace, path, position)? else {
        return Ok(None);
    };
    let new_name = valid_name(&target, new_name)?;
    let new_text = target.written(new_name);
    let mut found: BTreeSet<(PathBuf, u32, u32)> = BTreeSet::new();
    // The type `WorkspaceEdit` asks for; a `Uri`'s lazily parsed parts never change its hash.
    #[allow(clippy::mutable_key_type)]
    let mut edits: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    let in_cursor_file = |c: &Compilation| c.unit.sources.find(path).is_some();
    for compilation in workspace.compilations() {
        if matches!(target, Target::Alias(_)) && !in_cursor_file(compilation) {
            continue;
        }
        let spans = compilation.with_model(|unit, analysed| {
            if !std::ptr::eq(compilation, cursor.compilation) && !mentions(unit, target.name()) {
                return Ok::<_, String>(Vec::new());
            }
            clash(unit, analysed, &target, new_name)?;
            Ok(places(unit, analysed, &target))
        })?;
        let mut places = Places::new(&compilation.unit.sources, workspace.encoding);
        for (file, span) in spans {
            let file_path = &compilation.unit.sources.get(file).path;
            if !found.insert((file_path.clone(), span.start, span.end)) {
                continue;
            }
            if let Some(location) = places.at(file, span) {
                edits.entry(location.uri).or_default().push(TextEdit {
                    range: location.range,
                    new_text: new_text.clone(),
                });
            }
        }
    }
    for list in edits.values_mut() {
        list.sort_by_key(|e| (e.range.start.line, e.range.start.character));
    }
    Ok(Some(WorkspaceEdit {
        changes: Some(edits),
        ..Default::default()
    }))
}

/// Whether any file of a unit has `name` in its text (in any letter case): a compilation that
/// has not cannot refer to it, and is not analysed for a rename.
fn mentions(unit: &Unit, name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    unit.sources
        .iter()
        .any(|(_, file)| file.text.to_ascii_lowercase().contains(&name))
}

/// The cursor, what it is on, and the span of the name there.
type Found<'w> = (Cursor<'w>, Target, Span);

/// What the cursor is on, as a rename target, with the span of the name.
fn at<'w>(workspace: &'w Workspace, path: &Path, position: Position) -> Result<Option<Found<'w>>, String> {
    let Some(cursor) = Cursor::new(workspace, path, position) else {
        return Ok(None);
    };
    let Some((node, span)) = cursor.node_and_span() else {
        return Ok(None);
    };
    let compilation = cursor.compilation;
    let target = compilation.with_model(|unit, analysed| target(unit, analysed, node))?;
    Ok(Some((cursor, target, span)))
}

/// The rename target a node names, or why it cannot be renamed.
fn target(unit: &Unit, analysed: &Analysed, node: Node) -> Result<Target, String> {
    let (model, decls) = (&analysed.model, analysed.decls());
    let user_class = |id: Option<ClassId>, name: &str| -> Result<Declared, String> {
        let Some(id) = id else {
            return Err(format!("class `{name}` is not declared in the workspace"));
        };
        let class = &model.classes[id];
        // A built-in class has no file, so no `Declared`.
        match analysed.declared(unit, id) {
            Some(declared) if builtins().class(class.name()).is_none() => Ok(declared),
            _ => Err(format!(
                "`{}` is a class built into mofc (known by its name), and cannot be renamed",
                class.name()
            )),
        }
    };
    let property = |class: Option<ClassId>, name: &str| -> Result<Target, String> {
        let property = class.and_then(|c| model.classes[c].property(name));
        let Some(property) = property else {
            return Err(format!("property `{name}` is not declared in the workspace"));
        };
        let origin = &model.classes[property.class_origin];
        let origin = user_class(Some(property.class_origin), origin.name())
            .map_err(|_| format!("`{name}` is a property of `{}`, built into mofc", origin.name()))?;
        Ok(Target::Property {
            origin,
            name: property.decl.name.text.to_string(),
        })
    };
    match node {
        Node::Class(decl) => Ok(Target::Class(user_class(decls.class_of(decl), &decl.name.text)?)),
        Node::ClassUse { name, owner } => Ok(Target::Class(user_class(decls.class_named(model, owner, name), name)?)),
        Node::Property { class, decl } => property(decls.class_of(class), &decl.name.text),
        Node::InstanceProperty { instance, value } => property(
            decls.class_named(model, Owner::Instance(instance), &instance.class.text),
            &value.name.text,
        ),
        Node::Qualifier(q) => qualifier(unit, analysed, &q.name.text),
        Node::QualifierDecl(decl) => qualifier(unit, analysed, &decl.name.text),
        Node::Alias { name, .. } => Ok(Target::Alias(name.to_string())),
        Node::Method { .. } | Node::Parameter { .. } => {
            Err("mofc renames classes, properties, qualifiers and aliases, not methods or parameters".into())
        }
        Node::Include { .. } => Err("an included file is not renamed from here".into()),
    }
}

fn qualifier(unit: &Unit, analysed: &Analysed, name: &str) -> Result<Target, String> {
    let Some(declared) = analysed.model.qualifier(name) else {
        return Err(format!("qualifier `{name}` is not declared in the workspace"));
    };
    let known = builtins().qualifiers().any(|(q, _)| q.name.is(name));
    let Some(file) = declared.origin.file().filter(|_| !known) else {
        return Err(format!(
            "`{}` is a qualifier mofc knows by its name, and cannot be renamed",
            declared.decl.name.text
        ));
    };
    Ok(Target::Qualifier(Declared {
        name: declared.decl.name.text.to_string(),
        path: unit.sources.get(file).path.clone(),
    }))
}

/// The new name, checked: one MOF identifier, not a keyword (an alias's may start with `$`).
fn valid_name<'n>(target: &Target, new_name: &'n str) -> Result<&'n str, String> {
    let name = match target {
        Target::Alias(_) => new_name.strip_prefix('$').unwrap_or(new_name),
        _ => new_name,
    };
    let mut tokens = Tok::lexer(name);
    match (tokens.next(), tokens.next()) {
        (Some(Ok(Tok::Ident(ident))), None) if ident == name => Ok(name),
        (Some(Ok(_)), None) if name.chars().all(|c| c.is_ascii_alphabetic()) => {
            Err(format!("`{name}` is a MOF keyword, not a name for a {}", target.kind()))
        }
        _ => Err(format!(
            "`{new_name}` is not a MOF identifier (a letter or `_`, then letters, digits or `_`)"
        )),
    }
}

/// The reason the rename would clash with what a unit declares already.
fn clash(unit: &Unit, analysed: &Analysed, target: &Target, new_name: &str) -> Result<(), String> {
    let model = &analysed.model;
    let same = new_name.eq_ignore_ascii_case(target.name());
    if same {
        return Ok(());
    }
    let exists = |what: &str| Err(format!("a {what} named `{new_name}` exists already"));
    match target {
        Target::Class(_) => {
            if model.classes.iter().any(|c| c.decl.name.is(new_name)) {
                return exists("class");
            }
        }
        Target::Property { origin, .. } => {
            let Some(origin) = analysed.class_declared(unit, origin) else {
                return Ok(());
            };
            for (id, class) in model.classes.iter().enumerate() {
                let related = model.derives_from(id, origin) || model.derives_from(origin, id);
                if related && (class.property(new_name).is_some() || class.methods.get(new_name).is_some()) {
                    return Err(format!(
                        "class `{}` has a property or method named `{new_name}` already",
                        class.name()
                    ));
                }
            }
        }
        Target::Qualifier(_) => {
            if model.qualifier(new_name).is_some() {
                return exists("qualifier");
            }
        }
        Target::Alias(_) => {
            let mut taken = false;
            visit_unit(unit, |_, node, _| {
                taken |= matches!(node, Node::Alias { name, defines: true } if name.eq_ignore_ascii_case(new_name));
            });
            if taken {
                return exists("alias");
            }
        }
    }
    Ok(())
}

/// Every place of a unit that names the target, by file: its references, and the names in the
/// `Override("...")` strings of a property's overrides.
fn places(unit: &Unit, analysed: &Analysed, target: &Target) -> Vec<(FileId, Span)> {
    let (model, decls) = (&analysed.model, analysed.decls());
    let Some(wanted) = in_unit(unit, analysed, target) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    visit_unit(unit, |file, node, span| {
        if references::matches(model, decls, &wanted, node).is_some() {
            found.push((file, span));
        }
        if let (&references::Target::Property { origin, name }, Node::Property { class, decl }) = (&wanted, node)
            && decls.class_of(class).is_some_and(|c| model.derives_from(c, origin))
        {
            found.extend(overrides(decl, name).map(|span| (file, span)));
        }
    });
    found
}

/// The target as a unit's references know it: its classes by their ids; nothing where the unit
/// does not declare it (another class or qualifier of the same name in another file).
fn in_unit<'t>(unit: &Unit, analysed: &Analysed, target: &'t Target) -> Option<references::Target<'t>> {
    Some(match target {
        Target::Class(declared) => references::Target::Class(analysed.class_declared(unit, declared)?),
        Target::Property { origin, name } => references::Target::Property {
            origin: analysed.class_declared(unit, origin)?,
            name,
        },
        Target::Qualifier(declared) => {
            let q = analysed.model.qualifier(&declared.name)?;
            let here = q.origin.file().map(|f| &unit.sources.get(f).path);
            if here != Some(&declared.path) {
                return None;
            }
            references::Target::Qualifier(&declared.name)
        }
        Target::Alias(name) => references::Target::Alias(name),
    })
}

/// The spans of the names inside a property's `Override("name")` strings that name `name`.
fn overrides<'d>(decl: &'d PropertyDecl, name: &'d str) -> impl Iterator<Item = Span> + 'd {
    decl.qualifiers
        .iter()
        .filter(|q| q.name.is("Override"))
        .filter_map(move |q| {
            let value = q.value.as_ref()?;
            match &value.kind {
                ValueKind::String(s) if s.eq_ignore_ascii_case(name) => Some(inside_quotes(value.span)),
                _ => None,
            }
        })
}
