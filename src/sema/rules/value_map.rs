//! `ValueMap` and `Values` go together entry for entry, and on an integer element every
//! `ValueMap` entry is an integer of the element's range, or a range of them (`"x..y"`,
//! `"..y"`, `"x.."`, `".."`), as DSP0004 defines. The WMI repository does not look inside
//! `ValueMap` (Windows has `ValueMap {"Recoverable", "Other"}` on a `uint8`), so a bad entry is a
//! warning in a WMI compilation.

use super::Element;
use crate::diag::{Code, Diagnostic};
use crate::sema::model::{Model, QualifierValue, find};
use crate::sema::severity::accepted_by_wmi;
use crate::source::FileId;
use crate::syntax::ast::{Intrinsic, Qualifier, Type, ValueKind};
use crate::syntax::literal::{Number, parse_number};

pub fn element(model: &Model, element: &Element, out: &mut Vec<Diagnostic>) {
    let written = |name: &str| element.written.iter().find(|q| q.name.is(name));
    let (map_written, values_written) = (written("ValueMap"), written("Values"));
    if map_written.is_none() && values_written.is_none() {
        return;
    }
    let (map, values) = (find(element.qualifiers, "ValueMap"), find(element.qualifiers, "Values"));
    if let (Some(map), Some(values)) = (map, values) {
        lengths(element, map, values, map_written.or(values_written), out);
    }
    let integer = match element.typed.map(|d| &d.ty) {
        Some(Type::Intrinsic(t, _)) => t.int_range().map(|r| (*t, r)),
        _ => None,
    };
    if let (Some(q), Some((ty, range))) = (map_written, integer) {
        entries(model, element.file, q, ty, range, out);
    }
}

fn lengths(
    element: &Element,
    map: &QualifierValue,
    values: &QualifierValue,
    at: Option<&Qualifier>,
    out: &mut Vec<Diagnostic>,
) {
    let count = |q: &QualifierValue| q.value.map_or(0, |value| value.entries().len());
    let (m, v) = (count(map), count(values));
    let Some(at) = at else { return };
    let file = element.file;
    if m == v {
        return;
    }
    let mut d = Diagnostic::new(
        Code::ValuesValueMapLength,
        file,
        at.span,
        format!("`ValueMap` has {m} entries and `Values` has {v}"),
    )
    .with_label("they must pair up entry for entry");
    for q in [map, values] {
        if !q.inherited_in(element.id) && !std::ptr::eq(q.name, &at.name) {
            d = d.with_secondary(file, q.name.span, format!("`{}` is here", q.name.text));
        }
    }
    out.push(d);
}

fn entries(
    model: &Model,
    file: FileId,
    q: &Qualifier,
    ty: Intrinsic,
    (min, max): (i128, i128),
    out: &mut Vec<Diagnostic>,
) {
    let Some(value) = &q.value else { return };
    for item in value.entries() {
        let ValueKind::String(text) = &item.kind else { continue };
        let ok = match range_ends(text) {
            Some((low, high)) => [low, high].iter().all(|e| e.is_empty() || in_range(e, min, max)),
            None => in_range(text, min, max),
        };
        if !ok {
            let d = Diagnostic::new(
                Code::InvalidValueMap,
                file,
                item.span,
                format!("`ValueMap` entry \"{text}\" is not a {} value", ty.name()),
            )
            .with_help(format!(
                "entries of an integer element are integers from {min} to {max}, or ranges such as \"1..4\""
            ));
            out.push(accepted_by_wmi(model, d));
        }
    }
}

/// The two ends of a range entry (`"x..y"`, either end may be empty), split at its first `..`.
/// Not `str::split_once("..")`, which sets up a substring search (200 instructions) for each
/// of the schema's 15,000 entries, most a few bytes long.
fn range_ends(text: &str) -> Option<(&str, &str)> {
    let at = text.as_bytes().windows(2).position(|pair| pair == b"..")?;
    Some((&text[..at], &text[at + 2..]))
}

fn in_range(text: &str, min: i128, max: i128) -> bool {
    matches!(parse_number(text.trim()), Ok(Number::Int(n)) if n >= min && n <= max)
}

#[cfg(test)]
mod tests {
    use super::range_ends;

    #[test]
    fn a_range_splits_at_its_first_two_dots() {
        assert_eq!(range_ends("1..4"), Some(("1", "4")));
        assert_eq!(range_ends(".."), Some(("", "")));
        assert_eq!(range_ends("0x8000.."), Some(("0x8000", "")));
        assert_eq!(range_ends("..7"), Some(("", "7")));
        assert_eq!(range_ends("1...2"), Some(("1", ".2")));
        assert_eq!(range_ends("é..ü"), Some(("é", "ü")));
        assert_eq!(range_ends("1.5"), None);
        assert_eq!(range_ends(""), None);
    }
}
