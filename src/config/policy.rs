//! Which diagnostics are reported, and how severe they are: the `[lint]` table of `mofc.toml`.

use std::path::{Path, PathBuf};

use globset::GlobSet;

use super::selector::{Selector, best_match};
use crate::diag::{Code, Severity};

/// The reporting rules of a project. The default reports every code at its own severity.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Codes reported (`[lint] select`).
    pub(super) select: Vec<Selector>,
    /// Codes not reported (`[lint] ignore`).
    pub(super) ignore: Vec<Selector>,
    /// Severity overrides (`[lint.severity]`).
    pub(super) severity: Vec<(Selector, Severity)>,
    pub(super) per_file: PerFileIgnores,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            select: vec![Selector::all()],
            ignore: Vec::new(),
            severity: Vec::new(),
            per_file: PerFileIgnores::default(),
        }
    }
}

/// Codes not reported in some files (`[lint.per-file-ignores]`): glob `i` of `globs` ignores
/// `codes[i]` in the files it matches, by their path relative to `root` (the folder of
/// `mofc.toml`).
#[derive(Debug, Clone, Default)]
pub struct PerFileIgnores {
    pub(super) root: PathBuf,
    pub(super) globs: GlobSet,
    pub(super) codes: Vec<Vec<Selector>>,
}

impl PerFileIgnores {
    /// The codes ignored in the file at `path` (canonical), one list per glob that matches it.
    pub fn for_file(&self, path: &Path) -> Vec<&[Selector]> {
        if self.globs.is_empty() {
            return Vec::new();
        }
        let relative = path.strip_prefix(&self.root).unwrap_or(path);
        self.globs
            .matches(relative)
            .into_iter()
            .map(|i| self.codes[i].as_slice())
            .collect()
    }
}

impl Policy {
    /// Whether `code` is reported at all: by the most precise of `select` and `ignore` that
    /// names it, `ignore` winning a tie.
    pub fn selects(&self, code: Code) -> bool {
        match (best_match(&self.select, code), best_match(&self.ignore, code)) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(select), Some(ignore)) => select > ignore,
        }
    }

    /// The severity configured for `code`, by the most precise selector that names it.
    pub fn severity(&self, code: Code) -> Option<Severity> {
        self.severity
            .iter()
            .filter(|(s, _)| s.matches(code))
            .max_by_key(|(s, _)| s.precision())
            .map(|&(_, severity)| severity)
    }
}
