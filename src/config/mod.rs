//! Project configuration: `mofc.toml` (what to compile, how, and which diagnostics to report at
//! what severity) and inline suppression comments.
//!
//! `file.rs` reads the file, `selector.rs` names sets of codes, `policy.rs` holds the reporting
//! rules and `suppress.rs` the comments. [`apply`] puts them to work on a compilation's
//! diagnostics, once their severity by file role is settled (`sema::settle`); the command line
//! and the language server call it at the same point.

mod file;
mod policy;
mod selector;
mod suppress;

pub use file::{FILE_NAME, FileError, find, load, parse};
pub use policy::Policy;
pub use selector::fixed;

use std::collections::HashMap;
use std::path::PathBuf;

use selector::best_match;
use suppress::Suppressions;

use crate::diag::Diagnostic;
use crate::sema::{self, Dialect};
use crate::syntax::unit::Unit;

/// A `mofc.toml`, read. Paths are relative to the current folder (the file's folder joined).
#[derive(Debug, Clone)]
pub struct Config {
    /// Where it was read from.
    pub path: PathBuf,
    /// What a bare `mofc check` compiles.
    pub files: Vec<PathBuf>,
    /// Searched after the `-I` folders of the command line: `include-dirs`, then
    /// `dsc-module-path`.
    pub include_dirs: Vec<PathBuf>,
    /// The schema every compilation resolves against, after `--schema`.
    pub schema: Vec<PathBuf>,
    pub namespace: Option<String>,
    pub dialect: Option<Dialect>,
    pub deny_warnings: bool,
    /// What folder walks leave out (`exclude`, `extend-exclude`).
    pub exclude: crate::source::Exclude,
    pub policy: Policy,
    /// Where `mofc check` keeps its result cache (`cache-dir`), instead of `.mofc_cache` here.
    pub cache_dir: Option<PathBuf>,
    /// The file's text as read: what the command line's result cache keys its entries with.
    pub text: String,
}

/// Every diagnostic of a compilation as it is reported, the one way `mofc check` and the
/// language server both take: the semantic pass's and the front end's (`unit.diagnostics`),
/// severities settled by file role ([`sema::settle`]), then [`apply`] on them all at once, since
/// a suppression comment is unused only when nothing in the whole compilation needed it.
pub fn reported(unit: &Unit, mut semantic: Vec<Diagnostic>, policy: &Policy) -> Vec<Diagnostic> {
    semantic.extend_from_slice(&unit.diagnostics);
    sema::settle(&unit.sources, &mut semantic);
    apply(policy, unit, &mut semantic);
    // A fix made for a token that a macro wrote would edit the macro's use instead.
    for d in &mut semantic {
        if d.fix.as_ref().is_some_and(|fix| !fix.holds(&unit.sources)) {
            d.fix = None;
        }
    }
    semantic
}

/// Applies `policy` and the suppression comments of `unit` to its `diagnostics`: drops those
/// not selected, ignored in their file or suppressed by a comment, sets configured severities,
/// and adds what is wrong with the comments (W0401, W0402). Reading, token and syntax errors
/// ([`fixed`]) pass untouched.
///
/// Unused suppressions are not reported in a compilation with such errors: the declarations they
/// break are not checked, so a comment may be right and still have had nothing to silence.
pub fn apply(policy: &Policy, unit: &Unit, diagnostics: &mut Vec<Diagnostic>) {
    let mut suppressions = Suppressions::read(unit);
    // Per-file ignores are looked up once per file.
    let mut per_file = HashMap::new();
    let mut reported = |d: &Diagnostic| {
        policy.selects(d.code)
            && !per_file
                .entry(d.primary.file)
                .or_insert_with(|| policy.per_file.for_file(&unit.sources.get(d.primary.file).path))
                .iter()
                .any(|&codes| best_match(codes, d.code).is_some())
    };
    diagnostics.retain(|d| fixed(d.code) || (reported(d) && !suppressions.silences(d)));
    let broken = diagnostics.iter().any(|d| fixed(d.code));
    let mut found = suppressions.findings(!broken);
    found.retain(|d| reported(d));
    diagnostics.extend(found);
    // A severity set by the file's role (`sema::settle`) stands: the override is for the code.
    for d in diagnostics
        .iter_mut()
        .filter(|d| !fixed(d.code) && d.severity == d.code.info().severity)
    {
        if let Some(severity) = policy.severity(d.code) {
            d.severity = severity;
        }
    }
}
