//! The deliberately broken files of `negative/`: each expected failure reports an error (at the
//! stated line, where `EXPECTED.tsv` states one) and each control case compiles cleanly. The
//! cases about semantics (undeclared qualifiers, undefined classes and aliases, OMI's datetime
//! and MinValue/MaxValue checks) belong to the semantic pass and are skipped here, by name.

mod support;

use support::{compile, corpus};

/// What `EXPECTED.tsv` says of a file.
#[derive(Debug, PartialEq)]
enum Expect {
    Accept,
    Error { line: Option<usize> },
    Semantic,
}

fn expectation(folder: &str, file: &str, text: &str) -> Expect {
    let semantic_words = [
        "undefined class",
        "undefined alias",
        "duplicate alias",
        "undeclared qualifier",
        "type mismatch",
    ];
    if text.starts_with("ACCEPT") || text.starts_with("WARNING") || file.starts_with("pass_") {
        Expect::Accept
    } else if folder == "omi-inline" || semantic_words.iter().any(|w| text.contains(w)) {
        Expect::Semantic
    } else {
        Expect::Error {
            line: stated_line(text),
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
    let (mut checked, mut pending) = (0, 0);
    for folder in ["omi-files", "omi-inline", "openpegasus", "pywbem"] {
        let dir = negative.join(folder);
        let table = std::fs::read_to_string(dir.join("EXPECTED.tsv")).expect("EXPECTED.tsv");
        for row in table.lines().filter(|l| !l.trim().is_empty()) {
            let (file, text) = row.split_once('\t').unwrap_or((row, ""));
            let expect = expectation(folder, file, text);
            let (_, found) = compile(&dir.join(file), &[dir.clone(), schema.clone()]);
            let errors: Vec<_> = found.iter().filter(|f| f.code.starts_with('E')).collect();
            let ok = match expect {
                Expect::Accept => errors.is_empty(),
                Expect::Error { line: None } => !errors.is_empty(),
                Expect::Error { line: Some(line) } => errors.first().is_some_and(|e| e.line == line),
                Expect::Semantic => {
                    pending += 1;
                    continue;
                }
            };
            checked += 1;
            if !ok {
                failures.push(format!(
                    "{folder}/{file}: expected {expect:?} ({text}), found {errors:#?}"
                ));
            }
        }
    }
    eprintln!("{checked} syntax cases checked; {pending} semantic cases left to the semantic pass");
    assert!(checked >= 40, "only {checked} cases were checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
