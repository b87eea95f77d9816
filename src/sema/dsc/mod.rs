//! PowerShell DSC: the rules of `../shared/spec/dsc.md`, in three groups with codes of their own
//! (`DSC1xx`, `DSC2xx`, `DSC3xx`), one file per rule with its explanation at the top.
//!
//! - `schema/`: a resource schema (`<Name>.schema.mof`) on its own, as `Test-xDscSchema` checks it;
//! - `module/`: the schema against its module (`<Name>.psm1` beside it), as `Test-xDscResource`;
//! - `document/`: a compiled configuration document (`instance of OMI_ConfigurationDocument`), as
//!   the Local Configuration Manager will read it.
//!
//! Each group decides for itself whether a compilation is its business, so a compilation that is
//! not DSC costs a look at its file names and classes, nothing more.

mod document;
mod module;
mod schema;

use super::model::Model;
use crate::diag::Diagnostic;
use crate::syntax::unit::Unit;

/// Runs every DSC rule that applies to the compilation.
pub fn check(unit: &Unit, model: &Model, out: &mut Vec<Diagnostic>) {
    schema::check(unit, model, out);
    module::check(unit, model, out);
    document::check(unit, model, out);
}
