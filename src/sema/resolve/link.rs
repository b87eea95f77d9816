//! Links each class to the classes it names (superclass, reference targets, embedded instance
//! classes) in the class graph, reports the names nothing defines, and breaks inheritance cycles
//! after naming every class in them.

use petgraph::algo::tarjan_scc;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeFiltered;

use super::Resolver;
use crate::diag::{Code, Diagnostic};
use crate::sema::model::{ClassId, Dialect, Edge, Origin};
use crate::sema::severity::because_of_dialect;
use crate::sema::target;
use crate::source::FileId;
use crate::syntax::ast::{Feature, Intrinsic, Name, PropertyDecl, Qualifier, Type, ValueKind};
use crate::syntax::{Suggester, suggest};

pub fn run(cx: &mut Resolver) {
    for id in 0..cx.model.classes.len() {
        let class = &cx.model.classes[id];
        let (decl, origin, namespace) = (class.decl, class.origin, class.namespace);
        if let Some(name) = &decl.superclass {
            match cx.model.class(namespace, &name.text) {
                Some(superclass) => {
                    cx.model.classes[id].superclass = Some(superclass);
                    cx.model.graph.add_edge(node(id), node(superclass), Edge::Inherits);
                }
                None => undefined(cx, origin, name, "superclass"),
            }
        }
        for feature in &decl.features {
            match feature {
                Feature::Property(p) => typed(cx, id, origin, p),
                Feature::Method(m) => {
                    type_edge(cx, id, origin, &m.return_type);
                    embedded_instance(cx, id, origin, &m.qualifiers);
                    m.params.iter().for_each(|p| typed(cx, id, origin, p));
                }
            }
        }
        embedded_instance(cx, id, origin, &decl.qualifiers);
    }
    break_cycles(cx);
}

fn node(id: ClassId) -> NodeIndex {
    NodeIndex::new(id)
}

fn typed(cx: &mut Resolver, id: ClassId, origin: Origin, decl: &PropertyDecl) {
    type_edge(cx, id, origin, &decl.ty);
    embedded_instance(cx, id, origin, &decl.qualifiers);
}

fn type_edge(cx: &mut Resolver, id: ClassId, origin: Origin, ty: &Type) {
    let namespace = cx.model.classes[id].namespace;
    let (name, edge) = match ty {
        Type::Ref(name) => (name, Edge::References),
        Type::Class(name) => (name, Edge::Embeds),
        _ => return,
    };
    match cx.model.class(namespace, &name.text) {
        Some(target) => {
            cx.model.graph.add_edge(node(id), node(target), edge);
        }
        None if edge == Edge::Embeds => unknown_type(cx, origin, name),
        None => undefined(cx, origin, name, "reference's class"),
    }
}

/// `EmbeddedInstance("C")` names a class too.
fn embedded_instance(cx: &mut Resolver, id: ClassId, origin: Origin, qualifiers: &[Qualifier]) {
    let namespace = cx.model.classes[id].namespace;
    for q in qualifiers.iter().filter(|q| q.name.is("EmbeddedInstance")) {
        let Some(value) = &q.value else { continue };
        let ValueKind::String(class) = &value.kind else {
            continue;
        };
        match cx.model.class(namespace, class) {
            Some(target) => {
                cx.model.graph.add_edge(node(id), node(target), Edge::Embeds);
            }
            None => {
                let name = Name {
                    text: class.clone(),
                    span: value.span,
                };
                undefined(cx, origin, &name, "embedded instance's class");
            }
        }
    }
}

/// Reports a class name that nothing defines (unless it is in a built-in file, which is
/// checked by its own tests). In a WMI compilation, a class that the target machine has is
/// assumed to be there instead.
pub fn undefined(cx: &mut Resolver, origin: Origin, name: &Name, role: &str) {
    let Origin::File(file) = origin else { return };
    if assumed(cx, file, name) {
        return;
    }
    let mut d = Diagnostic::new(
        Code::UndefinedClass,
        file,
        name.span,
        format!("the {role} `{}` is not defined", name.text),
    )
    .with_label("no class of this name in the compilation, the search path or the built-in classes");
    let classes = &cx.model.classes;
    let names = cx
        .class_names
        .get_or_insert_with(|| Suggester::new(classes.iter().map(|c| c.name())));
    match names.suggestion(&name.text) {
        Some(close) => d = d.with_suggestion(close, close.guess(file, name.span, &name.text)),
        None => {
            d.help = Some(format!(
                "declare it, include the file that does, or put `{}.mof` in a folder given with `-I`",
                name.text
            ))
        }
    }
    cx.push(d);
}

/// Whether `name` is a class the target machine of a WMI compilation has (see `target.rs`);
/// the first use of each is reported, as a warning.
fn assumed(cx: &mut Resolver, file: FileId, name: &Name) -> bool {
    let Some(source) = target::provides(&name.text) else {
        return false;
    };
    let choice = cx.model.dialect();
    if choice.dialect != Dialect::Wmi {
        return false;
    }
    if cx.assumed.insert(name.text.to_ascii_lowercase()) {
        let d = Diagnostic::new(
            Code::AssumedOnTarget,
            file,
            name.span,
            format!(
                "`{}` is not in this compilation; {source}, so mofc assumes it is there",
                name.text
            ),
        )
        .with_label("assumed to be on the target machine")
        .with_help(
            "what it declares is not checked (inherited members, overrides of them, keys); give its MOF with `-I` to check them",
        );
        let d = because_of_dialect(choice, d);
        cx.push(d);
    }
    true
}

/// A class name used as a data type that names no class: a misspelt intrinsic type, most often.
fn unknown_type(cx: &mut Resolver, origin: Origin, name: &Name) {
    let Origin::File(file) = origin else { return };
    if assumed(cx, file, name) {
        return;
    }
    if cx.header_missing {
        let message = format!(
            "type `{}` is not defined here; it probably comes from a C header that was not found",
            name.text
        );
        let d = Diagnostic::new(Code::FromMissingHeader, file, name.span, message).with_label("not checked");
        cx.push(d);
        return;
    }
    let intrinsic: Vec<&str> = Intrinsic::ALL.iter().map(|(n, _)| *n).collect();
    let d = Diagnostic::new(
        Code::UnknownType,
        file,
        name.span,
        format!("unknown data type `{}`", name.text),
    )
    .with_label("neither a data type nor a class of this compilation");
    let d = match suggest(&name.text, &intrinsic) {
        Some(s) => d.with_suggestion(format_args!("the data type {s}"), s.fix(file, name.span, &name.text)),
        None => d.with_help(format!(
            "a property's type is one of {}, `ClassName REF` for a reference, or the name of a class for an embedded instance",
            intrinsic.join(", ")
        )),
    };
    cx.push(d);
}

/// Reports each inheritance cycle once, naming all its classes, and cuts it so that the rest of
/// the resolution can walk up the tree without looping.
fn break_cycles(cx: &mut Resolver) {
    let inheritance = EdgeFiltered::from_fn(&cx.model.graph, |e| *e.weight() == Edge::Inherits);
    let cycles: Vec<Vec<ClassId>> = tarjan_scc(&inheritance)
        .into_iter()
        .filter(|scc| scc.len() > 1 || cx.model.classes[scc[0].index()].superclass == Some(scc[0].index()))
        .map(|scc| scc.into_iter().map(|n| n.index()).collect())
        .collect();
    for mut cycle in cycles {
        cycle.sort_unstable();
        let names: Vec<&str> = cycle.iter().map(|&c| cx.model.classes[c].name()).collect();
        let first = &cx.model.classes[cycle[0]];
        if let Origin::File(file) = first.origin {
            let at = first.decl.superclass.as_ref().map_or(first.decl.name.span, |s| s.span);
            let mut d = Diagnostic::new(
                Code::InheritanceCycle,
                file,
                at,
                format!("inheritance cycle: {} -> {}", names.join(" -> "), names[0]),
            )
            .with_label("this superclass closes the cycle");
            for &c in &cycle[1..] {
                let class = &cx.model.classes[c];
                if let (Origin::File(f), Some(s)) = (class.origin, &class.decl.superclass) {
                    d = d.with_secondary(f, s.span, format!("`{}` derives from `{}`", class.name(), s.text));
                }
            }
            cx.push(d);
        }
        for c in cycle {
            cx.model.classes[c].superclass = None;
        }
    }
}
