//! A DSC schema is stored as ASCII, without a byte order mark.
//!
//! What it checks, on a `<Name>.schema.mof` file as it was stored:
//!
//! - a UTF-8 byte order mark (`EF BB BF`): a warning;
//! - UTF-16 (with its byte order mark): a note;
//! - a character beyond ASCII in a UTF-8 file without a byte order mark: a note at the first.
//!
//! Why: `Test-xDscSchema` refuses a schema that starts with a UTF-8 byte order mark
//! (`SchemaEncodingNotSupportedError`: "use Unicode or ASCII"), while UTF-16 and ASCII pass;
//! DscResource.Test's file formatting tests, run in the CI of every DSC community module, ask
//! `.mof` files to be ASCII and text files to have no byte order mark. A schema that is ASCII
//! reads the same in every encoding.
//!
//! Example: a schema saved by an editor as "UTF-8 with BOM" starts with the bytes
//! `EF BB BF` before `[ClassVersion(...)]` (DSC115). Save it as ASCII (UTF-8 without BOM, with
//! no character beyond ASCII).
//!
//! An editor's buffer carries no byte order mark, so the language server reports the first
//! two cases only for files that are not open.

use super::Schema;
use crate::diag::{Code, Diagnostic, Severity};
use crate::source::{Encoding, Span};

pub fn check(schema: &Schema, out: &mut Vec<Diagnostic>) {
    let start = Span::new(0, schema.text.chars().next().map_or(0, char::len_utf8));
    let d = match schema.encoding {
        Encoding::Utf8Bom => Diagnostic::with_severity(
            Diagnostic::new(
                Code::DscEncoding,
                schema.file,
                start,
                "this DSC schema starts with a UTF-8 byte order mark",
            )
            .with_label("xDSCResourceDesigner refuses a schema saved as UTF-8 with BOM")
            .with_help("save it as ASCII (UTF-8 without BOM)"),
            Severity::Warning,
        ),
        Encoding::Utf16Le | Encoding::Utf16Be => Diagnostic::with_severity(
            Diagnostic::new(
                Code::DscEncoding,
                schema.file,
                start,
                "this DSC schema is stored as UTF-16",
            )
            .with_label("DscResource.Test asks `.mof` files to be ASCII")
            .with_help("save it as ASCII (UTF-8 without BOM)"),
            Severity::Note,
        ),
        Encoding::Utf8 => {
            let Some((at, c)) = schema.text.char_indices().find(|(_, c)| !c.is_ascii()) else {
                return;
            };
            Diagnostic::with_severity(
                Diagnostic::new(
                    Code::DscEncoding,
                    schema.file,
                    Span::new(at, at + c.len_utf8()),
                    format!("this DSC schema has a character beyond ASCII (U+{:04X})", u32::from(c)),
                )
                .with_label("the first character beyond ASCII")
                .with_help("DscResource.Test asks `.mof` files to be ASCII"),
                Severity::Note,
            )
        }
    };
    out.push(d);
}
