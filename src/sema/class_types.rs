//! A class name used as a data type (WMI and OMI embedded objects) must name a class of the
//! compilation. This is also how a misspelt intrinsic type (`int32`) is caught, so the message
//! suggests the closest intrinsic type as well as the closest class.

use std::collections::HashSet;

use crate::diag::{Code, Diagnostic};
use crate::syntax::ast::{Feature, Intrinsic, Type};
use crate::syntax::suggest;
use crate::syntax::unit::Unit;

pub fn check(unit: &Unit, out: &mut Vec<Diagnostic>) {
    let header_missing = super::header_missing(unit);
    let classes: HashSet<String> = unit.classes().map(|(_, c)| c.name.text.to_ascii_lowercase()).collect();
    for (file, class) in unit.classes() {
        for feature in &class.features {
            let types: Vec<&Type> = match feature {
                Feature::Property(p) => vec![&p.ty],
                Feature::Method(m) => std::iter::once(&m.return_type)
                    .chain(m.params.iter().map(|p| &p.ty))
                    .collect(),
            };
            for ty in types {
                let Type::Class(name) = ty else { continue };
                if classes.contains(&name.text.to_ascii_lowercase()) {
                    continue;
                }
                if header_missing {
                    out.push(
                        Diagnostic::new(
                            Code::FromMissingHeader,
                            file,
                            name.span,
                            format!(
                                "type `{}` is not defined here; it probably comes from a C header that was not found",
                                name.text
                            ),
                        )
                        .with_label("not checked"),
                    );
                    continue;
                }
                let intrinsic: Vec<&str> = Intrinsic::ALL.iter().map(|(n, _)| *n).collect();
                let help = match suggest(&name.text, &intrinsic) {
                    Some(s) => format!("did you mean the data type `{s}`?"),
                    None => format!(
                        "a property's type is one of {}, `ClassName REF` for a reference, or the name of a class for an embedded instance",
                        intrinsic.join(", ")
                    ),
                };
                out.push(
                    Diagnostic::new(
                        Code::UnknownType,
                        file,
                        name.span,
                        format!("unknown data type `{}`", name.text),
                    )
                    .with_label("neither a data type nor a class of this compilation")
                    .with_help(help),
                );
            }
        }
    }
}
