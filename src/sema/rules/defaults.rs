//! Default values fit their declared type and array-ness: property and parameter defaults, and
//! the defaults of qualifier declarations. (Integer ranges of property defaults are checked by
//! the parser, where the type is written next to the value.)

use super::Element;
use crate::diag::{Code, Diagnostic};
use crate::sema::model::{Model, Origin, embeds};
use crate::sema::values::{Expected, check as check_value};

pub fn element(element: &Element, out: &mut Vec<Diagnostic>) {
    let Some(decl) = element.typed else { return };
    let Some(default) = &decl.default else { return };
    let Some(expected) = Expected::of(&decl.ty, embeds(element.qualifiers)) else {
        return;
    };
    match check_value(default, expected, decl.array.is_some()) {
        Err(fault) if fault.code != Code::IntegerOutOfRange => out.push(
            Diagnostic::new(fault.code, element.file, fault.span, fault.message)
                .with_label(format!("the default of `{}`", decl.name.text))
                .with_secondary(element.file, decl.name.span, "declared here"),
        ),
        _ => {}
    }
}

/// The defaults of the input's qualifier declarations.
pub fn qualifier_declarations(model: &Model, out: &mut Vec<Diagnostic>) {
    for declared in &model.qualifiers {
        let (Origin::File(file), Some(ty), Some(default)) = (declared.origin, declared.ty, &declared.decl.default)
        else {
            continue;
        };
        if let Err(fault) = check_value(default, Expected::Intrinsic(ty), declared.array) {
            out.push(
                Diagnostic::new(fault.code, file, fault.span, fault.message)
                    .with_label(format!("the default of qualifier `{}`", declared.decl.name.text)),
            );
        }
    }
}
