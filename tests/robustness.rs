//! No input makes the front end panic or hang: random bytes, and real files with random damage.

mod support;

use std::sync::OnceLock;

use mofc::source::{FileId, decode};
use mofc::syntax::parse;
use proptest::prelude::*;

/// A few real files of different dialects to damage; built-in samples when the corpus is absent.
fn seeds() -> &'static Vec<String> {
    static SEEDS: OnceLock<Vec<String>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut seeds = vec![
            "#pragma namespace(\"root\")\n[Abstract] class A : B { [Key] string N = \"x\" \"y\"; uint8 D[4] = {1, 0x2, 03}; A REF R; uint32 M([in] string s); };\ninstance of A as $a { N = \"n\"; R = $a; E = instance of B { X = 'c'; }; };\nQualifier Q : real64 = 1.5e3, Scope(any), Flavor(Restricted);\n".to_string(),
        ];
        if let Some(corpus) = support::corpus() {
            for path in [
                "cim-schema-2.49.0/Core/CIM_ManagedElement.mof",
                "cim-schema-2.49.0/qualifiers.mof",
                "wmi/microsoft+Windows-driver-samples/general/toaster/toastDrv/kmdf/func/featured/toaster.mof",
                "negative/omi-files/syntaxerror.mof",
            ] {
                if let Ok(Ok(text)) = std::fs::read(corpus.join(path)).map(decode) {
                    seeds.push(text);
                }
            }
        }
        seeds
    })
}

#[derive(Debug, Clone)]
enum Damage {
    Delete(usize, usize),
    Insert(usize, String),
    Swap(usize, usize),
}

fn damage() -> impl Strategy<Value = Damage> {
    let noise = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        "(",
        ")",
        ";",
        "\"",
        "'",
        "/*",
        "*/",
        "//",
        ",",
        ":",
        "=",
        "$",
        "#pragma",
        "instance of",
        "class",
        "\\",
        "\n",
        "0x",
        "-",
        ".",
        "é",
        "\\\"",
        "ToSubclas",
    ]);
    prop_oneof![
        (any::<usize>(), 1..40usize).prop_map(|(at, n)| Damage::Delete(at, n)),
        (any::<usize>(), prop::collection::vec(noise, 1..4)).prop_map(|(at, s)| Damage::Insert(at, s.concat())),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Damage::Swap(a, b)),
    ]
}

fn apply(text: &str, damages: &[Damage]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for d in damages {
        let len = bytes.len().max(1);
        match d {
            Damage::Delete(at, n) => {
                let at = at % len;
                let end = (at + n).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            Damage::Insert(at, s) => {
                let at = at % (bytes.len() + 1);
                bytes.splice(at..at, s.bytes());
            }
            Damage::Swap(a, b) if !bytes.is_empty() => {
                let n = bytes.len();
                bytes.swap(a % n, b % n);
            }
            Damage::Swap(..) => {}
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        if let Ok(text) = decode(bytes) {
            let _ = parse(FileId(0), &text);
        }
    }

    #[test]
    fn random_text_never_panics(text in "[ -~\\n]{0,800}") {
        let _ = parse(FileId(0), &text);
    }

    #[test]
    fn damaged_real_files_never_panic(seed in 0..8usize, damages in prop::collection::vec(damage(), 1..8)) {
        let seeds = seeds();
        let text = apply(&seeds[seed % seeds.len()], &damages);
        let parsed = parse(FileId(0), &text);
        for d in &parsed.diagnostics {
            prop_assert!(d.primary.span.start <= d.primary.span.end && d.primary.span.end as usize <= text.len());
        }
    }
}

/// Classes with embedded objects, whose strings the damage reaches into (they are compiled as
/// MOF, and what is found there moves to the string).
const EMBEDDING: &str = "class Inner { uint32 Size; [Key] string K; };\n\
    class Outer { [Key] string Id; [EmbeddedInstance(\"Inner\")] string Item; [EmbeddedObject] string Things[]; };\n\
    instance of Outer { Id = \"x\"; Item = \"instance of Inner { [Key : ToSubclass] Size = 1; };\"; \
    Things = { \"instance of Inner { [Description(\\\"d\\\")] K = \\\"k\\\"; };\" }; };\n";

proptest! {
    // Each case runs the binary: fewer cases than the parser's.
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The whole check, fixes included, never panics on a damaged file: the resolution, the
    /// rules and the placing of every diagnostic and fix, not only the parser.
    #[test]
    fn damaged_files_never_make_the_check_panic(seed in 0..16usize, damages in prop::collection::vec(damage(), 1..6)) {
        let seeds = seeds();
        // Half the cases damage the embedded objects.
        let original = if seed % 2 == 0 { EMBEDDING } else { &seeds[seed / 2 % seeds.len()] };
        let text = apply(original, &damages);
        let dir = support::tree(&[("t.mof", &text)]);
        let (code, _, stderr) = support::run_mofc(dir.path(), &["check", "--no-cache", "--unsafe-fixes", "--diff", "t.mof"]);
        prop_assert!(matches!(code, 0..=2) && !stderr.contains("panicked"), "exit {code}: {stderr}");
    }
}

/// A file whose lines end in a lone `\r` (old Mac files) has as many lines for the command line
/// as for the language server: JSON gives the line and column within the line, and the excerpt
/// shows the line alone.
#[test]
fn lone_cr_line_ends_count_as_lines() {
    let dir = support::tree(&[("cr.mof", "[Abstract]\rclass A\r{\r  string P = 12;\r};\r")]);
    let (code, stdout, _) = support::run_mofc(dir.path(), &["check", "--format", "json", "cr.mof"]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let found = &report["diagnostics"][0];
    assert_eq!(found["code"], "E0316");
    let at = |v: &serde_json::Value| [&v["line"], &v["column"], &v["end_line"], &v["end_column"]].map(|n| n.as_u64());
    assert_eq!(at(found), [Some(4), Some(14), Some(4), Some(16)]);
    assert_eq!(at(&found["labels"][0]), [Some(4), Some(10), Some(4), Some(11)]);

    let (code, _, stderr) = support::run_mofc(dir.path(), &["check", "cr.mof"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("┌─ cr.mof:4:14\n"), "{stderr}");
    assert!(stderr.contains("\n4 │   string P = 12;\n"), "{stderr}");
    assert!(!stderr.contains('\r') && !stderr.contains('␍'), "{stderr}");
}

/// codespan shows a label's whole line: a diagnostic on a line too long to show names its place
/// instead, so that a file of one long line with an error every few bytes prints each error in a
/// few lines, not the file once per error.
#[test]
fn a_diagnostic_on_a_long_line_names_its_place_without_an_excerpt() {
    let line = "instance of X as $a { P = $a; };".repeat(40);
    let dir = support::tree(&[("long.mof", &format!("class Short {{}};\n{line}\n"))]);
    let (code, _, stderr) = support::run_mofc(dir.path(), &["check", "long.mof"]);
    assert_eq!(code, 1);
    let first = "error[E0301]: long.mof:2:13: the instance's class `X` is not defined\n";
    assert!(stderr.starts_with(first), "{stderr}");
    assert!(
        stderr.contains("\n = long.mof:2:13: no class of this name in the compilation"),
        "{stderr}"
    );
    assert!(stderr.contains("error[E0319]: long.mof:2:50: alias `$a` is defined twice\n = long.mof:2:50: second definition\n = long.mof:2:18: first defined here\n"), "{stderr}");
    assert!(stderr.lines().all(|l| l.len() < 200), "{stderr}");

    // A short line keeps its excerpt.
    let dir = support::tree(&[("short.mof", "instance of X {};\n")]);
    let (_, _, stderr) = support::run_mofc(dir.path(), &["check", "short.mof"]);
    assert!(
        stderr.starts_with("error[E0301]: the instance's class `X` is not defined\n"),
        "{stderr}"
    );
    assert!(stderr.contains("\n1 │ instance of X {};\n"), "{stderr}");

    // A label over several lines shows the lines between too: a long one among them counts.
    let middle = vec!["2"; 800].join(", ");
    let text = format!(
        "class A {{ [Key] string K; uint32 P; }};\ninstance of A {{ K = \"k\"; P = {{1,\n  {middle},\n  3}}; }};\n"
    );
    let dir = support::tree(&[("spread.mof", &text)]);
    let (code, _, stderr) = support::run_mofc(dir.path(), &["check", "spread.mof"]);
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("error[E0316]: spread.mof:2:30: an array where a uint32 is expected\n"),
        "{stderr}"
    );
    assert!(stderr.lines().all(|l| l.len() < 200), "{stderr}");
}
