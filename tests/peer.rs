//! mofc against the peer compiler: `pywbem-outcomes.tsv` records what pywbem 1.9.1 did with
//! each entry point of `omi/` and `cim-tests/` (CIM 2.49 qualifiers preloaded, the file's
//! folder, the CIM Schema and `omi/openpegasus/Schemas` on the search path). mofc must accept
//! every file pywbem accepted or refused only for its own limitations, and reject the files with
//! genuine defects or missing dependencies. Every exception is listed here with its reason.

mod support;

use rayon::prelude::*;
use support::{compile, corpus};

/// Files pywbem accepted (or refused for its own limitation) that mofc rejects, and why.
const REJECTED: &[(&str, &str)] = &[(
    "omi/omi/tests/mof/classes.mof",
    "defects past the point where pywbem stopped: an embedded `MyClass` sets `A`, which MyClass \
     does not declare (line 457), and two `Test_Misc` instances have no key values (lines 463, 467)",
)];

/// Files pywbem refused that mofc accepts, and why.
const ACCEPTED: &[(&str, &str)] = &[
    (
        "omi/omi/omiutils/mofs/gen.mof",
        "its include is found on the search path given here",
    ),
    (
        "omi/omi/samples/Providers/Test_AssociationProvider/Test_AssociationProvider.mof",
        "its include (`qualifiers.mof`) is found on the search path given here",
    ),
    (
        "omi/omi/tests/codec/mof/blue/mofs/dscinstance.mof",
        "the class of its instances is declared by a sibling file, which mofc looks into",
    ),
    (
        "omi/openpegasus/src/Pegasus/CQL/CQLCLI/CQLTestSchemaR.mof",
        "the class of its instances is declared by a sibling file, which mofc looks into",
    ),
    (
        "omi/openpegasus/src/Pegasus/Compiler/cmdline/tests/ValidMof2.mof",
        "the class of its instances is declared by a sibling file, which mofc looks into",
    ),
    (
        "omi/openpegasus/src/Pegasus/Query/QueryExpression/tests/QExprTestSchemaR.mof",
        "the class of its instances is declared by a sibling file, which mofc looks into",
    ),
    (
        "omi/openpegasus/Schemas/Pegasus/ManagedSystem/VER20/HPUX_ManagedSystemSchema20.mof",
        "it redefines a class that has subclasses: a conflict with a repository, which the loader reports",
    ),
    (
        "omi/openpegasus/Schemas/Pegasus/ManagedSystem/VER20/PG_ManagedSystemSchema20.mof",
        "it redefines a class that has subclasses: a conflict with a repository, which the loader reports",
    ),
    (
        "omi/openpegasus/src/Clients/repupgrade/tests/InteropTST_Family.mof",
        "a reference names a namespace that exists only in a repository",
    ),
    (
        "omi/openpegasus/src/Clients/repupgrade/tests/PGInteropTST_Family.mof",
        "a reference names a namespace that exists only in a repository",
    ),
];

#[test]
fn outcomes_agree_with_pywbem_except_where_explained() {
    let Some(corpus) = corpus() else { return };
    let table = std::fs::read_to_string(corpus.join("pywbem-outcomes.tsv")).expect("outcomes table");
    let rows: Vec<(String, bool)> = table
        .lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let judgement = cells.get(7).copied().unwrap_or_default();
            let should_accept = cells[1] == "ok" || judgement.contains("limitation");
            (cells[0].to_string(), should_accept)
        })
        .collect();
    assert!(rows.len() > 250, "the table lists every entry point");
    let search = [corpus.join("cim-schema-2.49.0"), corpus.join("omi/openpegasus/Schemas")];
    let disagreements: Vec<String> = rows
        .par_iter()
        .filter_map(|(path, should_accept)| {
            let (_, found) = compile(&corpus.join(path), &search);
            let errors: Vec<_> = found.iter().filter(|f| f.error).collect();
            let accepted = errors.is_empty();
            let listed = |list: &[(&str, &str)]| list.iter().any(|(p, _)| p == path);
            let explained = if *should_accept {
                listed(REJECTED)
            } else {
                listed(ACCEPTED)
            };
            (accepted != *should_accept && !explained || accepted == *should_accept && explained).then(|| {
                let first = errors
                    .first()
                    .map(|e| format!("{} {}:{} {}", e.code, e.file, e.line, e.message));
                format!("{path}: pywbem-judged accept={should_accept}, mofc accepted={accepted} {first:?}")
            })
        })
        .collect();
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}
