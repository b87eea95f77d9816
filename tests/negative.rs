//! The deliberately broken files of `negative/`: each expected failure reports an error (at the
//! stated line, where `EXPECTED.tsv` states one, and with the expected code where the case is
//! about semantics) and each control case compiles cleanly.

mod support;

use support::{compile, corpus};

/// What `EXPECTED.tsv` says of a file.
#[derive(Debug, PartialEq)]
enum Expect {
    Accept,
    /// An error at the line, if stated, with one of the codes, if the case says what it is about.
    Error {
        line: Option<usize>,
        codes: &'static [&'static str],
    },
}

/// Cases whose file fails earlier than `EXPECTED.tsv` says, for a reason of its own.
const OWN_FIRST_ERROR: &[(&str, &[&str], &str)] = &[
    (
        "badClassDefinition1.mof",
        &["E0103"],
        "its header comment is never closed, so the rest of the file is comment",
    ),
    (
        "parse_error02.mof",
        &["E0203"],
        "line 6 declares `int32 weight`, an unknown type",
    ),
    (
        "fail_023_TestMinValueIncompatibleType.mof",
        &["E0201"],
        "`ut::String` is not MOF",
    ),
    (
        "fail_092_TestMaxValueIncompatibleType.mof",
        &["E0201"],
        "`ut::String` is not MOF",
    ),
];

/// The diagnostic a semantic case must produce, from the words of `EXPECTED.tsv` (or, for OMI's
/// own test cases, from the test's name).
fn expected_codes(file: &str, text: &str) -> &'static [&'static str] {
    if let Some((_, codes, _)) = OWN_FIRST_ERROR.iter().find(|(name, ..)| *name == file) {
        return codes;
    }
    // A limit outside the type's range, a value outside the limit, or (for a default) outside
    // the type: each is a fault of the case.
    const LIMITS: &[&str] = &["E0106", "E0322", "E0323"];
    let by_words: [(&str, &'static [&'static str]); 10] = [
        ("undefined class", &["E0301"]),
        ("undefined alias", &["E0320"]),
        ("duplicate alias", &["E0319"]),
        ("undeclared qualifier", &["E0304"]),
        ("type mismatch", &["E0306"]),
        ("Date", &["E0321"]),
        ("Time", &["E0321"]),
        ("IncompatibleType", &["E0322"]),
        ("InvalidMinValue", LIMITS),
        ("InvalidMaxValue", LIMITS),
    ];
    let lengths: [(&str, &'static [&'static str]); 2] = [("InvalidMaxLen", &["E0323"]), ("InvalidMinLen", &["E0323"])];
    by_words
        .iter()
        .chain(&lengths)
        .find(|(words, _)| text.contains(words) || file.contains(words))
        .map_or(&[], |&(_, codes)| codes)
}

fn expectation(file: &str, text: &str) -> Expect {
    if text.starts_with("ACCEPT") || text.starts_with("WARNING") || file.starts_with("pass_") {
        Expect::Accept
    } else {
        Expect::Error {
            line: stated_line(text),
            codes: expected_codes(file, text),
        }
    }
}

/// "at line 16", "line 3:" → the line.
fn stated_line(text: &str) -> Option<usize> {
    let at = text.find("line ")?;
    let digits: String = text[at + 5..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[test]
fn stated_lines_are_read() {
    assert_eq!(stated_line("MOFParseError at line 16 col 2 token 'size'"), Some(16));
    assert_eq!(stated_line("error: line 3: \"scope\" definition required"), Some(3));
    assert_eq!(stated_line("MOFParseError 'Unexpected end of MOF'"), None);
}

#[test]
fn negative_cases() {
    let Some(corpus) = corpus() else { return };
    let negative = corpus.join("negative");
    let schema = corpus.join("cim-schema-2.49.0");
    let mut failures = Vec::new();
    let mut checked = 0;
    for folder in ["omi-files", "omi-inline", "openpegasus", "pywbem"] {
        let dir = negative.join(folder);
        let table = std::fs::read_to_string(dir.join("EXPECTED.tsv")).expect("EXPECTED.tsv");
        for row in table.lines().filter(|l| !l.trim().is_empty()) {
            let (file, text) = row.split_once('\t').unwrap_or((row, ""));
            let expect = expectation(file, text);
            let (_, found) = compile(&dir.join(file), &[dir.clone(), schema.clone()]);
            let errors: Vec<_> = found.iter().filter(|f| f.error).collect();
            let ok = match expect {
                Expect::Accept => errors.is_empty(),
                Expect::Error { line, codes } => errors
                    .iter()
                    .any(|e| line.is_none_or(|l| e.line == l) && (codes.is_empty() || codes.contains(&e.code))),
            };
            checked += 1;
            if !ok {
                failures.push(format!(
                    "{folder}/{file}: expected {expect:?} ({text}), found {errors:#?}"
                ));
            }
        }
    }
    assert!(checked >= 200, "only {checked} cases were checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
