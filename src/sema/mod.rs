//! The semantic pass: from a compilation unit to a resolved [`Model`], and the rules that need
//! the whole compilation rather than one declaration.
//!
//! `deps.rs` first completes the unit with the files of classes it uses but does not define;
//! `resolve/` builds the model (reporting what cannot be resolved); each module of `rules/`
//! then checks one rule over the model.

mod builtin;
mod datetime;
mod deps;
mod dialect;
mod dsc;
pub mod model;
mod resolve;
mod rules;
mod severity;
mod target;
mod values;

pub use builtin::{Builtins, builtins};
pub use deps::{ClassFinder, Dependency, Schema, complete, fold};
pub use dialect::{is_wmi_construct, wmi_by_entry};
pub use model::{Dialect, Model};
pub use resolve::{DEFAULT_NAMESPACE, key_value, locale_namespace, normalize_namespace};
pub use severity::settle;
pub use values::{Expected, check as check_value};

use crate::diag::{Code, Diagnostic};
use crate::syntax::unit::Unit;

/// How a compilation is analysed.
#[derive(Debug, Clone)]
pub struct Options {
    /// The dialect, if not detected (`--dialect`).
    pub dialect: Option<Dialect>,
    /// The namespace the compilation starts in.
    pub namespace: String,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            dialect: None,
            namespace: DEFAULT_NAMESPACE.into(),
        }
    }
}

/// Whether a C header of the compilation could not be read, so that names its macros would have
/// replaced are expected to be left over (see `syntax/cpp.rs`).
fn header_missing(unit: &Unit) -> bool {
    unit.diagnostics.iter().any(|d| d.code == Code::CHeaderNotFound)
}

/// Resolves a unit and runs every rule; returns the model and what was found.
pub fn analyze<'a>(unit: &'a Unit, options: &Options) -> (Model<'a>, Vec<Diagnostic>) {
    let (model, mut diagnostics) = resolve::resolve(unit, options.dialect, &options.namespace);
    rules::check(unit, &model, &mut diagnostics);
    dsc::check(unit, &model, &mut diagnostics);
    (model, diagnostics)
}
