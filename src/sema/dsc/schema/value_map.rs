//! A DSC property's `ValueMap` and `Values` come together and agree.
//!
//! What it checks, on each property of the resource class:
//!
//! - `ValueMap` without `Values`, or `Values` without `ValueMap`: an error at the one given;
//! - lists of different lengths: an error (this replaces the general warning W0314 there);
//! - on a `string` property, lists that differ: an error at the first entry that differs;
//! - on an integer property, a `ValueMap` entry that is not a number of the property's type: an
//!   error at the entry (ranges such as `"1..4"`, which CIM allows, are not numbers to DSC; this
//!   replaces the general E0315 there);
//! - an entry given twice in one list: a warning at the second.
//!
//! Why: DSC shows `Values` as the allowed values of a configuration and passes the matching
//! `ValueMap` entry to the module, which checks it against its `ValidateSet`; for a string
//! property the two must be the same set. `Test-xDscSchema` fails with
//! `ValueMapValuesPairError` and `ValueMapTypeMismatch`.
//!
//! Example:
//!
//! ```mof
//! [Write, ValueMap{"Present","Absent"}, Values{"Present","Gone"}] string Ensure;   // DSC109
//! [Write, ValueMap{"1","two"}, Values{"One","Two"}] uint32 Level;                 // DSC109
//! [Write, ValueMap{"Present","Absent"}, Values{"Present","Absent"}] string Ensure; // good
//! ```

use std::collections::HashSet;

use super::{Schema, strings, written};
use crate::diag::{Code, Diagnostic, Severity};
use crate::source::Span;
use crate::syntax::ast::{Intrinsic, PropertyDecl, Qualifier, Type};
use crate::syntax::literal::{Number, parse_number};

pub fn check(schema: &Schema, out: &mut Vec<Diagnostic>) {
    let mapped: Vec<_> = schema
        .resource_properties()
        .into_iter()
        .filter(|p| written(&p.qualifiers, "ValueMap").is_some() || written(&p.qualifiers, "Values").is_some())
        .collect();
    // The general rules' findings on these properties are this rule's, stated for DSC: taken
    // out in one pass over the diagnostics, each found among the properties by binary search.
    let mut spans: Vec<Span> = mapped.iter().map(|p| p.span).collect();
    spans.sort_by_key(|span| span.start);
    out.retain(|d| {
        let general = matches!(d.code, Code::ValuesValueMapLength | Code::InvalidValueMap);
        !(general && d.primary.file == schema.file && within(&spans, d.primary.span))
    });
    for property in mapped {
        let map = written(&property.qualifiers, "ValueMap");
        let values = written(&property.qualifiers, "Values");
        let file = schema.file;
        let name = &property.name.text;
        let mut report = |span: Span, message: String, label: &str| {
            out.push(Diagnostic::new(Code::DscValueMap, file, span, message).with_label(label));
        };
        let (map, values) = match (map, values) {
            (Some(map), Some(values)) => (map, values),
            (Some(given), None) | (None, Some(given)) => {
                let other = if given.name.is("ValueMap") {
                    "Values"
                } else {
                    "ValueMap"
                };
                report(
                    given.name.span,
                    format!("property `{name}` has `{}` without `{other}`", given.name.text),
                    "DSC needs both, entry for entry",
                );
                continue;
            }
            (None, None) => continue,
        };
        let (map_items, value_items) = (strings(map), strings(values));
        for list in [&map_items, &value_items] {
            duplicates(schema, name, list, out);
        }
        if map_items.len() != value_items.len() {
            out.push(
                Diagnostic::new(
                    Code::DscValueMap,
                    file,
                    map.name.span,
                    format!(
                        "`ValueMap` of `{name}` has {} entries and `Values` has {}",
                        map_items.len(),
                        value_items.len()
                    ),
                )
                .with_label("they must pair up entry for entry")
                .with_secondary(file, values.name.span, "`Values` is here"),
            );
            continue;
        }
        match element_type(property) {
            Some(Intrinsic::String) => {
                let differs = map_items.iter().zip(&value_items).find(|(m, v)| m.0 != v.0);
                if let Some((m, v)) = differs {
                    out.push(
                        Diagnostic::new(
                            Code::DscValueMap,
                            file,
                            v.1,
                            format!(
                                "`Values` of string property `{name}` has \"{}\" where `ValueMap` has \"{}\"",
                                v.0, m.0
                            ),
                        )
                        .with_label("differs from its `ValueMap` entry")
                        .with_secondary(file, m.1, "the `ValueMap` entry")
                        .with_help("on a string property DSC needs the same list in both"),
                    );
                }
            }
            Some(ty) => {
                if let Some((min, max)) = ty.int_range() {
                    numbers(schema, name, map, ty, (min, max), out);
                }
            }
            None => {}
        }
    }
}

/// The intrinsic type of a property's values (of each element for an array).
fn element_type(property: &PropertyDecl) -> Option<Intrinsic> {
    match property.ty {
        Type::Intrinsic(ty, _) => Some(ty),
        _ => None,
    }
}

/// Each `ValueMap` entry of an integer property converts to its type, as PowerShell casts it.
fn numbers(
    schema: &Schema,
    name: &str,
    map: &Qualifier,
    ty: Intrinsic,
    (min, max): (i128, i128),
    out: &mut Vec<Diagnostic>,
) {
    for (entry, span) in strings(map) {
        let fits = matches!(parse_number(entry.trim()), Ok(Number::Int(n)) if (min..=max).contains(&n));
        if !fits {
            out.push(
                Diagnostic::new(
                    Code::DscValueMap,
                    schema.file,
                    span,
                    format!("`ValueMap` entry \"{entry}\" of `{name}` is not a {} value", ty.name()),
                )
                .with_label(format!("DSC casts each entry to {}", ty.name()))
                .with_help(format!("give numbers from {min} to {max}; the names go in `Values`")),
            );
        }
    }
}

/// An entry given twice in one list.
fn duplicates(schema: &Schema, name: &str, list: &[(&str, Span)], out: &mut Vec<Diagnostic>) {
    let mut seen = HashSet::new();
    for (entry, span) in list {
        if !seen.insert(*entry) {
            out.push(Diagnostic::with_severity(
                Diagnostic::new(
                    Code::DscValueMap,
                    schema.file,
                    *span,
                    format!("\"{entry}\" is listed twice for `{name}`"),
                )
                .with_label("a duplicate entry"),
                Severity::Warning,
            ));
        }
    }
}

/// Whether `span` is inside one of `spans` (sorted by start, not overlapping).
fn within(spans: &[Span], span: Span) -> bool {
    let after = spans.partition_point(|s| s.start <= span.start);
    after.checked_sub(1).is_some_and(|i| span.end <= spans[i].end)
}
