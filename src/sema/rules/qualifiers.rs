//! Every qualifier written in the input is declared (or standard for the dialect), used within
//! its declared scope, and given a value of its declared type.
//!
//! An undeclared qualifier is an error in a DMTF compilation (a typo such as `[nokey]` must not
//! pass) and a warning in a WMI one, where mofcomp accepts any qualifier; the diagnostic says
//! which dialect was assumed and points at what decided it.

use super::{Element, ElementKind};
use crate::diag::{Code, Diagnostic};
use crate::sema::model::{Dialect, Model, Origin, QualifierType};
use crate::sema::severity::because_of_dialect;
use crate::sema::values::{Expected, check as check_value};
use crate::source::FileId;
use crate::syntax::Suggester;
use crate::syntax::ast::{Qualifier, ScopeKind, ValueKind};

/// The names of the declared qualifiers, for "did you mean" help; made once per compilation.
pub fn names<'a>(model: &Model<'a>) -> Suggester<'a> {
    Suggester::new(model.qualifiers.iter().map(|t| &*t.decl.name.text))
}

pub fn element(model: &Model, names: &Suggester, element: &Element, out: &mut Vec<Diagnostic>) {
    let scopes: &[ScopeKind] = match element.kind {
        ElementKind::Class if element.class.is_association() => &[ScopeKind::Association, ScopeKind::Class],
        ElementKind::Class if element.class.is_indication() => &[ScopeKind::Indication, ScopeKind::Class],
        ElementKind::Class => &[ScopeKind::Class],
        ElementKind::Property => &[ScopeKind::Property],
        ElementKind::Reference => &[ScopeKind::Reference, ScopeKind::Property],
        ElementKind::Method => &[ScopeKind::Method],
        ElementKind::Parameter => &[ScopeKind::Parameter],
    };
    for q in element.written {
        check_one(model, names, element.file, q, Some(scopes), out);
    }
}

/// Instances and their property values may carry qualifiers too (WMI); only their declarations
/// and values are checked there, since scopes do not name instances.
pub fn instances(model: &Model, names: &Suggester, out: &mut Vec<Diagnostic>) {
    for instance in &model.instances {
        let written = instance.decl.properties.iter().flat_map(|p| &p.qualifiers);
        for q in instance.decl.qualifiers.iter().chain(written) {
            check_one(model, names, instance.file, q, None, out);
        }
    }
}

/// DSP0004 makes a qualifier declaration name its type and scopes; mofcomp lets both go (a
/// qualifier declared without a scope may be used anywhere), so only a DMTF compilation
/// reports a declaration without them.
pub fn declarations(model: &Model, out: &mut Vec<Diagnostic>) {
    let choice = || model.dialect();
    for declared in &model.qualifiers {
        let (Some(file), decl) = (declared.origin.file(), declared.decl) else {
            continue;
        };
        if !decl.scopes.is_empty() || choice().dialect == Dialect::Wmi {
            continue;
        }
        let (message, help) = match decl.ty {
            Some(_) => (
                format!("qualifier `{}` is declared without a scope", decl.name.text),
                "add `, Scope(...)` naming where the qualifier may be used",
            ),
            None => (
                format!("qualifier `{}` is declared with flavors only", decl.name.text),
                "this is mofcomp's syntax; a DMTF declaration reads `Qualifier Name : type, Scope(...), Flavor(...)`",
            ),
        };
        let because = format!(" (this is a DMTF compilation: {})", choice().reason);
        out.push(
            Diagnostic::new(Code::MissingScope, file, decl.name.span, message)
                .with_label("no scope")
                .with_help(format!("{help}{because}")),
        );
    }
}

fn check_one(
    model: &Model,
    names: &Suggester,
    file: FileId,
    q: &Qualifier,
    scopes: Option<&[ScopeKind]>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(declared) = model.qualifier(&q.name.text) else {
        out.push(undeclared(model, names, file, q));
        return;
    };
    // mofcomp has no declarations of the qualifiers it knows, so it checks neither their scope
    // nor their type: in a WMI compilation, neither does mofc for built-in declarations.
    if declared.origin == Origin::Builtin && model.dialect().dialect == Dialect::Wmi {
        return;
    }
    if let Some(scopes) = scopes
        && !scopes.iter().any(|&s| declared.scopes.contains(s))
    {
        out.push(out_of_scope(file, q, declared, scopes[0]));
    }
    if let Some(d) = wrong_type(file, q, declared) {
        out.push(d);
    }
}

fn undeclared(model: &Model, names: &Suggester, file: FileId, q: &Qualifier) -> Diagnostic {
    // DSP0004 v3 declares `OCL`; a DMTF compilation that uses it undeclared is MOF 3.0 (mofcomp
    // accepts it as it accepts any qualifier).
    if q.name.is("OCL") && model.dialect().dialect == Dialect::Dmtf {
        return Diagnostic::new(
            Code::Mof3,
            file,
            q.name.span,
            "the `OCL` qualifier is MOF 3.0 (DSP0004 v3), which mofc does not support yet",
        )
        .with_label("MOF 3.0")
        .with_help("its constraints are not checked; declare `OCL` in the compilation to use it as a MOF 2 qualifier");
    }
    let choice = model.dialect();
    let wmi = choice.dialect == Dialect::Wmi;
    let code = if wmi {
        Code::UndeclaredQualifierWmi
    } else {
        Code::UndeclaredQualifier
    };
    let d = Diagnostic::new(
        code,
        file,
        q.name.span,
        format!("qualifier `{}` is not declared", q.name.text),
    )
    .with_label("neither declared in the compilation nor a standard qualifier");
    let d = match names.suggestion(&q.name.text) {
        Some(close) => d.with_suggestion(close, close.guess(file, q.name.span, &q.name.text)),
        None => d.with_help(format!(
            "declare it with `Qualifier {}: boolean, Scope(...)`",
            q.name.text
        )),
    };
    because_of_dialect(choice, d)
}

fn out_of_scope(file: FileId, q: &Qualifier, declared: &QualifierType, scope: ScopeKind) -> Diagnostic {
    let allowed: Vec<&str> = declared.decl.scopes.iter().map(|&(s, _)| scope_name(s)).collect();
    let d = Diagnostic::new(
        Code::QualifierScope,
        file,
        q.name.span,
        format!("qualifier `{}` cannot be used on a {}", q.name.text, scope_name(scope)),
    )
    .with_label(format!("its scope is {}", allowed.join(", ")));
    with_declaration(d, declared)
}

/// A value that does not fit the qualifier's declared type. A scalar given to an array
/// qualifier counts as a one-element array, as the peers read it.
fn wrong_type(file: FileId, q: &Qualifier, declared: &QualifierType) -> Option<Diagnostic> {
    let ty = declared.ty?;
    let fault = match &q.value {
        // A bare flag is `true` for a boolean qualifier; mofcomp and pywbem read a bare
        // qualifier of another type as its default.
        None => return None,
        Some(value) => {
            let array = declared.array && matches!(value.kind, ValueKind::Array(_));
            check_value(value, Expected::Intrinsic(ty), array).err()?
        }
    };
    let code = if fault.code == Code::ValueType {
        Code::QualifierType
    } else {
        fault.code
    };
    let kind = if declared.array {
        format!("{}[]", ty.name())
    } else {
        ty.name().to_string()
    };
    let d = Diagnostic::new(
        code,
        file,
        fault.span,
        format!("qualifier `{}` is of type {kind}: {}", q.name.text, fault.message),
    )
    .with_label("this value");
    Some(with_declaration(d, declared))
}

fn with_declaration(d: Diagnostic, declared: &QualifierType) -> Diagnostic {
    match declared.origin.file() {
        Some(file) => d.with_secondary(file, declared.decl.span, "declared here"),
        None => d,
    }
}

fn scope_name(scope: ScopeKind) -> &'static str {
    ScopeKind::ALL
        .iter()
        .find(|&&(_, s)| s == scope)
        .map_or("element", |&(n, _)| n)
}
