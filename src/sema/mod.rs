//! The semantic pass: rules that need the whole compilation, not one declaration.
//!
//! Each rule lives in its own module and reports through the diagnostics of the unit.

mod class_types;

use crate::diag::Diagnostic;
use crate::syntax::unit::Unit;

/// Runs every rule over a unit and returns what they found.
pub fn check(unit: &Unit) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    class_types::check(unit, &mut diagnostics);
    diagnostics
}
