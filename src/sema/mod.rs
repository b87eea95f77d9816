//! The semantic pass: rules that need the whole compilation, not one declaration.
//!
//! Each rule lives in its own module and reports through the diagnostics of the unit.

mod class_types;
mod constants;

use crate::diag::{Code, Diagnostic};
use crate::syntax::unit::Unit;

/// Whether a C header of the compilation could not be read, so that names its macros would have
/// replaced are expected to be left over (see `syntax/cpp.rs`).
fn header_missing(unit: &Unit) -> bool {
    unit.diagnostics.iter().any(|d| d.code == Code::CHeaderNotFound)
}

/// Runs every rule over a unit and returns what they found.
pub fn check(unit: &Unit) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    class_types::check(unit, &mut diagnostics);
    constants::check(unit, &mut diagnostics);
    diagnostics
}
