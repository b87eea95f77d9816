//! "Did you mean" help: the known name closest to an unknown one.
//!
//! A known name is suggested when it is within `max(1, min(2, len / 3))` edits of the unknown
//! one (Levenshtein distance, ignoring ASCII case; `len` is the known name's length): one edit
//! for names of up to five characters, two for longer ones. The closest wins, and among equally
//! close ones the first known. Names three or more edits away are not suggested: they are rarely
//! what was meant, and finding them has no known way that is cheaper than comparing every pair.
//!
//! Comparing each unknown name with every known one would cost (unknown names × known names):
//! over a minute for 30,000 classes with distinct missing superclasses. So the known names are
//! indexed once (per compilation and kind of name, on the first lookup) by their deletion
//! variants, as SymSpell does: two names within `d` edits become equal after deleting at most
//! `d` characters from each (a substitution deletes on both sides, an insertion or deletion on
//! one). A lookup computes the unknown name's own variants (deleting up to two characters), takes
//! the known names that share one, and measures only those. Its cost depends on the name's
//! length and the few names that near it, not on how many names there are.
//!
//! The index costs a few hundred hash insertions per known name, as much as comparing with every
//! name some dozens of times; a compilation with one misspelt class (the language server checks
//! one after every edit) would pay that for nothing. So the first lookups compare with every
//! name, and the index is built only once they have compared as many pairs as it costs. Both
//! ways give the same suggestion.

use std::borrow::Cow;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use rustc_hash::FxHashMap;

use crate::diag::{Applicability, Edit, Fix};
use crate::source::{FileId, Span};

/// The most edits a suggestion may be away.
const MAX_EDITS: usize = 2;

/// The longest name (in characters) looked up or suggested. A name's variants with two
/// characters deleted are as many as the square of its length: a file that declared one class
/// of 20,000 characters took 93 s and 18 GB to index, and comparing two long names costs the
/// product of their lengths. A name of more than 64 characters misspelt is not suggested.
const MAX_LEN: usize = 64;

/// How many lookups compare with every known name before the index is built.
const LOOKUPS_BEFORE_INDEX: usize = 32;

/// Known names, indexed for [`Suggester::closest`] when it is first asked. Shared between
/// threads, as the rules share the model.
pub struct Suggester<'a> {
    known: Vec<&'a str>,
    index: OnceLock<Index>,
    /// Lookups made without the index.
    lookups: AtomicUsize,
}

struct Index {
    /// Key of a deletion variant (see [`keys`]) -> positions in `known` of the names that have it.
    variants: FxHashMap<u64, Vec<u32>>,
    /// The known names in lower case.
    lower: Vec<Vec<char>>,
}

impl<'a> Suggester<'a> {
    pub fn new(known: impl IntoIterator<Item = &'a str>) -> Self {
        Suggester {
            known: known.into_iter().filter(|k| k.chars().count() <= MAX_LEN).collect(),
            index: OnceLock::new(),
            lookups: AtomicUsize::new(0),
        }
    }

    /// The known name closest to `name`, if one is close enough (see the module's comment).
    pub fn closest(&self, name: &str) -> Option<&'a str> {
        self.suggestion(name).map(|s| s.name)
    }

    /// As [`closest`](Self::closest), saying also whether it is the only name close enough.
    pub fn suggestion(&self, name: &str) -> Option<Suggestion<'a>> {
        let name = lower(name);
        if name.len() > MAX_LEN {
            return None;
        }
        let index = match self.index.get() {
            Some(index) => index,
            None if self.lookups.fetch_add(1, Ordering::Relaxed) < LOOKUPS_BEFORE_INDEX => {
                return self.nearest(&name, 0..self.known.len() as u32, |i| Cow::Owned(lower(self.known[i])));
            }
            None => self.index.get_or_init(|| self.build()),
        };
        let mut candidates: Vec<u32> = Vec::new();
        for key in keys(&name, MAX_EDITS, Side::Lookup) {
            candidates.extend(index.variants.get(&key).into_iter().flatten());
        }
        candidates.sort_unstable();
        candidates.dedup();
        self.nearest(&name, candidates, |i| Cow::Borrowed(&index.lower[i]))
    }

    /// The closest of the `candidates` (positions in `known`, whose lower-case forms `lower`
    /// gives) to `name`, if one is close enough; the first of equally close ones.
    fn nearest<'c>(
        &self,
        name: &[char],
        candidates: impl IntoIterator<Item = u32>,
        lower: impl Fn(usize) -> Cow<'c, [char]>,
    ) -> Option<Suggestion<'a>> {
        let mut best: Option<(usize, u32)> = None;
        let mut others = false;
        for i in candidates {
            let known = self.known[i as usize];
            let within = allowed_edits(known);
            // Cheap to rule out before the case is folded.
            if known.chars().count().abs_diff(name.len()) > within {
                continue;
            }
            let Some(d) = edit_distance(name, &lower(i as usize), within) else {
                continue;
            };
            match best {
                // The same name known twice (in two namespaces) is one candidate.
                Some((_, b)) if known.eq_ignore_ascii_case(self.known[b as usize]) => {}
                Some(_) => others = true,
                None => {}
            }
            if best.is_none_or(|b| (d, i) < b) {
                best = Some((d, i));
            }
        }
        best.map(|(_, i)| Suggestion {
            name: self.known[i as usize],
            only: !others,
        })
    }

    fn build(&self) -> Index {
        let mut index = Index {
            variants: FxHashMap::default(),
            lower: self.known.iter().map(|k| lower(k)).collect(),
        };
        for (i, known) in self.known.iter().enumerate() {
            for key in keys(&index.lower[i], allowed_edits(known), Side::Known) {
                index.variants.entry(key).or_default().push(i as u32);
            }
        }
        index
    }
}

/// A known name close to an unknown one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Suggestion<'a> {
    /// The closest, the first of equally close ones.
    pub name: &'a str,
    /// Whether no other known name is close enough: then the suggestion is no guess among
    /// several, and a fix may take it without asking (`Applicability::Safe`).
    pub only: bool,
}

/// The name in backticks, as a "did you mean" help names it ([`Diagnostic::with_suggestion`]).
impl std::fmt::Display for Suggestion<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}`", self.name)
    }
}

impl Suggestion<'_> {
    /// The fix that writes the suggestion in place of the unknown name `written` at `span`, for
    /// names from a closed list (data types, scopes, flavors, a class's properties): safe when
    /// no other name is as likely.
    pub fn fix(self, file: FileId, span: Span, written: &str) -> Fix {
        let applicability = if self.only {
            Applicability::Safe
        } else {
            Applicability::Unsafe
        };
        Fix::new(
            applicability,
            format!("Replace with `{}`", self.name),
            vec![Edit::rename(file, span, written, self.name)],
        )
    }

    /// As [`fix`](Self::fix), always unsafe: for names of things that may not be written yet
    /// (classes, qualifiers, aliases), where the unknown name may be the right one.
    pub fn guess(self, file: FileId, span: Span, written: &str) -> Fix {
        Fix {
            applicability: Applicability::Unsafe,
            ..self.fix(file, span, written)
        }
    }
}

/// The closest of a few `known` names (a fixed list such as the flavors or the data types).
pub fn suggest<'a>(name: &str, known: &[&'a str]) -> Option<Suggestion<'a>> {
    Suggester::new(known.iter().copied()).suggestion(name)
}

/// How many edits away from `known` a suggestion of it may be.
fn allowed_edits(known: &str) -> usize {
    (known.len() / 3).clamp(1, MAX_EDITS)
}

fn lower(name: &str) -> Vec<char> {
    name.chars().map(|c| c.to_ascii_lowercase()).collect()
}

/// The keys of a name's deletion variants (up to `edits`, at most 2, characters deleted) as
/// the index files them and lookups ask for them. Variants with two deletions pair with any
/// variant of up to one deletion, but with each other only when the same positions were
/// deleted: names of equal length that are two edits apart either differ in two places (the
/// same two positions deleted from both give the same string) or have a character moved (one
/// deletion from each). Without the positions, `Basse985` would share `base98` with the hundred
/// names `Base98xx` and their like, most of them three or four edits away.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Known,
    Lookup,
}

fn keys(name: &[char], edits: usize, side: Side) -> Vec<u64> {
    let mut out = Vec::new();
    variants(name, edits, |hash, deleted| {
        let plain = mix(hash, 0);
        let two_deleted = mix(hash, 1);
        match (deleted, side) {
            (None | Some((_, None)), Side::Known) => out.push(plain),
            (Some((i, Some(j))), Side::Known) => out.extend([two_deleted, mix(mix(hash, 2 + i as u64), j as u64)]),
            (None | Some((_, None)), Side::Lookup) => out.extend([plain, two_deleted]),
            (Some((i, Some(j))), Side::Lookup) => out.extend([plain, mix(mix(hash, 2 + i as u64), j as u64)]),
        }
    });
    out.sort_unstable();
    out.dedup();
    out
}

fn mix(hash: u64, with: u64) -> u64 {
    (hash ^ with.wrapping_mul(0x9e37_79b9_7f4a_7c15)).wrapping_mul(0xff51_afd7_ed55_8ccd)
}

/// Calls `found` with the hash of each string made by deleting up to `edits` (at most 2)
/// characters of `name`, and the positions deleted. Equal hashes from different strings only
/// add a candidate, which is measured.
fn variants(name: &[char], edits: usize, mut found: impl FnMut(u64, Option<(usize, Option<usize>)>)) {
    // Polynomial hashes of the prefixes, so that each variant's hash is a few operations.
    const BASE: u64 = 0x100_0000_01b3;
    let n = name.len();
    let mut prefix = vec![0u64; n + 1];
    let mut power = vec![1u64; n + 1];
    for (i, &c) in name.iter().enumerate() {
        prefix[i + 1] = prefix[i].wrapping_mul(BASE).wrapping_add(u64::from(c) + 1);
        power[i + 1] = power[i].wrapping_mul(BASE);
    }
    let part = |from: usize, to: usize| prefix[to].wrapping_sub(prefix[from].wrapping_mul(power[to - from]));
    let join = |left: u64, right_from: usize, right_to: usize| {
        left.wrapping_mul(power[right_to - right_from])
            .wrapping_add(part(right_from, right_to))
    };
    let with_length = |hash: u64, len: usize| mix(hash, len as u64);
    found(with_length(prefix[n], n), None);
    if edits >= 1 {
        for (i, &before) in prefix[..n].iter().enumerate() {
            found(with_length(join(before, i + 1, n), n - 1), Some((i, None)));
        }
    }
    if edits >= 2 {
        for (i, &before) in prefix[..n].iter().enumerate() {
            for j in i + 1..n {
                let left = join(before, i + 1, j);
                found(with_length(join(left, j + 1, n), n - 2), Some((i, Some(j))));
            }
        }
    }
}

/// The edit distance between `a` and `b` if it is at most `within`. Many candidates share a
/// variant with a name and are further (`Base9811` and `Basse985`: three edits), so the rows
/// stop as soon as every cell is beyond `within`.
fn edit_distance(a: &[char], b: &[char], within: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > within {
        return None;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        let mut least = row[0];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
            least = least.min(row[j + 1]);
        }
        if least > within {
            return None;
        }
    }
    Some(row[b.len()]).filter(|&d| d <= within)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_longer_than_64_characters_are_neither_suggested_nor_looked_up() {
        let long = "A".repeat(64);
        let longer = "A".repeat(65);
        let known = [long.as_str(), longer.as_str(), "Name"];
        let name = |name: &str| suggest(name, &known).map(|s| s.name);
        assert_eq!(name(&"A".repeat(63)), Some(long.as_str()));
        assert_eq!(name(&format!("{longer}B")), None);
        assert_eq!(name(&format!("{}B", "A".repeat(63))), Some(long.as_str()));
        // A long unknown name is not measured against anything.
        assert_eq!(name(&"Nam".repeat(100_000)), None);
    }

    #[test]
    fn suggestions() {
        let name = |name, known: &[&'static str]| suggest(name, known).map(|s| s.name);
        assert_eq!(name("int32", &["uint32", "sint32", "string"]), Some("uint32"));
        assert_eq!(name("ToSubClas", &["ToSubclass", "Restricted"]), Some("ToSubclass"));
        assert_eq!(name("banana", &["uint32", "string"]), None);
    }

    #[test]
    fn a_suggestion_is_the_only_one_when_no_other_name_is_close_enough() {
        let types = ["uint8", "uint16", "uint32", "string", "sint32"];
        let only = |name| suggest(name, &types).map(|s| (s.name, s.only));
        assert_eq!(only("strng"), Some(("string", true)));
        // One edit from `uint8`, two from `uint16`: the closer, but a guess.
        assert_eq!(only("uint"), Some(("uint8", false)));
        assert_eq!(only("int32"), Some(("uint32", false)));
        // The same name known twice (in two namespaces) is one candidate.
        assert_eq!(
            Suggester::new(["T_Base", "t_base"]).suggestion("T_Bse"),
            Some(Suggestion {
                name: "T_Base",
                only: true
            })
        );
    }

    #[test]
    fn closest_first_and_within_the_allowed_edits() {
        let known = ["CIM_Processor", "CIM_Process", "Key", "Keys", "Win32_Process"];
        let names = Suggester::new(known);
        // One edit from CIM_Process, two from CIM_Processor: the closer wins.
        assert_eq!(names.closest("cim_proces"), Some("CIM_Process"));
        // Equally close: the first known.
        assert_eq!(Suggester::new(["Kex", "Key"]).closest("Kez"), Some("Kex"));
        assert_eq!(names.closest("Ke"), Some("Key"));
        // Transposition is two edits, allowed for a name of six or more.
        assert_eq!(names.closest("Win32_Porcess"), Some("Win32_Process"));
        // Three edits: too far, however long the name.
        assert_eq!(names.closest("Win32_Pro"), None);
        // Two edits from a name of five or fewer: too far.
        assert_eq!(names.closest("Kx"), None);
        // Non-ASCII names are compared by characters.
        assert_eq!(Suggester::new(["Größe_Ä"]).closest("größe_a"), Some("Größe_Ä"));
    }

    #[test]
    fn the_index_suggests_what_comparing_with_every_name_does() {
        let known: Vec<String> = (0..300).map(|i| format!("Base{}", i * 7)).collect();
        let names = Suggester::new(known.iter().map(String::as_str));
        for i in 0..200 {
            for unknown in [
                format!("Basse{i}"),
                format!("bsae{i}"),
                format!("Bas{i}x"),
                format!("B{i}"),
            ] {
                let by_comparing = suggest(&unknown, &known.iter().map(String::as_str).collect::<Vec<_>>());
                assert_eq!(names.suggestion(&unknown), by_comparing, "{unknown}");
            }
        }
        assert!(names.index.get().is_some());
    }

    #[test]
    fn variants_are_the_deletions() {
        let hashes = |s: &str, edits: usize| {
            let mut out = Vec::new();
            variants(&lower(s), edits, |hash, _| out.push(hash));
            out.sort_unstable();
            out.dedup();
            out
        };
        let mut expected: Vec<u64> = ["abca", "bca", "aca", "aba", "abc", "ca", "ba", "bc", "aa", "ac", "ab"]
            .into_iter()
            .flat_map(|s| hashes(s, 0))
            .collect();
        expected.sort_unstable();
        expected.dedup();
        assert_eq!(hashes("abca", 2), expected);
    }

    #[test]
    fn two_edits_of_every_kind_are_found() {
        // Two substitutions, a moved character, an insertion and a substitution, two
        // insertions, two deletions.
        for (known, name) in [
            ("Processor", "Prucessar"),
            ("Processor", "Porcessor"),
            ("Processor", "Proccessar"),
            ("Processor", "Proccesssor"),
            ("Processor", "Procesr"),
        ] {
            assert_eq!(Suggester::new([known]).closest(name), Some(known), "{name}");
        }
        // Three edits apart, though sharing a variant of two deletions each (`base98`).
        assert_eq!(Suggester::new(["Base9811"]).closest("Basse985"), None);
        assert_eq!(
            Suggester::new(["Base9811", "Base9850"]).closest("Basse985"),
            Some("Base9850")
        );
    }
}
