//! Diagnostics as SARIF 2.1.0, the format code-scanning services (GitHub's among them) upload:
//! one run whose tool lists every code as a rule, and one result per diagnostic, located by a
//! URI relative to the folder mofc ran in. Columns count Unicode scalar values, which the run
//! states (`columnKind`).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::{FilePath, Position};
use crate::diag::{CODES, CodeInfo, Diagnostic, Fix, Label};
use crate::source::{FileId, Sources, Span};

/// Where relative URIs are relative to: the folder mofc ran in.
const SRCROOT: &str = "%SRCROOT%";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    original_uri_base_ids: BTreeMap<&'static str, ArtifactLocation>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    /// The code's name in the source (`UndeclaredQualifier`).
    name: String,
    short_description: Text<'static>,
    full_description: Text<'static>,
    help: Text<'static>,
    default_configuration: Configuration,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Properties>,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

/// The WMI result code for the same fault, where mofcomp has one.
#[derive(Serialize)]
struct Properties {
    wbem: &'static str,
}

#[derive(Serialize)]
struct Text<'a> {
    text: std::borrow::Cow<'a, str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text<'a>,
    locations: [Location<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Properties>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
}

/// A diagnostic's fix: its edits, grouped by file.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Text<'a>,
    artifact_changes: Vec<ArtifactChange<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Text<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

fn text(text: impl Into<std::borrow::Cow<'static, str>>) -> Text<'static> {
    Text { text: text.into() }
}

fn rule(info: &CodeInfo) -> Rule {
    let mut help = info.explanation().into_owned();
    if let Some(wbem) = info.wbem {
        help.push_str(&format!("\n\nmofcomp reports the same fault as {wbem}."));
    }
    Rule {
        id: info.id,
        name: format!("{:?}", info.code),
        short_description: text(info.summary),
        full_description: text(info.explanation()),
        help: text(help),
        default_configuration: Configuration {
            level: info.severity.as_str(),
        },
        properties: info.wbem.map(|wbem| Properties { wbem }),
    }
}

fn artifact_location(sources: &Sources, file: FileId, base: &Path) -> ArtifactLocation {
    match FilePath::of(sources.get(file), base) {
        FilePath::Relative(path) => ArtifactLocation {
            uri: encode(&path, false),
            uri_base_id: Some(SRCROOT),
        },
        FilePath::Absolute(path) => ArtifactLocation {
            uri: file_uri(&path),
            uri_base_id: None,
        },
    }
}

fn region(sources: &Sources, file: FileId, span: Span) -> Region {
    let position = Position::of(sources.get(file), span);
    Region {
        start_line: position.line,
        start_column: position.column,
        end_line: position.end_line,
        end_column: position.end_column,
    }
}

fn location<'a>(sources: &Sources, label: &'a Label, base: &Path, id: Option<usize>) -> Location<'a> {
    Location {
        id,
        physical_location: PhysicalLocation {
            artifact_location: artifact_location(sources, label.file, base),
            region: region(sources, label.file, label.span),
        },
        message: (!label.message.is_empty()).then(|| Text {
            text: label.message.as_str().into(),
        }),
    }
}

fn fix<'a>(sources: &Sources, fix: &'a Fix, base: &Path) -> SarifFix<'a> {
    let mut files: Vec<FileId> = fix.edits.iter().map(|e| e.file).collect();
    files.sort_unstable();
    files.dedup();
    SarifFix {
        description: Text {
            text: fix.title.as_str().into(),
        },
        artifact_changes: files
            .into_iter()
            .map(|file| ArtifactChange {
                artifact_location: artifact_location(sources, file, base),
                replacements: fix
                    .edits
                    .iter()
                    .filter(|e| e.file == file)
                    .map(|e| Replacement {
                        deleted_region: region(sources, file, e.span),
                        inserted_content: Text {
                            text: e.replacement.as_str().into(),
                        },
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The SARIF log of a run, pretty-printed. Each diagnostic comes with the sources of the
/// compilation that produced it; `base` is the folder relative URIs start from.
pub fn sarif(diagnostics: &[(&Sources, &Diagnostic)], base: &Path) -> String {
    let results = diagnostics
        .iter()
        .map(|&(sources, d)| {
            let info = d.code.info();
            let message = match &d.help {
                Some(help) => format!("{}\nhelp: {help}", d.message).into(),
                None => d.message.as_str().into(),
            };
            SarifResult {
                rule_id: info.id,
                rule_index: d.code as usize,
                level: d.severity.as_str(),
                message: Text { text: message },
                locations: [location(sources, &d.primary, base, None)],
                related_locations: d
                    .secondary
                    .iter()
                    .enumerate()
                    .map(|(i, l)| location(sources, l, base, Some(i)))
                    .collect(),
                properties: info.wbem.map(|wbem| Properties { wbem }),
                fixes: d.fix.iter().map(|f| fix(sources, f, base)).collect(),
            }
        })
        .collect();
    let mut root = file_uri(&base.to_string_lossy());
    if !root.ends_with('/') {
        root.push('/');
    }
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "mofc",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: Some(env!("CARGO_PKG_REPOSITORY")).filter(|uri| !uri.is_empty()),
                    rules: CODES.iter().map(rule).collect(),
                },
            },
            original_uri_base_ids: BTreeMap::from([(
                SRCROOT,
                ArtifactLocation {
                    uri: root,
                    uri_base_id: None,
                },
            )]),
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    serde_json::to_string_pretty(&log).expect("SARIF serializes")
}

/// A `file:` URI for an absolute path (`C:\x` on Windows becomes `file:///C:/x`).
fn file_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let slash = if path.starts_with('/') { "" } else { "/" };
    format!("file://{slash}{}", encode(&path, true))
}

/// Percent-encodes a path for a URI: everything but unreserved characters and `/` (and `:`,
/// in an absolute path, where it can only be a drive letter's; in a relative reference a colon
/// in the first segment would read as a scheme).
fn encode(path: &str, colon: bool) -> String {
    let mut uri = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => uri.push(byte as char),
            b':' if colon => uri.push(':'),
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(encode("a b/ü%:x.mof", false), "a%20b/%C3%BC%25%3Ax.mof");
        assert_eq!(file_uri("/tmp/a b"), "file:///tmp/a%20b");
        assert_eq!(file_uri("C:\\x\\y.mof"), "file:///C:/x/y.mof");
    }
}
