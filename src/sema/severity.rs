//! The severity of a diagnostic can depend on the role of the file it is in. A localization file
//! (`.mfl`: WMI's `mofcomp -MFL` output, DSC's `<locale>/X.schema.mfl`) only adds translated
//! qualifiers to classes declared elsewhere: a fault there loses translated text, but cannot
//! change a class, a property or an instance. Its errors are therefore reported as warnings, with
//! their codes unchanged, so that `--deny-warnings` still fails on them; the same fault in a
//! `.mof` file stays an error.
//!
//! It can also depend on the dialect: some faults that DSP0004 makes errors are accepted by the
//! WMI repository (which validates neither `ValueMap` entries, nor `Override` targets, nor the
//! element types of `MaxLen` and its kind), and Windows itself holds classes that have them. In a WMI
//! compilation they are warnings, codes unchanged ([`accepted_by_wmi`]).

use super::model::{Dialect, DialectChoice, Model};
use crate::diag::{Diagnostic, Severity};
use crate::source::Sources;

/// `d`, a fault the WMI repository accepts: a warning saying so in a WMI compilation, and what
/// DSP0004 makes it otherwise.
pub fn accepted_by_wmi(model: &Model, mut d: Diagnostic) -> Diagnostic {
    let choice = model.dialect();
    if choice.dialect != Dialect::Wmi || !d.is_error() {
        return d;
    }
    d.severity = Severity::Warning;
    d.message.push_str(" (the WMI repository accepts it)");
    let note = "a warning in a WMI compilation, an error in a DMTF one";
    d.help = Some(match d.help.take() {
        Some(help) => format!("{help}; {note}"),
        None => note.to_string(),
    });
    because_of_dialect(choice, d)
}

/// `d`, whose severity or wording the dialect decided, saying why the compilation has that
/// dialect: at the end of its help, and with a label at the construct that decided it.
pub fn because_of_dialect(choice: &DialectChoice, mut d: Diagnostic) -> Diagnostic {
    let because = format!("(this is a {} compilation: {})", choice.dialect.name(), choice.reason);
    d.help = Some(match d.help.take() {
        Some(help) => format!("{help} {because}"),
        None => because,
    });
    match choice.at {
        Some((file, at)) => d.with_secondary(file, at, "this makes it a WMI compilation"),
        None => d,
    }
}

/// Settles the severity of `diagnostics` (of files in `sources`) by the role of their file.
pub fn settle(sources: &Sources, diagnostics: &mut [Diagnostic]) {
    for d in diagnostics.iter_mut().filter(|d| d.is_error()) {
        let path = &sources.get(d.primary.file).path;
        if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("mfl")) {
            d.severity = Severity::Warning;
            let note = "a warning here: a localization file only adds translated text, so this loses \
                        translations but does not change the schema";
            d.help = Some(match d.help.take() {
                Some(help) => format!("{help}; {note}"),
                None => note.into(),
            });
        }
    }
}
