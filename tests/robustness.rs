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
