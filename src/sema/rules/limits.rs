//! `MinValue` / `MaxValue` belong on numeric elements, with limits inside the type's range;
//! `MinLen` / `MaxLen` on strings. A default value, and a value an instance gives a property,
//! must respect the limits in force (written on the element or inherited). The WMI repository
//! does not check which elements carry the limits (Windows has `MaxLen` on integers), so a
//! limit on the wrong type is a warning in a WMI compilation.

use std::cmp::Ordering;

use super::Element;
use crate::diag::{Code, Diagnostic};
use crate::sema::model::{Model, QualifierValue, find};
use crate::sema::severity::accepted_by_wmi;
use crate::source::FileId;
use crate::syntax::ast::{Intrinsic, Type, Value, ValueKind};

pub fn element(model: &Model, element: &Element, out: &mut Vec<Diagnostic>) {
    let Some(decl) = element.typed else { return };
    let ty = match decl.ty {
        Type::Intrinsic(t, _) => Some(t),
        _ => None,
    };
    // Datetime intervals have limits too (the CIM Schema gives `MinValue` to durations).
    let numeric = ty.is_some_and(|t| {
        t.int_range().is_some() || matches!(t, Intrinsic::Real32 | Intrinsic::Real64 | Intrinsic::Datetime)
    });
    // On an array the length limits count elements (WMI), on strings characters.
    let measurable = ty == Some(Intrinsic::String) || decl.array.is_some();
    // `MaxLen(NULL)` sets no limit.
    let limits = element
        .written
        .iter()
        .filter(|q| q.value.as_ref().is_none_or(|v| v.kind != ValueKind::Null));
    for q in limits {
        let (applies, what) = if q.name.is("MinValue") || q.name.is("MaxValue") {
            (numeric, "numeric")
        } else if q.name.is("MinLen") || q.name.is("MaxLen") {
            (measurable, "string or array")
        } else {
            continue;
        };
        if !applies {
            let d = Diagnostic::new(
                Code::QualifierNotForType,
                element.file,
                q.name.span,
                format!(
                    "`{}` applies to {what} elements, and `{}` is not one",
                    q.name.text, decl.name.text
                ),
            )
            .with_secondary(element.file, decl.ty.span(), "its type");
            out.push(accepted_by_wmi(model, d));
            continue;
        }
        let (
            Some(t),
            Some(Value {
                kind: ValueKind::Int(n),
                span,
            }),
        ) = (ty, &q.value)
        else {
            continue;
        };
        if let Some((min, max)) = t.int_range().filter(|&(min, max)| n.get() < min || n.get() > max) {
            let d = Diagnostic::new(
                Code::QualifierNotForType,
                element.file,
                *span,
                format!("limit {n} is outside the range of {}, {min} to {max}", t.name()),
            );
            out.push(accepted_by_wmi(model, d));
        }
    }
    if let Some(default) = &decl.default {
        let subject = format!("the default of `{}`", decl.name.text);
        let file = element.file;
        within_limits(
            file,
            &subject,
            element.qualifiers,
            default,
            &|q| (!q.inherited_in(element.id)).then_some(file),
            out,
        );
    }
}

/// The values instances give properties, against the limits of the properties.
pub fn instances(model: &Model, out: &mut Vec<Diagnostic>) {
    for instance in &model.instances {
        let Some(class) = instance.class.map(|c| &model.classes[c]) else {
            continue;
        };
        for pv in &instance.decl.properties {
            let (Some(value), Some(property)) = (&pv.value, class.property(&pv.name.text)) else {
                continue;
            };
            let subject = format!("the value of `{}`", pv.name.text);
            let limit_file = |q: &QualifierValue| model.classes[q.from()].origin.file();
            within_limits(instance.file, &subject, &property.qualifiers, value, &limit_file, out);
        }
    }
}

/// Checks a value (each item of an array) against the limits in force; `limit_file` says
/// where a limit is written, when it can be pointed at.
fn within_limits(
    file: FileId,
    subject: &str,
    qualifiers: &[QualifierValue],
    value: &Value,
    limit_file: &dyn Fn(&QualifierValue) -> Option<FileId>,
    out: &mut Vec<Diagnostic>,
) {
    let limit = |name: &str| -> Option<(Amount, &QualifierValue)> {
        let q = find(qualifiers, name)?;
        Some((Amount::of(&q.value?.kind)?, q))
    };
    for item in value.entries() {
        let (number, length) = match &item.kind {
            ValueKind::String(s) => (None, Some(Amount::Int(s.chars().count() as i128))),
            kind => (Amount::of(kind), None),
        };
        let checks = [
            ("MinValue", number, Ordering::Less, "below"),
            ("MaxValue", number, Ordering::Greater, "above"),
            ("MinLen", length, Ordering::Less, "shorter than"),
            ("MaxLen", length, Ordering::Greater, "longer than"),
        ];
        for (name, actual, outside, words) in checks {
            let (Some(actual), Some((bound, q))) = (actual, limit(name)) else {
                continue;
            };
            if actual.compare(bound) == Some(outside) {
                let mut d = Diagnostic::new(
                    Code::ConstraintViolated,
                    file,
                    item.span,
                    format!("{subject} is {words} its {name} of {bound}"),
                )
                .with_label(format!("{name} is {bound}"));
                if let Some(at) = limit_file(q) {
                    d = d.with_secondary(at, q.name.span, "the limit");
                }
                out.push(d);
            }
        }
    }
}

/// A number to compare with a limit: integers exactly (an `f64` cannot tell 2^63 - 1 from
/// 2^63), reals as reals.
#[derive(Debug, Clone, Copy)]
enum Amount {
    Int(i128),
    Real(f64),
}

impl Amount {
    fn of(kind: &ValueKind) -> Option<Amount> {
        match *kind {
            ValueKind::Int(n) => Some(Amount::Int(n.get())),
            ValueKind::Real(r) => Some(Amount::Real(r)),
            _ => None,
        }
    }

    fn compare(self, other: Amount) -> Option<Ordering> {
        match (self, other) {
            (Amount::Int(a), Amount::Int(b)) => Some(a.cmp(&b)),
            (a, b) => a.real().partial_cmp(&b.real()),
        }
    }

    fn real(self) -> f64 {
        match self {
            Amount::Int(n) => n as f64,
            Amount::Real(r) => r,
        }
    }
}

impl std::fmt::Display for Amount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Amount::Int(n) => write!(f, "{n}"),
            Amount::Real(r) => write!(f, "{r}"),
        }
    }
}
