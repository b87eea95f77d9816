//! A bare name where a value belongs is what a C macro leaves behind when it was never defined
//! (`MaxLen(MAX_ISCSI_NAME_LEN)`). It is an error, unless a C header of the compilation could
//! not be read: then the name most likely comes from it, and the value is only warned about.

use crate::diag::{Code, Diagnostic};
use crate::source::FileId;
use crate::syntax::ast::{Feature, InstanceDecl, Item, Qualifier, Value, ValueKind};
use crate::syntax::unit::Unit;

pub fn check(unit: &Unit, out: &mut Vec<Diagnostic>) {
    let header_missing = crate::sema::header_missing(unit);
    let mut report = |file: FileId, value: &Value| {
        let ValueKind::Constant(name) = &value.kind else { return };
        out.push(if header_missing {
            Diagnostic::new(
                Code::FromMissingHeader,
                file,
                name.span,
                format!(
                    "`{}` is not defined here; it probably comes from a C header that was not found",
                    name.text
                ),
            )
            .with_label("not checked")
        } else {
            Diagnostic::new(
                Code::UndefinedConstant,
                file,
                name.span,
                format!("`{}` is not a value", name.text),
            )
            .with_label("a name, where a literal, alias, array or instance belongs")
            .with_help("quote it if it is text, or `#define` it if it is a macro")
        });
    };
    for (file, item) in unit.items() {
        let mut visit = |value: &Value| each_value(value, &mut |v| report(file, v));
        match item {
            Item::Class(class) => {
                qualifier_values(&class.qualifiers, &mut visit);
                for feature in &class.features {
                    match feature {
                        Feature::Property(p) => {
                            qualifier_values(&p.qualifiers, &mut visit);
                            p.default.as_deref().into_iter().for_each(&mut visit);
                        }
                        Feature::Method(m) => {
                            qualifier_values(&m.qualifiers, &mut visit);
                            for param in &m.params {
                                qualifier_values(&param.qualifiers, &mut visit);
                                param.default.as_deref().into_iter().for_each(&mut visit);
                            }
                        }
                    }
                }
            }
            Item::Instance(instance) => instance_values(instance, &mut visit),
            Item::Qualifier(decl) => decl.default.iter().for_each(&mut visit),
            Item::Pragma(_) => {}
        }
    }
}

fn qualifier_values(qualifiers: &[Qualifier], visit: &mut impl FnMut(&Value)) {
    qualifiers.iter().filter_map(|q| q.value.as_ref()).for_each(visit);
}

fn instance_values(instance: &InstanceDecl, visit: &mut impl FnMut(&Value)) {
    qualifier_values(&instance.qualifiers, visit);
    for property in &instance.properties {
        qualifier_values(&property.qualifiers, visit);
        property.value.iter().for_each(&mut *visit);
    }
}

/// Calls `f` on a value and on every value inside it (array items, embedded instances).
fn each_value(value: &Value, f: &mut impl FnMut(&Value)) {
    f(value);
    match &value.kind {
        ValueKind::Array(items) => items.iter().for_each(|v| each_value(v, f)),
        ValueKind::Instance(instance) => instance_values(instance, &mut |v| each_value(v, f)),
        _ => {}
    }
}
