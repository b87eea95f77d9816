//! Document symbols: the outline of a file, from its syntax tree (qualifier declarations,
//! classes with their properties and methods, instances with the properties they set).

use std::path::Path;

use lsp_types::{DocumentSymbol, SymbolKind};

use super::position::Lines;
use super::workspace::Workspace;
use crate::source::Span;
use crate::syntax::ast::{Feature, InstanceDecl, Item};
use crate::syntax::print::{qualifier_type, type_name};

pub fn symbols(workspace: &Workspace, path: &Path) -> Vec<DocumentSymbol> {
    let Some((compilation, file)) = workspace.compilation_of(path) else {
        return Vec::new();
    };
    let lines = Lines::new(&compilation.unit.sources.get(file).text, workspace.encoding);
    let symbol = |name: String, detail: String, kind, span: Span, name_span: Span, children: Vec<DocumentSymbol>| {
        #[allow(deprecated)]
        DocumentSymbol {
            name,
            detail: (!detail.is_empty()).then_some(detail),
            kind,
            tags: None,
            deprecated: None,
            range: lines.range(span),
            selection_range: lines.range(name_span),
            children: (!children.is_empty()).then_some(children),
        }
    };
    let instance = |i: &InstanceDecl| {
        let children = i
            .properties
            .iter()
            .map(|p| {
                symbol(
                    p.name.text.to_string(),
                    String::new(),
                    SymbolKind::PROPERTY,
                    p.span,
                    p.name.span,
                    Vec::new(),
                )
            })
            .collect();
        let name = match &i.alias {
            Some(alias) => format!("instance of {} as ${}", i.class.text, alias.text),
            None => format!("instance of {}", i.class.text),
        };
        symbol(name, String::new(), SymbolKind::OBJECT, i.span, i.class.span, children)
    };
    compilation.unit.files[file.0 as usize]
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Pragma(_) => None,
            Item::Qualifier(q) => Some(symbol(
                q.name.text.to_string(),
                format!("qualifier : {}", qualifier_type(q)),
                SymbolKind::CONSTANT,
                q.span,
                q.name.span,
                Vec::new(),
            )),
            Item::Class(class) => {
                let children = class
                    .features
                    .iter()
                    .map(|feature| {
                        let (name, ty, kind, span) = match feature {
                            Feature::Property(p) => (&p.name, &p.ty, SymbolKind::PROPERTY, p.span),
                            Feature::Method(m) => (&m.name, &m.return_type, SymbolKind::METHOD, m.span),
                        };
                        symbol(name.text.to_string(), type_name(ty), kind, span, name.span, Vec::new())
                    })
                    .collect();
                let detail = class
                    .superclass
                    .as_ref()
                    .map_or(String::new(), |s| format!(": {}", s.text));
                Some(symbol(
                    class.name.text.to_string(),
                    detail,
                    SymbolKind::CLASS,
                    class.span,
                    class.name.span,
                    children,
                ))
            }
            Item::Instance(i) => Some(instance(i)),
        })
        .collect()
}
