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

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// The most edits a suggestion may be away.
const MAX_EDITS: usize = 2;

/// Known names, indexed for [`Suggester::closest`] when it is first asked. Shared between
/// threads, as the rules share the model.
pub struct Suggester<'a> {
    known: Vec<&'a str>,
    /// Hash of a deletion variant -> positions in `known` of the names that have it.
    index: OnceLock<FxHashMap<u64, Vec<u32>>>,
}

impl<'a> Suggester<'a> {
    pub fn new(known: impl IntoIterator<Item = &'a str>) -> Self {
        Suggester {
            known: known.into_iter().collect(),
            index: OnceLock::new(),
        }
    }

    /// The known name closest to `name`, if one is close enough (see the module's comment).
    pub fn closest(&self, name: &str) -> Option<&'a str> {
        let index = self.index.get_or_init(|| self.build());
        let name = lower(name);
        let mut candidates: Vec<u32> = Vec::new();
        for variant in variants(&name, MAX_EDITS) {
            candidates.extend(index.get(&variant).into_iter().flatten());
        }
        candidates.sort_unstable();
        candidates.dedup();
        candidates
            .into_iter()
            .map(|i| (edit_distance(&name, &lower(self.known[i as usize])), i))
            .filter(|&(d, i)| d <= allowed_edits(self.known[i as usize]))
            .min()
            .map(|(_, i)| self.known[i as usize])
    }

    fn build(&self) -> FxHashMap<u64, Vec<u32>> {
        let mut index: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
        for (i, known) in self.known.iter().enumerate() {
            for variant in variants(&lower(known), allowed_edits(known)) {
                index.entry(variant).or_default().push(i as u32);
            }
        }
        index
    }
}

/// The closest of a few `known` names (a fixed list such as the flavors or the data types).
pub fn suggest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    Suggester::new(known.iter().copied()).closest(name)
}

/// How many edits away from `known` a suggestion of it may be.
fn allowed_edits(known: &str) -> usize {
    (known.len() / 3).clamp(1, MAX_EDITS)
}

fn lower(name: &str) -> Vec<char> {
    name.chars().map(|c| c.to_ascii_lowercase()).collect()
}

/// The hashes of the distinct strings made by deleting up to `edits` (at most 2) characters
/// of `name`, with their lengths mixed in. A collision only adds a candidate, which is measured.
fn variants(name: &[char], edits: usize) -> Vec<u64> {
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
        left.wrapping_mul(power[right_to - right_from]).wrapping_add(part(right_from, right_to))
    };
    let finish = |hash: u64, len: usize| (hash ^ (len as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)).wrapping_mul(0xff51_afd7_ed55_8ccd);
    let mut out = vec![finish(prefix[n], n)];
    if edits >= 1 {
        for i in 0..n {
            out.push(finish(join(prefix[i], i + 1, n), n - 1));
        }
    }
    if edits >= 2 {
        for i in 0..n {
            for j in i + 1..n {
                let left = join(prefix[i], i + 1, j);
                out.push(finish(join(left, j + 1, n), n - 2));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(suggest("int32", &["uint32", "sint32", "string"]), Some("uint32"));
        assert_eq!(suggest("ToSubClas", &["ToSubclass", "Restricted"]), Some("ToSubclass"));
        assert_eq!(suggest("banana", &["uint32", "string"]), None);
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
    fn variants_are_the_deletions() {
        let name = lower("abca");
        let direct = |s: &str| variants(&lower(s), 0)[0];
        let mut expected: Vec<u64> = ["abca", "bca", "aca", "aba", "abc", "ca", "ba", "bc", "aa", "ac", "ab"]
            .into_iter()
            .map(direct)
            .collect();
        expected.sort_unstable();
        expected.dedup();
        assert_eq!(variants(&name, 2), expected);
    }
}
