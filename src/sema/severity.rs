//! The severity of a diagnostic can depend on the role of the file it is in. A localization file
//! (`.mfl`: WMI's `mofcomp -MFL` output, DSC's `<locale>/X.schema.mfl`) only adds translated
//! qualifiers to classes declared elsewhere: a fault there loses translated text, but cannot
//! change a class, a property or an instance. Its errors are therefore reported as warnings, with
//! their codes unchanged, so that `--deny-warnings` still fails on them; the same fault in a
//! `.mof` file stays an error.

use crate::diag::{Diagnostic, Severity};
use crate::source::Sources;

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
