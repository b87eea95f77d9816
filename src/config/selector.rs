//! Naming sets of diagnostic codes in `mofc.toml`: one code (`W0304`), every code that starts
//! with a prefix (`W03`: the semantic warnings; `E`: every error), or `ALL`. Codes are numbered
//! by stage (`E00` files, `E01` tokens, `E02` syntax, `E03` semantics), so a prefix is a group.
//!
//! Some codes are beyond configuration: an error in reading a file, a token or the syntax leaves
//! no declaration to build the model from, so pretending it is not there would only hide why the
//! model lacks it. Those codes are [`fixed`].

use crate::diag::{CODES, Code, Severity};

/// A set of codes: every code whose id starts with `prefix` (upper case; empty for `ALL`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    prefix: String,
}

impl Selector {
    /// Every code.
    pub fn all() -> Selector {
        Selector { prefix: String::new() }
    }

    /// Reads `ALL`, a code or a code prefix, in any letter case; `None` if it names no code.
    pub fn parse(text: &str) -> Option<Selector> {
        let prefix = text.trim().to_ascii_uppercase();
        if prefix == "ALL" {
            return Some(Selector::all());
        }
        let selector = Selector { prefix };
        (!selector.prefix.is_empty() && CODES.iter().any(|info| selector.matches(info.code))).then_some(selector)
    }

    pub fn matches(&self, code: Code) -> bool {
        code.id().starts_with(&self.prefix)
    }

    /// How precisely it names a code: where selectors disagree, the more precise one wins
    /// (`ignore = ["W"]` with `select = ["W0304"]` keeps W0304).
    pub fn precision(&self) -> usize {
        self.prefix.len()
    }

    /// Whether every code it names is [`fixed`], so that configuring it could change nothing.
    pub fn only_fixed(&self) -> bool {
        CODES
            .iter()
            .filter(|info| self.matches(info.code))
            .all(|info| fixed(info.code))
    }
}

impl std::fmt::Display for Selector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.prefix.is_empty() { "ALL" } else { &self.prefix })
    }
}

/// Whether a code is beyond configuration and suppression: the errors of reading files (`E00`),
/// tokens (`E01`) and syntax (`E02`). Warnings in those ranges are not fixed.
pub fn fixed(code: Code) -> bool {
    let info = code.info();
    info.severity == Severity::Error && matches!(&info.id[..3], "E00" | "E01" | "E02")
}

/// The most precise of `selectors` that names `code`, as its precision.
pub fn best_match<'a>(selectors: impl IntoIterator<Item = &'a Selector>, code: Code) -> Option<usize> {
    selectors
        .into_iter()
        .filter(|s| s.matches(code))
        .map(Selector::precision)
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_prefixes_and_all() {
        let w03 = Selector::parse("w03").unwrap();
        assert!(w03.matches(Code::UndeclaredQualifierWmi));
        assert!(!w03.matches(Code::UndeclaredQualifier));
        assert_eq!(w03.to_string(), "W03");
        assert!(Selector::parse(" ALL ").unwrap().matches(Code::SyntaxError));
        assert_eq!(Selector::parse("W0304").unwrap().precision(), 5);
        assert_eq!(Selector::parse("X1"), None);
        assert_eq!(Selector::parse("W9"), None);
        assert_eq!(Selector::parse(""), None);
    }

    #[test]
    fn reading_token_and_syntax_errors_are_fixed() {
        assert!(fixed(Code::SyntaxError));
        assert!(fixed(Code::IncludeNotFound));
        assert!(fixed(Code::InvalidEscape));
        assert!(!fixed(Code::UndeclaredQualifier));
        assert!(!fixed(Code::DuplicateFlavor));
        assert!(Selector::parse("E02").unwrap().only_fixed());
        assert!(!Selector::parse("E").unwrap().only_fixed());
    }
}
