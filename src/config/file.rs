//! Reading `mofc.toml`. The file is deserialized with serde, every table denying unknown keys,
//! and each value keeps its span, so that any mistake (an unknown key, a code that does not
//! exist, a glob that does not parse) is reported with miette at its line and column.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use globset::GlobSetBuilder;
use miette::Report;
use serde::Deserialize;
use toml::Spanned;

use super::Config;
use super::policy::Policy;
use super::selector::Selector;
use crate::diag::Severity;
use crate::sema::Dialect;
use crate::source::{DEFAULT_EXCLUDE, DiskWorld, Exclude, World, anchored_glob};

/// The file as written. Keys are kebab-case.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Document {
    #[serde(default)]
    files: Vec<String>,
    #[serde(default)]
    include_dirs: Vec<String>,
    #[serde(default)]
    schema: Vec<String>,
    /// Folders of PowerShell modules, as `$env:PSModulePath` lists them: searched for the
    /// classes of DSC resources (`<Module>/[<Version>/]DSCResources/<Class>/<Class>.schema.mof`)
    /// after the include folders, as include folders are.
    #[serde(default)]
    dsc_module_path: Vec<String>,
    namespace: Option<String>,
    dialect: Option<DialectName>,
    #[serde(default)]
    deny_warnings: bool,
    exclude: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    extend_exclude: Vec<Spanned<String>>,
    #[serde(default)]
    lint: Lint,
    cache_dir: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Lint {
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, SeverityName>,
    #[serde(default)]
    per_file_ignores: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum DialectName {
    Wmi,
    Dmtf,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum SeverityName {
    Error,
    Warning,
}

/// The text being read, for errors that point into it.
struct Text<'a> {
    name: String,
    text: &'a str,
}

/// A mistake in `mofc.toml`, at its place in the file: the command line shows it as it shows
/// a diagnostic, with an excerpt.
#[derive(Debug)]
pub struct FileError {
    /// The file's name, as given.
    pub name: String,
    pub text: String,
    /// The bytes at fault, if the mistake has a place.
    pub span: Option<Range<usize>>,
    pub message: String,
    /// What the place is, under the excerpt.
    pub label: String,
    pub help: String,
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FileError {}

impl miette::Diagnostic for FileError {
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(&self.help))
    }
}

impl Text<'_> {
    fn error(&self, span: Option<Range<usize>>, message: String, label: &str, help: &str) -> Report {
        Report::new(FileError {
            name: self.name.clone(),
            text: self.text.to_string(),
            span,
            message,
            label: label.to_string(),
            help: help.to_string(),
        })
    }

    /// The globs of `exclude` (or its default) and `extend-exclude`, relative to `root`.
    fn exclude(&self, document: &Document, root: PathBuf) -> miette::Result<Exclude> {
        let mut patterns: Vec<(&str, Option<Range<usize>>)> = match &document.exclude {
            Some(exclude) => exclude.iter().map(|p| (p.get_ref().as_str(), Some(p.span()))).collect(),
            None => DEFAULT_EXCLUDE.iter().map(|&p| (p, None)).collect(),
        };
        patterns.extend(
            document
                .extend_exclude
                .iter()
                .map(|p| (p.get_ref().as_str(), Some(p.span()))),
        );
        let globs: Vec<&str> = patterns.iter().map(|(p, _)| *p).collect();
        Exclude::new(root, &globs).map_err(|(index, e)| {
            let (pattern, span) = patterns[index].clone();
            self.glob_error(span, pattern, &e)
        })
    }

    fn glob_error(&self, span: Option<Range<usize>>, pattern: &str, error: &globset::Error) -> Report {
        self.error(
            span,
            format!("invalid glob `{pattern}`: {}", error.kind()),
            "this pattern",
            "`*` matches within a folder, `**` across folders, `?` one character, `[ab]` a set",
        )
    }

    /// Reads a code selector of `[lint]`; `what` says what it is for, in errors.
    fn selector(&self, text: &Spanned<String>, what: &str, fixed_allowed: bool) -> miette::Result<Selector> {
        let Some(selector) = Selector::parse(text.get_ref()) else {
            return Err(self.error(
                Some(text.span()),
                format!("unknown code or group `{}`", text.get_ref()),
                "not a code, a code prefix or ALL",
                "`mofc explain` lists every code; a prefix such as `W03` names every code it starts",
            ));
        };
        if !fixed_allowed && selector.only_fixed() {
            return Err(self.error(
                Some(text.span()),
                format!("`{selector}` cannot {what}"),
                "reading, token and syntax errors",
                "errors in reading files, tokens and syntax are always reported as errors: the \
                 declarations they break are missing from the model",
            ));
        }
        Ok(selector)
    }
}

/// Reads `mofc.toml` from disk.
pub fn load(path: &Path) -> miette::Result<Config> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        miette::miette!(
            help = "`--config` names the mofc.toml to use",
            "cannot read `{}`: {e}",
            path.display()
        )
    })?;
    parse(path, &text)
}

/// Reads the text of the `mofc.toml` at `path`. Paths in it are relative to its folder.
pub fn parse(path: &Path, text: &str) -> miette::Result<Config> {
    let source = Text {
        name: path.display().to_string(),
        text,
    };
    let document: Document = toml::from_str(text).map_err(|e| {
        source.error(
            e.span(),
            // serde says "field" for what TOML calls a key.
            e.message().trim_end().replacen("unknown field", "unknown key", 1),
            "here",
            "the Configuration section of the README describes every key",
        )
    })?;
    let folder = path.parent().unwrap_or(Path::new(""));
    let relative = |p: &String| join(folder, Path::new(p));

    let lint = &document.lint;
    let mut policy = Policy::default();
    if let Some(select) = &lint.select {
        policy.select = select
            .iter()
            .map(|s| source.selector(s, "be selected", true))
            .collect::<miette::Result<_>>()?;
    }
    policy.ignore = lint
        .ignore
        .iter()
        .map(|s| source.selector(s, "be ignored", false))
        .collect::<miette::Result<_>>()?;
    for (key, &severity) in &lint.severity {
        let selector = source.selector(key, "change severity", false)?;
        if policy.severity.iter().any(|(s, _)| *s == selector) {
            return Err(source.error(
                Some(key.span()),
                format!("`{selector}` is given twice"),
                "again here",
                "codes are the same in any letter case",
            ));
        }
        let severity = match severity {
            SeverityName::Error => Severity::Error,
            SeverityName::Warning => Severity::Warning,
        };
        policy.severity.push((selector, severity));
    }
    let mut globs = GlobSetBuilder::new();
    for (pattern, codes) in &lint.per_file_ignores {
        // A pattern without a `/` matches the file name in any folder, as in `.gitignore`.
        let glob = anchored_glob(pattern.get_ref())
            .map_err(|e| source.glob_error(Some(pattern.span()), pattern.get_ref(), &e))?;
        globs.add(glob);
        let codes = codes
            .iter()
            .map(|s| source.selector(s, "be ignored", false))
            .collect::<miette::Result<_>>()?;
        policy.per_file.codes.push(codes);
    }
    policy.per_file.globs = globs.build().map_err(|e| {
        source.error(
            None,
            format!("invalid per-file-ignores: {e}"),
            "",
            "simplify the patterns",
        )
    })?;
    policy.per_file.root = DiskWorld.canonical(folder);
    let exclude = source.exclude(&document, DiskWorld.canonical(folder))?;

    Ok(Config {
        path: path.to_path_buf(),
        files: document.files.iter().map(relative).collect(),
        include_dirs: document
            .include_dirs
            .iter()
            .chain(&document.dsc_module_path)
            .map(relative)
            .collect(),
        schema: document.schema.iter().map(relative).collect(),
        namespace: document.namespace,
        dialect: document.dialect.map(|d| match d {
            DialectName::Wmi => Dialect::Wmi,
            DialectName::Dmtf => Dialect::Dmtf,
        }),
        deny_warnings: document.deny_warnings,
        exclude,
        policy,
        cache_dir: document.cache_dir.as_ref().map(relative),
        text: text.to_string(),
    })
}

/// `folder` joined with `path`, with `x/..` folded lexically so that paths read as written
/// (`conf/../lib` is `lib`); a leading `..` stays.
fn join(folder: &Path, path: &Path) -> PathBuf {
    let mut joined = PathBuf::new();
    for part in folder.join(path).components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir if matches!(joined.components().next_back(), Some(Component::Normal(_))) => {
                joined.pop();
            }
            other => joined.push(other),
        }
    }
    joined
}

/// The name of the file, looked for from the current folder up.
pub const FILE_NAME: &str = "mofc.toml";

/// Looks for `mofc.toml` in `dir` (absolute) and the folders above it. The path is returned
/// relative to `dir` (`mofc.toml`, `../mofc.toml`, ...), so that the paths taken from it read as
/// relative to where the user is.
pub fn find(dir: &Path) -> Option<PathBuf> {
    let mut up = PathBuf::new();
    for folder in dir.ancestors() {
        if folder.join(FILE_NAME).is_file() {
            return Some(up.join(FILE_NAME));
        }
        up.push("..");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_join_lexically() {
        let join = |a: &str, b: &str| join(Path::new(a), Path::new(b));
        assert_eq!(join("conf", "../lib"), Path::new("lib"));
        assert_eq!(join("", "./a.mof"), Path::new("a.mof"));
        assert_eq!(join("../..", "schema"), Path::new("../../schema"));
        assert_eq!(join("a", "../../b"), Path::new("../b"));
        assert_eq!(join("conf", "/abs/x"), Path::new("/abs/x"));
    }
}
