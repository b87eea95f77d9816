//! The tree-sitter grammar for editors (`editors/tree-sitter-mof`), through its Rust binding,
//! which compiles the committed, generated parser: every real file that mofc reads without a
//! syntax error parses without an `ERROR` or `MISSING` node, and the queries that editors load
//! compile and capture what they should where they should.

mod support;

use std::path::{Path, PathBuf};

use mofc::diag::Code;
use mofc::source::{DiskWorld, FileId, decode, mof_files};
use rayon::prelude::*;
use tree_sitter::{Language, Node, Parser, Query, QueryCursor, StreamingIterator, Tree};

/// The corpus groups whose files are parsed.
const GROUPS: &[&str] = &["cim-schema-2.49.0", "wmi", "omi", "dsc"];

/// The corpus files that mofc cannot read as MOF on their own, in path order: (path suffix, why,
/// whether the grammar finds an error too).
const REJECTED: &[(&str, &str, bool)] = &[
    (
        "MSFT_UserResource/en-US/MSFT_UserResource.schema.mfl",
        "a string that never closes (a known defect, see corpus.rs)",
        true,
    ),
    (
        "DSC_xUserResource/en-US/DSC_xUserResource.schema.mfl",
        "a string that never closes (a known defect, see corpus.rs)",
        true,
    ),
    (
        "TestProviders/Load/AssociationTestProviderR.mof",
        "a string that never closes (a known defect, see corpus.rs)",
        true,
    ),
    // `cpp_quote(MODULE_HEADER "...")`: MODULE_HEADER is a string that def.mof, which includes
    // this file, defines; read alone it is a name before a string, which the grammar takes as
    // one of the strings a macro stands for.
    (
        "storage/iscsi/src/common.mof",
        "a macro that the file including it defines",
        false,
    ),
];

/// mofc's errors that say the text is not MOF: a character or token where none can stand, an
/// unclosed string or comment, MOF 3.0. (Its other front-end errors, an unknown escape or type,
/// a number out of range, are about what well-formed text says, which an editor's grammar does
/// not check.)
const NOT_MOF: &[Code] = &[
    Code::UnexpectedCharacter,
    Code::UnterminatedString,
    Code::UnterminatedComment,
    Code::SyntaxError,
    Code::UnexpectedEof,
    Code::NestingTooDeep,
    Code::Mof3,
];

fn language() -> Language {
    tree_sitter_mof::LANGUAGE.into()
}

fn parse(text: &str) -> Tree {
    let mut parser = Parser::new();
    parser
        .set_language(&language())
        .expect("the grammar's ABI is one the runtime loads");
    parser.parse(text, None).expect("no timeout or cancellation is set")
}

/// The first `ERROR` or `MISSING` node, depth first.
fn first_error(node: Node<'_>) -> Option<Node<'_>> {
    if !node.has_error() {
        return None;
    }
    if node.is_error() || node.is_missing() {
        return Some(node);
    }
    let mut cursor = node.walk();
    node.children(&mut cursor).find_map(first_error).or(Some(node))
}

/// What happens to one corpus file: whether mofc reads it as MOF, and where the grammar does not.
struct Outcome {
    path: PathBuf,
    mofc_rejects: bool,
    grammar_error: Option<String>,
}

fn outcome(path: &Path) -> Outcome {
    let bytes = std::fs::read(path).expect("corpus file readable");
    let text = decode(bytes).unwrap_or_else(|_| panic!("{} is text", path.display()));
    let parsed = mofc::syntax::parse(FileId(0), &text);
    let mofc_rejects = parsed.diagnostics.iter().any(|d| NOT_MOF.contains(&d.code));
    let tree = parse(&text);
    let grammar_error = first_error(tree.root_node()).map(|node| {
        let at = node.start_position();
        let kind = if node.is_missing() { "MISSING" } else { "ERROR" };
        format!("{kind} {} at {}:{}", node.kind(), at.row + 1, at.column + 1)
    });
    Outcome {
        path: path.to_path_buf(),
        mofc_rejects,
        grammar_error,
    }
}

#[test]
fn real_files_that_mofc_reads_parse_without_errors() {
    let Some(corpus) = support::corpus() else { return };
    let files: Vec<PathBuf> = GROUPS
        .iter()
        .flat_map(|group| mof_files(&DiskWorld, &corpus.join(group)).expect("corpus folder readable"))
        .collect();
    assert_eq!(files.len(), 2356, "the `.mof` and `.mfl` files of the four groups");
    let outcomes: Vec<Outcome> = files.par_iter().map(|path| outcome(path)).collect();

    let misread: Vec<String> = outcomes
        .iter()
        .filter(|o| !o.mofc_rejects)
        .filter_map(|o| Some(format!("{}: {}", o.path.display(), o.grammar_error.as_ref()?)))
        .collect();
    assert!(
        misread.is_empty(),
        "files mofc reads, which the grammar does not:\n{misread:#?}"
    );

    let mut rejected: Vec<&Outcome> = outcomes.iter().filter(|o| o.mofc_rejects).collect();
    rejected.sort_by(|a, b| a.path.cmp(&b.path));
    let names: Vec<String> = rejected.iter().map(|o| o.path.display().to_string()).collect();
    assert_eq!(names.len(), REJECTED.len(), "files mofc rejects: {names:#?}");
    for (outcome, (suffix, why, grammar_reports)) in rejected.iter().zip(REJECTED) {
        assert!(
            outcome.path.ends_with(suffix),
            "{} is not {suffix}",
            outcome.path.display()
        );
        assert_eq!(
            outcome.grammar_error.is_some(),
            *grammar_reports,
            "{} ({why}): {:?}",
            outcome.path.display(),
            outcome.grammar_error
        );
    }
}

/// Every capture of `query` on `text` but punctuation's, as (line, column, capture, text), both
/// 0-based, in the order of the text.
fn captures(query_source: &str, text: &str) -> Vec<(usize, usize, String, String)> {
    let query = Query::new(&language(), query_source).expect("the query compiles");
    let tree = parse(text);
    let mut cursor = QueryCursor::new();
    let mut found = Vec::new();
    let mut matches = cursor.captures(&query, tree.root_node(), text.as_bytes());
    while let Some((m, index)) = matches.next() {
        let capture = m.captures()[*index];
        let name = query.capture_names()[capture.index as usize];
        if name.starts_with("punctuation") {
            continue;
        }
        let at = capture.node.start_position();
        let node_text = &text[capture.node.byte_range()];
        found.push((at.row, at.column, name.to_string(), node_text.to_string()));
    }
    found
}

const FIXTURE: &str = r#"#pragma namespace("root\\cimv2")
#define SIZE uint64
// A sample
[Description("a\tb"): Amended]
class Sample_Disk : CIM_LogicalDisk
{
    [Key] string DeviceID;
    SIZE Sizes[] = {0x10, 1.5};
    CIM_Job REF Job;
    uint32 Format([In] boolean Quick, Sample_Disk ref Other);
};
instance of Sample_Disk as $Disk { DeviceID = 'C'; Job = $Job; Flag = TRUE; Nothing = null; };
"#;

#[test]
fn highlights_capture_each_kind_of_name_and_literal() {
    let found = captures(tree_sitter_mof::HIGHLIGHTS_QUERY, FIXTURE);
    let expected: Vec<(usize, usize, String, String)> = [
        (0, 0, "keyword.directive", "#pragma"),
        (0, 8, "function.macro", "namespace"),
        (0, 18, "string", r#""root\\cimv2""#),
        (0, 23, "string.escape", r"\\"),
        (1, 0, "keyword.directive", "#define SIZE uint64"),
        (2, 0, "comment", "// A sample"),
        (3, 1, "attribute", "Description"),
        (3, 13, "string", r#""a\tb""#),
        (3, 15, "string.escape", r"\t"),
        (3, 22, "keyword.modifier", "Amended"),
        (4, 0, "keyword", "class"),
        (4, 6, "type", "Sample_Disk"),
        (4, 20, "type", "CIM_LogicalDisk"),
        (6, 5, "attribute", "Key"),
        (6, 10, "type.builtin", "string"),
        (6, 17, "property", "DeviceID"),
        (7, 4, "type", "SIZE"),
        (7, 9, "property", "Sizes"),
        (7, 20, "number", "0x10"),
        (7, 26, "number.float", "1.5"),
        (8, 4, "type", "CIM_Job"),
        (8, 12, "keyword.modifier", "REF"),
        (8, 16, "property", "Job"),
        (9, 4, "type.builtin", "uint32"),
        (9, 11, "function.method", "Format"),
        (9, 19, "attribute", "In"),
        (9, 23, "type.builtin", "boolean"),
        (9, 31, "variable.parameter", "Quick"),
        (9, 38, "type", "Sample_Disk"),
        (9, 50, "keyword.modifier", "ref"),
        (9, 54, "variable.parameter", "Other"),
        (11, 0, "keyword", "instance"),
        (11, 9, "keyword", "of"),
        (11, 12, "type", "Sample_Disk"),
        (11, 24, "keyword", "as"),
        (11, 27, "variable", "$Disk"),
        (11, 35, "property", "DeviceID"),
        (11, 46, "character", "'C'"),
        (11, 51, "property", "Job"),
        (11, 57, "variable", "$Job"),
        (11, 63, "property", "Flag"),
        (11, 70, "boolean", "TRUE"),
        (11, 76, "property", "Nothing"),
        (11, 86, "constant.builtin", "null"),
    ]
    .into_iter()
    .map(|(line, column, capture, text)| (line, column, capture.to_string(), text.to_string()))
    .collect();
    assert_eq!(found, expected);
}

/// nvim-treesitter's capture names that Helix spells otherwise (its themes know no `number`).
const HELIX_NAMES: &[(&str, &str)] = &[
    ("@number.float", "@constant.numeric.float"),
    ("@number", "@constant.numeric.integer"),
    ("@boolean", "@constant.builtin.boolean"),
    ("@string.escape", "@constant.character.escape"),
    ("@character", "@constant.character"),
    ("@property", "@variable.other.member"),
    ("@keyword.modifier", "@keyword.storage.modifier"),
];

/// A query without its comment lines.
fn patterns(query: &str) -> String {
    query
        .lines()
        .filter(|line| !line.starts_with(';'))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn helix_highlights_are_the_standard_ones_renamed() {
    let renamed = patterns(tree_sitter_mof::HIGHLIGHTS_QUERY)
        .lines()
        .map(|line| {
            let capture = HELIX_NAMES.iter().find(|(standard, _)| {
                line.split_whitespace()
                    .any(|word| word.trim_end_matches(')') == *standard)
            });
            match capture {
                Some((standard, helix)) => line.replacen(standard, helix, 1),
                None => line.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(patterns(tree_sitter_mof::HELIX_HIGHLIGHTS_QUERY), renamed);
}

#[test]
fn every_query_compiles_against_the_grammar() {
    let queries = Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/tree-sitter-mof/queries");
    let mut compiled = Vec::new();
    for dir in [queries.clone(), queries.join("helix")] {
        for entry in std::fs::read_dir(&dir).expect("queries folder") {
            let path = entry.expect("queries folder entry").path();
            if path.extension().is_some_and(|e| e == "scm") {
                let source = std::fs::read_to_string(&path).expect("query readable");
                if let Err(e) = Query::new(&language(), &source) {
                    panic!("{}: {e}", path.display());
                }
                compiled.push(
                    path.strip_prefix(&queries)
                        .expect("under queries")
                        .display()
                        .to_string(),
                );
            }
        }
    }
    compiled.sort();
    assert_eq!(
        compiled,
        [
            "folds.scm",
            "helix/highlights.scm",
            "helix/indents.scm",
            "helix/textobjects.scm",
            "highlights.scm",
            "indents.scm",
            "locals.scm",
            "textobjects.scm",
        ]
    );
}

#[test]
fn aliases_are_defined_and_referenced() {
    let text = "instance of A as $a { };\ninstance of B { P = $a; Q = {$a}; };\n";
    let found = captures(tree_sitter_mof::LOCALS_QUERY, text);
    let at = |capture: &str| -> Vec<(usize, usize)> {
        found.iter().filter(|f| f.2 == capture).map(|f| (f.0, f.1)).collect()
    };
    assert_eq!(at("local.definition"), [(0, 17)]);
    assert_eq!(at("local.reference"), [(1, 20), (1, 29)]);
}
