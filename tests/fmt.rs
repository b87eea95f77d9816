//! `mofc fmt`: the exact layout of every construct, comments in every position, blank lines,
//! directives, line endings; the command line (`--check` and its diff, rewriting in place,
//! encodings, refusal of broken files); and the corpus, where formatting twice equals formatting
//! once, only whitespace changes, and formatted compilations resolve to the same model.
//!
//! Every formatted text here is checked to be a fixed point and to have the tokens and comments
//! of its source (compared independently of the formatter's own check).

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use mofc::emit::format::{Formatted, Reason, format, format_text};
use mofc::source::{DiskWorld, Encoding, FileId, SearchPath, decode, mof_files};
use mofc::syntax::lexer::lex;
use mofc::syntax::unit::{Unit, entry_points};
use mofc::{emit, sema};
use rayon::prelude::*;
use support::corpus;

/// The tokens of a text, as written, and its comments without trailing whitespace.
fn tokens_and_comments(text: &str) -> (Vec<&str>, Vec<String>) {
    let lexed = lex(FileId(0), text);
    let tokens = lexed.tokens.iter().map(|t| &text[t.0..t.2]).collect();
    let comments = lexed
        .comments
        .iter()
        .map(|c| text[c.range()].replace('\r', "").trim_end().to_owned())
        .collect();
    (tokens, comments)
}

/// Formats `text`, asserting that only whitespace changed and that formatting again changes
/// nothing.
fn fmt(text: &str) -> String {
    let once = match format(FileId(0), text) {
        Ok(Formatted::Text(once)) => once,
        other => panic!("not formatted: {other:?}"),
    };
    assert_eq!(
        tokens_and_comments(text),
        tokens_and_comments(&once),
        "only whitespace changes"
    );
    assert_eq!(
        format_text(FileId(0), &once).unwrap(),
        once,
        "formatting again changes nothing"
    );
    once
}

#[test]
fn qualifier_declarations_put_each_scope_and_flavor_list_on_its_own_line() {
    let text = "Qualifier Key : boolean = false, Scope(property, reference), Flavor(DisableOverride, ToSubclass);
qualifier Values:string[],scope(property,method,parameter) , flavor(EnableOverride,ToSubclass,Translatable);
Qualifier MaxLen:uint32=null,Scope(property,method,parameter);
Qualifier Everywhere : string[4] = {\"a\", \"b\"}, Scope(class, association, indication, qualifier, property, reference, method, parameter);
";
    assert_eq!(
        fmt(text),
        "Qualifier Key : boolean = false,
    Scope(property, reference),
    Flavor(DisableOverride, ToSubclass);

qualifier Values : string[],
    scope(property, method, parameter),
    flavor(EnableOverride, ToSubclass, Translatable);

Qualifier MaxLen : uint32 = null,
    Scope(property, method, parameter);

Qualifier Everywhere : string[4] = { \"a\", \"b\" },
    Scope(class, association, indication, qualifier, property, reference, method, parameter);
"
    );
}

#[test]
fn classes_with_qualifiers_properties_references_arrays_and_defaults() {
    let text = r#"[Association, Description("Links things.")]
class Ex_Link:Ex_Base as $link{
[Key]Ex_Thing REF Antecedent;
[Key] Ex_Thing ref Dependent;
uint8 Data[16]; string Names [] = {"a","b"};
sint32 Offset = -1; real64 Ratio = 1.5E-3; char16 C = '\x41'; boolean Flag = TRUE;
datetime When = "20240101000000.000000+000"; string Nothing = NULL; uint32 Mask = 0x1F;
};
class Empty : Ex_Link {  };
"#;
    assert_eq!(
        fmt(text),
        r#"[Association, Description("Links things.")]
class Ex_Link : Ex_Base as $link {
    [Key] Ex_Thing REF Antecedent;
    [Key] Ex_Thing ref Dependent;
    uint8 Data[16];
    string Names[] = { "a", "b" };
    sint32 Offset = -1;
    real64 Ratio = 1.5E-3;
    char16 C = '\x41';
    boolean Flag = TRUE;
    datetime When = "20240101000000.000000+000";
    string Nothing = NULL;
    uint32 Mask = 0x1F;
};

class Empty : Ex_Link {};
"#
    );
}

#[test]
fn methods_keep_their_parameters_on_one_line_when_they_fit_else_one_per_line() {
    let text = r#"class Ex_Service {
uint32 Stop();
string[] List([IN] boolean All);
Ex_Thing REF Find([IN] string Name, [OUT] Ex_Thing REF Found);
[Description("Changes the state of the service, waiting at most the given time.")] uint32 RequestStateChange([IN, Description("The state wanted.")] uint16 RequestedState, [IN] datetime TimeoutPeriod, [OUT] CIM_ConcreteJob REF Job);
};
"#;
    assert_eq!(
        fmt(text),
        r#"class Ex_Service {
    uint32 Stop();
    string[] List([IN] boolean All);
    Ex_Thing REF Find([IN] string Name, [OUT] Ex_Thing REF Found);
    [Description("Changes the state of the service, waiting at most the given time.")]
    uint32 RequestStateChange(
        [IN, Description("The state wanted.")] uint16 RequestedState,
        [IN] datetime TimeoutPeriod,
        [OUT] CIM_ConcreteJob REF Job);
};
"#
    );
}

#[test]
fn instances_with_aliases_embedded_instances_and_expressions() {
    let text = r#"instance of __Win32Provider as $P { Name = "Prov"; ClsId = "{0}"; };
instance of Ex_Link { Antecedent = $a; Dependent = "Ex_Thing.Id=\"x\""; };
[Locale(0x409)] instance of Ex_Holder as $h
{
  [Description("per value")] Items = { instance of Ex_Item { Id = 1; }, instance of Ex_Item { Id = 2; } };
  Single = instance of Ex_Item { Id = 3; Tags = {"x"}; };
  Empty = {};
  OnlyQualifiers;
  Mask = (0x100 | (0x400 | 0x1));
};
"#;
    assert_eq!(
        fmt(text),
        r#"instance of __Win32Provider as $P {
    Name = "Prov";
    ClsId = "{0}";
};

instance of Ex_Link {
    Antecedent = $a;
    Dependent = "Ex_Thing.Id=\"x\"";
};

[Locale(0x409)]
instance of Ex_Holder as $h {
    [Description("per value")]
    Items = {
        instance of Ex_Item {
            Id = 1;
        },
        instance of Ex_Item {
            Id = 2;
        }
    };
    Single = instance of Ex_Item {
        Id = 3;
        Tags = { "x" };
    };
    Empty = {};
    OnlyQualifiers;
    Mask = (0x100 | (0x400 | 0x1));
};
"#
    );
}

#[test]
fn pragmas_stay_on_their_own_lines_and_wmi_flavors_keep_their_place() {
    let text = r#"#pragma namespace ("\\\\.\\root\\wmi")
#pragma classflags("forceupdate", "updateonly")
#pragma autorecover
#pragma include("a.mof")


#pragma include("b.mof")
[WMI, Dynamic, Provider("WMIProv"), guid("{A1C15015-B069-11d1-9290-00A0C9062910}"), Description("Sample") : amended ToSubclass]
class Vendor_X { [key, read] string InstanceName; [read, WmiDataId(1), DisplayName("Count") : amended] uint32 Count; };
"#;
    assert_eq!(
        fmt(text),
        r#"#pragma namespace("\\\\.\\root\\wmi")
#pragma classflags("forceupdate", "updateonly")
#pragma autorecover
#pragma include("a.mof")

#pragma include("b.mof")

[WMI,
 Dynamic,
 Provider("WMIProv"),
 guid("{A1C15015-B069-11d1-9290-00A0C9062910}"),
 Description("Sample") : amended ToSubclass]
class Vendor_X {
    [key, read] string InstanceName;
    [read, WmiDataId(1), DisplayName("Count") : amended] uint32 Count;
};
"#
    );
}

/// The DMTF style: long qualifier lists one qualifier per line, strings in pieces kept as pieces,
/// arrays of values filling their lines.
#[test]
fn long_qualifier_lists_break_and_strings_keep_their_pieces() {
    let text = r#"class CIM_X {
      [Description (
          "The current status of the element, one of many values "
          "that this long description explains." ),
       ValueMap { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "..", "0x8000.." },
       Values { "Unknown", "Other" }, Short("a" "b")]
   uint16 Status;
};
"#;
    assert_eq!(
        fmt(text),
        r#"class CIM_X {
    [Description(
         "The current status of the element, one of many values "
         "that this long description explains."),
     ValueMap {
         "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16",
         "17", "18", "..", "0x8000.." },
     Values { "Unknown", "Other" },
     Short("a" "b")]
    uint16 Status;
};
"#
    );
}

#[test]
fn comments_keep_their_place_in_every_position() {
    let text = r#"// header

/* block
     kept verbatim */
class A { // after the brace
  [Key, // why a key
   Description("x") /* inline */, Read
   // before the bracket
  ] string Id;

  // before a member
  uint32 Method(
     // before a parameter
     [IN] string Alpha,
     [OUT] uint32 Beta); // after the method
  string V = "a" // inside a concatenation
     "b";
  uint8 Arr[] = { 1, // after a value
     2 };
  // last in the body
};
// between declarations
/* two */ /* on one line */
instance of A
{
    Id = "x"; /* after a value */
    Arr = {
       // in an empty array
    };
}; // after the declaration
// at the end
"#;
    assert_eq!(
        fmt(text),
        r#"// header

/* block
     kept verbatim */
class A { // after the brace
    [Key, // why a key
     Description("x") /* inline */,
     Read
     // before the bracket
    ]
    string Id;

    // before a member
    uint32 Method(
        // before a parameter
        [IN] string Alpha,
        [OUT] uint32 Beta); // after the method
    string V =
        "a" // inside a concatenation
        "b";
    uint8 Arr[] = {
        1, // after a value
        2 };
    // last in the body
};

// between declarations
/* two */ /* on one line */
instance of A {
    Id = "x"; /* after a value */
    Arr = {
        // in an empty array
    };
}; // after the declaration

// at the end
"#
    );
}

#[test]
fn at_most_one_blank_line_is_kept_and_none_just_inside_braces() {
    let text = "\n\n#pragma include(\"a.mof\")\n\n\n\nclass A {\n\n\n  uint8 a;\n\n\n\n  uint8 b;\n\n};\n\n\n";
    assert_eq!(
        fmt(text),
        "#pragma include(\"a.mof\")\n\nclass A {\n    uint8 a;\n\n    uint8 b;\n};\n"
    );
    assert_eq!(fmt(""), "");
    assert_eq!(fmt(" \n\t\n"), "");
    assert_eq!(fmt("// only a comment"), "// only a comment\n");
}

#[test]
fn preprocessor_directives_are_kept_verbatim_on_their_own_lines() {
    let text = "#define  ISCSI_STATUS uint32\n#define QUALS \\\n    Description(\"x\")  // kept\n#ifdef Y\nclass B{ [QUALS] ISCSI_STATUS s; string t = \"a\" NAME \"b\"; };\n#endif\n";
    assert_eq!(
        fmt(text),
        "#define  ISCSI_STATUS uint32\n#define QUALS \\\n    Description(\"x\")  // kept\n#ifdef Y\nclass B {\n    [QUALS] ISCSI_STATUS s;\n    string t = \"a\" NAME \"b\";\n};\n#endif\n"
    );
}

#[test]
fn a_directive_inside_a_declaration_leaves_the_file_as_it_is() {
    let text = "class A {\n#ifdef X\n uint8 a;\n#endif\n};\n";
    assert_eq!(
        format(FileId(0), text),
        Ok(Formatted::Unchanged(Reason::DirectiveInDeclaration))
    );
    assert_eq!(format_text(FileId(0), text).unwrap(), text);
    // A macro standing for a qualifier list: the declaration as written is not MOF.
    let text = "#define Q [Key]\nclass A { Q string a; };\n";
    assert_eq!(format(FileId(0), text), Ok(Formatted::Unchanged(Reason::Macro)));
}

#[test]
fn files_with_syntax_errors_are_refused_with_their_diagnostics() {
    let Err(diagnostics) = format(FileId(0), "class A {\n  uint8 x = 1\n  uint8 y;\n};\n") else {
        panic!("a broken file must not be formatted");
    };
    let codes: Vec<(&str, u32)> = diagnostics
        .iter()
        .map(|d| (d.code.id(), d.primary.span.start))
        .collect();
    assert_eq!(codes, [("E0201", 26)]);
    assert!(format_text(FileId(0), "class A { string s = \"open; };").is_err());
    // What a well-formed declaration says does not stop the layout: an out-of-range literal.
    assert_eq!(fmt("class A{uint8 x=300;};"), "class A {\n    uint8 x = 300;\n};\n");
}

#[test]
fn line_endings_are_kept() {
    let text = "class A {\r\n  uint8 a; // c  \r\n string s = \"x\r\ny\";};\r\n";
    assert_eq!(
        fmt(text),
        "class A {\r\n    uint8 a; // c\r\n    string s = \"x\r\ny\";\r\n};\r\n"
    );
    // A file of mostly LF lines is LF.
    assert_eq!(fmt("class A {\n uint8 a;\r\n};\n"), "class A {\n    uint8 a;\n};\n");
}

// ---------------------------------------------------------------- the command line

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mofc-fmt-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `mofc` in `dir` with `stdin`; returns (exit code, stdout, stderr).
fn mofc(dir: &Path, args: &[&str], stdin: &[u8]) -> (i32, Vec<u8>, String) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_mofc"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("mofc runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().expect("exit code"),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

const UNFORMATTED: &str = "class A{uint8 x;};\n";
const FORMATTED: &str = "class A {\n    uint8 x;\n};\n";

#[test]
fn check_prints_a_diff_and_exits_one_when_a_file_would_change() {
    let dir = temp_dir("check");
    std::fs::write(dir.join("t.mof"), UNFORMATTED).unwrap();
    std::fs::write(dir.join("ok.mof"), FORMATTED).unwrap();
    let (code, stdout, stderr) = mofc(&dir, &["fmt", "--check", "t.mof", "ok.mof"], b"");
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        String::from_utf8(stdout).unwrap(),
        "--- t.mof\n+++ t.mof (formatted)\n@@ -1 +1,3 @@\n-class A{uint8 x;};\n+class A {\n+    uint8 x;\n+};\n"
    );
    assert_eq!(stderr, "1 file would be reformatted, 1 file would be left unchanged\n");
    assert_eq!(
        std::fs::read_to_string(dir.join("t.mof")).unwrap(),
        UNFORMATTED,
        "--check changes nothing"
    );
    let (code, stdout, _) = mofc(&dir, &["fmt", "--check", "ok.mof"], b"");
    assert_eq!((code, stdout.len()), (0, 0));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn files_and_folders_are_rewritten_in_place() {
    let dir = temp_dir("rewrite");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("sub/a.mof"), UNFORMATTED).unwrap();
    std::fs::write(dir.join("sub/b.mfl"), FORMATTED).unwrap();
    std::fs::write(dir.join("sub/notes.txt"), UNFORMATTED).unwrap();
    let (code, _, stderr) = mofc(&dir, &["fmt", "sub"], b"");
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stderr, "1 file reformatted, 1 file left unchanged\n");
    assert_eq!(std::fs::read_to_string(dir.join("sub/a.mof")).unwrap(), FORMATTED);
    assert_eq!(std::fs::read_to_string(dir.join("sub/notes.txt")).unwrap(), UNFORMATTED);
    let names: Vec<String> = std::fs::read_dir(dir.join("sub"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "no temporary file is left behind: {names:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn utf16_and_crlf_files_keep_their_encoding_and_line_endings() {
    let dir = temp_dir("encodings");
    let crlf = |s: &str| s.replace('\n', "\r\n");
    let cases = [
        ("le.mof", Encoding::Utf16Le),
        ("be.mof", Encoding::Utf16Be),
        ("bom.mof", Encoding::Utf8Bom),
    ];
    for (name, encoding) in cases {
        std::fs::write(dir.join(name), encoding.encode(&crlf("class Ä{uint8 x;};\n"))).unwrap();
    }
    let (code, _, stderr) = mofc(&dir, &["fmt", "."], b"");
    assert_eq!(code, 0, "{stderr}");
    for (name, encoding) in cases {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        assert_eq!(Encoding::of(&bytes), encoding, "{name}");
        assert_eq!(decode(bytes).unwrap(), crlf("class Ä {\n    uint8 x;\n};\n"), "{name}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_file_with_syntax_errors_is_reported_and_left_untouched() {
    let dir = temp_dir("broken");
    let broken = "class A {\n  uint8 x = 1\n  uint8 y;\n};\n";
    std::fs::write(dir.join("bad.mof"), broken).unwrap();
    std::fs::write(dir.join("good.mof"), UNFORMATTED).unwrap();
    let (code, _, stderr) = mofc(&dir, &["fmt", "bad.mof", "good.mof"], b"");
    assert_eq!(code, 1);
    assert!(stderr.contains("error[E0201]: expected `;`"), "{stderr}");
    assert!(stderr.contains("┌─ bad.mof:3:3"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.join("bad.mof")).unwrap(), broken);
    assert_eq!(std::fs::read_to_string(dir.join("good.mof")).unwrap(), FORMATTED);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn standard_input_goes_to_standard_output() {
    let dir = std::env::temp_dir();
    let (code, stdout, _) = mofc(&dir, &["fmt", "-"], UNFORMATTED.as_bytes());
    assert_eq!((code, String::from_utf8(stdout).unwrap().as_str()), (0, FORMATTED));
    let (code, stdout, _) = mofc(&dir, &["fmt", "--check", "-"], UNFORMATTED.as_bytes());
    assert_eq!(code, 1);
    assert!(
        String::from_utf8(stdout)
            .unwrap()
            .starts_with("--- <stdin>\n+++ <stdin> (formatted)\n")
    );
    let (code, stdout, stderr) = mofc(&dir, &["fmt", "-"], b"class A {");
    assert_eq!((code, stdout.len()), (1, 0));
    assert!(stderr.contains("E0202"), "{stderr}");
}

#[test]
fn a_path_that_cannot_be_read_exits_two() {
    let dir = temp_dir("unreadable");
    let (code, _, stderr) = mofc(&dir, &["fmt", "no-such-file.mof"], b"");
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read `no-such-file.mof`"), "{stderr}");
    // A file that is not text is not rewritten; the others are.
    std::fs::write(dir.join("binary.mof"), b"class \xFF {};").unwrap();
    std::fs::write(dir.join("good.mof"), UNFORMATTED).unwrap();
    let (code, _, stderr) = mofc(&dir, &["fmt", "."], b"");
    assert_eq!(code, 2);
    assert!(
        stderr.contains("error: cannot read `./binary.mof`: the file is not valid UTF-8 (invalid byte at offset 6)"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(dir.join("binary.mof")).unwrap(), b"class \xFF {};");
    assert_eq!(std::fs::read_to_string(dir.join("good.mof")).unwrap(), FORMATTED);
    std::fs::remove_dir_all(&dir).unwrap();
}

// ---------------------------------------------------------------- the corpus

/// The files outside `negative/` that formatting refuses, with the syntax error that stops it,
/// which each has when read on its own. Three are the known defects of `tests/corpus.rs`;
/// `common.mof` is valid only where `mgmt.mof` includes it, after defining its macros.
const REFUSED: &[(&str, &str)] = &[
    ("MSFT_UserResource/en-US/MSFT_UserResource.schema.mfl", "E0201"),
    ("DSC_xUserResource/en-US/DSC_xUserResource.schema.mfl", "E0201"),
    ("TestProviders/Load/AssociationTestProviderR.mof", "E0201"),
    ("storage/iscsi/src/common.mof", "E0201"),
];

/// A file formatting refused: its name and the codes of its errors.
type Refusal = (String, Vec<&'static str>);

#[test]
fn every_corpus_file_formats_to_a_fixed_point_with_the_same_tokens() {
    let Some(corpus) = corpus() else { return };
    let files = mof_files(&DiskWorld, &corpus).expect("corpus readable");
    let results: Vec<Result<Option<Refusal>, String>> = files
        .par_iter()
        .map(|path| {
            let name = path.strip_prefix(&corpus).unwrap().display().to_string();
            let text = decode(std::fs::read(path).unwrap()).map_err(|e| format!("{name}: {:?}", e.0))?;
            match format(FileId(0), &text) {
                Ok(Formatted::Text(once)) => {
                    if tokens_and_comments(&text) != tokens_and_comments(&once) {
                        return Err(format!("{name}: tokens or comments changed"));
                    }
                    match format(FileId(0), &once) {
                        Ok(Formatted::Text(twice)) if twice == once => Ok(None),
                        _ => Err(format!("{name}: formatting twice differs from formatting once")),
                    }
                }
                Ok(Formatted::Unchanged(reason)) => Err(format!("{name}: left unchanged: {reason}")),
                // Broken files of `negative/` are meant to be broken.
                Err(_) if name.starts_with("negative/") => Ok(None),
                Err(diagnostics) => {
                    let codes = diagnostics.iter().filter(|d| d.is_error()).map(|d| d.code.id());
                    Ok(Some((name, codes.collect())))
                }
            }
        })
        .collect();
    let failures: Vec<&String> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(failures.is_empty(), "{failures:#?}");
    let refused: Vec<Refusal> = results.into_iter().filter_map(|r| r.ok().flatten()).collect();
    assert_eq!(refused.len(), REFUSED.len(), "{refused:#?}");
    for (suffix, code) in REFUSED {
        let found = refused.iter().find(|(name, _)| name.ends_with(suffix));
        assert!(
            found.is_some_and(|(_, codes)| codes.contains(code)),
            "{suffix}: {found:?}"
        );
    }
}

/// Copies every MOF file of `group` into `into`, formatted, keeping the folder layout; files that
/// cannot be formatted are copied as they are, and so is the PowerShell module beside each DSC
/// resource schema, which its compilation checks too.
fn formatted_copy(corpus: &Path, group: &str, into: &Path) {
    let files = mof_files(&DiskWorld, &corpus.join(group)).expect("corpus readable");
    files.par_iter().for_each(|path| {
        let name = path.file_name().unwrap().to_string_lossy();
        if let Some(module) = mofc::syntax::dsc_files::module_name_for(&name)
            && let Ok(text) = std::fs::read(path.with_file_name(&module))
        {
            let target = into.join(path.strip_prefix(corpus).unwrap()).with_file_name(module);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, text).unwrap();
        }
        let bytes = std::fs::read(path).unwrap();
        let encoding = Encoding::of(&bytes);
        let formatted = decode(bytes.clone())
            .ok()
            .and_then(|text| format_text(FileId(0), &text).ok())
            .map_or(bytes, |text| encoding.encode(&text));
        let target = into.join(path.strip_prefix(corpus).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, formatted).unwrap();
    });
}

/// The JSON model of a compilation, and its diagnostics as (code, file name).
fn model(entry: &Path, search: &[PathBuf]) -> (serde_json::Value, Vec<(&'static str, String)>) {
    let search = SearchPath { dirs: search.to_vec() };
    let mut unit = Unit::load(&DiskWorld, entry, &search).expect("entry readable");
    sema::complete(&mut unit, &DiskWorld, &search);
    let (model, found) = sema::analyze(&unit, &sema::Options::default());
    let mut diagnostics: Vec<(&str, String)> = unit
        .diagnostics
        .iter()
        .chain(&found)
        .map(|d| {
            let path = &unit.sources.get(d.primary.file).path;
            (d.code.id(), path.file_name().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    diagnostics.sort();
    (serde_json::to_value(emit::json::Document(&model)).unwrap(), diagnostics)
}

/// Formats `group` into a temporary copy and compiles each entry point of both (with its folder on
/// the search path): the models and the diagnostics must be the same. Returns how many
/// compilations were compared.
fn compiles_the_same(corpus: &Path, group: &str, entries: Option<&[&str]>) -> usize {
    let copy = temp_dir(&group.replace('/', "-"));
    formatted_copy(corpus, group, &copy);
    let original = corpus.join(group);
    let entries: Vec<PathBuf> = match entries {
        Some(entries) => entries.iter().map(|e| original.join(e)).collect(),
        None => {
            let files = mof_files(&DiskWorld, &original).unwrap();
            entry_points(
                &DiskWorld,
                &files,
                &SearchPath {
                    dirs: vec![original.clone()],
                },
            )
        }
    };
    let formatted_root = copy.join(group);
    let differing: Vec<String> = entries
        .par_iter()
        .filter_map(|entry| {
            let relative = entry.strip_prefix(&original).unwrap();
            let before = model(entry, std::slice::from_ref(&original));
            let after = model(&formatted_root.join(relative), std::slice::from_ref(&formatted_root));
            (before != after).then(|| relative.display().to_string())
        })
        .collect();
    std::fs::remove_dir_all(&copy).unwrap();
    assert!(
        differing.is_empty(),
        "formatting changed what these compile to: {differing:#?}"
    );
    entries.len()
}

#[test]
fn the_formatted_cim_schema_resolves_to_the_same_model() {
    let Some(corpus) = corpus() else { return };
    let compared = compiles_the_same(&corpus, "cim-schema-2.49.0", Some(&["cim_schema_2.49.0.mof"]));
    assert_eq!(compared, 1);
}

#[test]
fn formatted_dsc_and_wmi_compilations_resolve_to_the_same_models() {
    let Some(corpus) = corpus() else { return };
    let dsc = compiles_the_same(&corpus, "dsc", None);
    let wmi = compiles_the_same(&corpus, "wmi", None);
    assert_eq!((dsc, wmi), (270, 18), "the entry points of dsc/ and wmi/");
}

// ---------------------------------------------------------------- any layout of the same tokens

/// A file with every construct, whose tokens the properties below lay out in random ways.
const SAMPLE: &str = r#"#pragma namespace("root/test")
Qualifier Key : boolean = false, Scope(property, reference), Flavor(DisableOverride, ToSubclass);
[Abstract, Description("A base " "class that is described at some length, in two pieces."),
 ValueMap { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", ".." }]
class Ex_Base : Ex_Root as $base {
    [Key] string Id = "a";
    uint8 Data[16] = { 1, 2, 3 };
    Ex_Base REF Peer;
    [Description("Does it.")] uint32 Run([IN] string A, [IN, OUT] uint32 B[], [OUT] Ex_Base REF C);
    string[] Names();
};
instance of Ex_Base as $b { Id = "b"; Peer = $b; E = instance of Ex_Emb { X = 'c'; L = { instance of Ex_Emb { X = 'd'; } }; }; M = (1 | (2 | 4)); };
"#;

/// The sample's tokens joined by the given separators (one per token, cycled).
fn relaid(separators: &[&str]) -> String {
    let lexed = lex(FileId(0), SAMPLE);
    let mut text = String::new();
    for (i, token) in lexed.tokens.iter().enumerate() {
        text.push_str(&SAMPLE[token.0..token.2]);
        text.push_str(separators[i % separators.len()]);
    }
    text
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// The layout depends on the tokens alone: any spacing without blank lines or comments
    /// formats to the same text.
    #[test]
    fn the_layout_does_not_depend_on_how_the_source_was_spaced(
        separators in proptest::collection::vec(proptest::sample::select(vec![" ", "\n", "\t", "  \n    "]), 1..40)
    ) {
        // `#pragma` must start a line for the sample to mean the same; a separator never precedes
        // the first token, and the pragma is first.
        let canonical = fmt(SAMPLE);
        proptest::prop_assert_eq!(fmt(&relaid(&separators)), canonical);
    }

    /// With comments and blank lines anywhere, formatting keeps every token and comment and is a
    /// fixed point (`fmt` checks both).
    #[test]
    fn comments_and_blank_lines_anywhere_are_kept(
        separators in proptest::collection::vec(
            proptest::sample::select(vec![
                " ",
                "\n\n\n",
                " \r\n",
                " // c\n",
                " /* b */ ",
                "\n/* multi\n   line */\n",
                "\n// own line\n\n",
            ]),
            1..40,
        )
    ) {
        fmt(&relaid(&separators));
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Damaged input never makes the formatter panic; whatever it formats keeps its tokens and is
    /// a fixed point.
    #[test]
    fn damaged_input_is_formatted_safely_or_refused(
        cuts in proptest::collection::vec((0..SAMPLE.len(), proptest::sample::select(vec![
            "", "{", "}", "[", "]", "(", ")", ";", ",", "\"", "/*", "//", "#define X 1\n", "\n#if A\n",
            "instance of A {", "class B {", ":", "=", "$",
        ])), 1..6)
    ) {
        let mut text = SAMPLE.to_owned();
        for (at, noise) in cuts {
            let at = (0..=at.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            let end = (at + 3).min(text.len());
            let end = (end..=text.len()).find(|&i| text.is_char_boundary(i)).unwrap_or(text.len());
            text.replace_range(at..end, noise);
        }
        match format(FileId(0), &text) {
            Ok(Formatted::Text(once)) => {
                proptest::prop_assert_eq!(tokens_and_comments(&text), tokens_and_comments(&once));
                proptest::prop_assert_eq!(format_text(FileId(0), &once).unwrap(), once);
            }
            // Only the C preprocessor can hide what a declaration is.
            Ok(Formatted::Unchanged(reason)) => {
                proptest::prop_assert!(lex(FileId(0), &text).has_directives, "{reason}: {text}");
            }
            Err(_) => {}
        }
    }
}
