//! An association relates instances: it has at least two references, its own or inherited.
//! (References in ordinary classes are accepted, as WMI and DSP0004 3.0 allow.) An abstract
//! association is never instantiated, and the WMI repository accepts one without references
//! (Windows holds some, for subclasses to add them): a warning in a WMI compilation.

use crate::diag::{Code, Diagnostic};
use crate::sema::model::{Model, Origin, flag};
use crate::sema::severity::accepted_by_wmi;

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    for (_, class) in model.input_classes() {
        let Origin::File(file) = class.origin else { continue };
        if !class.is_association() || class.incomplete {
            continue;
        }
        if let Some(parent) = class.superclass.map(|s| &model.classes[s])
            && !parent.is_association()
        {
            let mut d = Diagnostic::new(
                Code::AssociationFromClass,
                file,
                class.decl.superclass.as_ref().map_or(class.decl.name.span, |s| s.span),
                format!(
                    "association `{}` derives from `{}`, which is not an association",
                    class.name(),
                    parent.name()
                ),
            )
            .with_label("not an association");
            if let Some(at) = parent.origin.file() {
                d = d.with_secondary(at, parent.decl.name.span, "declared here without `Association`");
            }
            out.push(d);
        }
        let references = class.properties.iter().filter(|p| p.is_reference()).count();
        if references < 2 {
            let d = Diagnostic::new(
                Code::AssociationReferences,
                file,
                class.decl.name.span,
                format!(
                    "association `{}` has {references} reference{}; it needs at least two",
                    class.name(),
                    if references == 1 { "" } else { "s" }
                ),
            )
            .with_label("an association relates two or more instances");
            out.push(if flag(&class.qualifiers, "Abstract") {
                accepted_by_wmi(model, d)
            } else {
                d
            });
        }
    }
}
