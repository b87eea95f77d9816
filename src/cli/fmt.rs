//! `mofc fmt [--check] PATH...`: rewrite MOF files in their canonical layout (`emit::format`),
//! or with `--check` show what would change. `-` formats standard input to standard output, for
//! editors. A file with syntax errors is reported as `check` reports it and left untouched.
//!
//! Files keep their encoding (UTF-8, with or without BOM; UTF-16 with its BOM and byte order)
//! and line endings, and are replaced through a temporary file in the same folder, so an
//! interrupted run never leaves a file half written.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codespan_reporting::diagnostic::Severity;
use miette::{IntoDiagnostic, WrapErr, miette};
use rayon::prelude::*;
use similar::TextDiff;

use super::failure::say;
use super::output::{self, note};
use super::units::{STDIN_NAME, configuration, paths_or_files, read_stdin};
use crate::diag::Diagnostic;
use crate::diag::render::{self, ColorMode};
use crate::emit::format::{Formatted, format};
use crate::source::{DiskWorld, Encoding, FileId, SourceFile, Sources, World, decode, mof_files_except, read_regular};

#[derive(clap::Args)]
pub struct FmtArgs {
    /// Files and folders to format (a folder: every *.mof / *.mfl below it); `-` formats
    /// standard input to standard output. Without PATH, the `files` of the mofc.toml found in
    /// the current folder or above.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Change nothing: print a unified diff for each file that would change, and exit with 1 if
    /// any would.
    #[arg(long)]
    check: bool,
    /// The file that standard input (`-`) stands for, named in diagnostics [default: `<stdin>`].
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<PathBuf>,
}

/// What became of one file.
enum Outcome {
    /// Already in canonical layout.
    Same,
    /// The canonical text, in the file's encoding; `before` and `after` as text for the diff.
    Changed {
        before: String,
        after: String,
        bytes: Vec<u8>,
    },
    /// Left as it is, for this reason.
    Skipped(String),
    /// Syntax errors: the file as decoded, and its diagnostics.
    Broken(String, Vec<Diagnostic>),
    /// Could not be read, or is not text.
    Unreadable(String),
}

pub fn run(mut args: FmtArgs) -> miette::Result<ExitCode> {
    let config = configuration(None)?;
    if args.paths.is_empty() {
        args.paths = paths_or_files(Vec::new(), config.as_ref())?;
    }
    let exclude = config.map(|c| c.exclude).unwrap_or_default();
    let color = super::color_mode();
    if let Some(bytes) = read_stdin(&args.paths)? {
        let name = args.stdin_filename.as_deref().unwrap_or(Path::new(STDIN_NAME));
        return stdin(bytes, &name.display().to_string(), args.check, color);
    }
    let mut files = Vec::new();
    for path in &args.paths {
        if path.is_dir() {
            files.extend(
                mof_files_except(&DiskWorld, path, &exclude)
                    .into_diagnostic()
                    .wrap_err_with(|| format!("cannot read folder `{}`", path.display()))?,
            );
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return Err(miette!(
                help = "check the path",
                "cannot read `{}`: no such file or folder",
                path.display()
            ));
        }
    }
    // A file named twice (as itself and inside a folder) is formatted once.
    let mut seen = std::collections::HashSet::new();
    files.retain(|path| seen.insert(DiskWorld.canonical(path)));
    let outcomes: Vec<Outcome> = files.par_iter().map(|path| format_file(path)).collect();

    // Syntax errors in a file, and a file that could not be read or written.
    let (mut changed, mut same, mut errors, mut could_not_run) = (0, 0, false, false);
    let mut out = output::stdout();
    for (path, outcome) in files.iter().zip(outcomes) {
        let name = path.display().to_string();
        match outcome {
            Outcome::Same => same += 1,
            Outcome::Changed { before, after, bytes } => {
                if args.check {
                    print_diff(&mut out, &name, "formatted", &before, &after)?;
                    changed += 1;
                } else if let Err(e) = replace(path, &bytes) {
                    say(Severity::Error, &format!("cannot write `{name}`: {e}"));
                    could_not_run = true;
                } else {
                    changed += 1;
                }
            }
            Outcome::Skipped(reason) => {
                same += 1;
                say(Severity::Note, &format!("`{name}` left as it is: {reason}"));
            }
            Outcome::Broken(text, diagnostics) => {
                errors = true;
                show(&name, text, &diagnostics, color);
            }
            Outcome::Unreadable(e) => {
                say(Severity::Error, &format!("cannot read `{name}`: {e}"));
                could_not_run = true;
            }
        }
    }
    let files = |n: usize| {
        if n == 1 {
            "1 file".to_owned()
        } else {
            format!("{n} files")
        }
    };
    out.finish().into_diagnostic()?;
    if args.check {
        note!(
            "{} would be reformatted, {} would be left unchanged",
            files(changed),
            files(same)
        );
    } else {
        note!("{} reformatted, {} left unchanged", files(changed), files(same));
    }
    Ok(if could_not_run {
        ExitCode::from(2)
    } else if errors || args.check && changed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Reads, decodes and formats one file.
fn format_file(path: &Path) -> Outcome {
    match read_regular(path) {
        Ok(bytes) => format_bytes(bytes),
        Err(e) => Outcome::Unreadable(e.to_string()),
    }
}

fn format_bytes(bytes: Vec<u8>) -> Outcome {
    let encoding = Encoding::of(&bytes);
    let text = match decode(bytes) {
        Ok(text) => text,
        Err((e, _)) => return Outcome::Unreadable(e.to_string()),
    };
    match format(FileId(0), &text) {
        Ok(Formatted::Text(after)) if after == text => Outcome::Same,
        Ok(Formatted::Text(after)) => Outcome::Changed {
            bytes: encoding.encode(&after),
            before: text,
            after,
        },
        Ok(Formatted::Unchanged(reason)) => Outcome::Skipped(reason.to_string()),
        Err(diagnostics) => Outcome::Broken(text, diagnostics),
    }
}

/// `mofc fmt -`: standard input to standard output (or a diff, with `--check`).
fn stdin(bytes: Vec<u8>, name: &str, check: bool, color: ColorMode) -> miette::Result<ExitCode> {
    let mut out = output::stdout();
    let unchanged = bytes.clone();
    let code = match format_bytes(bytes) {
        Outcome::Changed { before, after, bytes } => {
            if check {
                print_diff(&mut out, name, "formatted", &before, &after)?;
                ExitCode::from(1)
            } else {
                out.write_all(&bytes).into_diagnostic()?;
                ExitCode::SUCCESS
            }
        }
        Outcome::Same => {
            if !check {
                out.write_all(&unchanged).into_diagnostic()?;
            }
            ExitCode::SUCCESS
        }
        Outcome::Skipped(reason) => {
            say(Severity::Note, &format!("{name} left as it is: {reason}"));
            if !check {
                out.write_all(&unchanged).into_diagnostic()?;
            }
            ExitCode::SUCCESS
        }
        Outcome::Broken(text, diagnostics) => {
            show(name, text, &diagnostics, color);
            ExitCode::from(1)
        }
        Outcome::Unreadable(e) => return Err(miette!("cannot read standard input: {e}")),
    };
    out.finish().into_diagnostic()?;
    Ok(code)
}

/// Renders a file's diagnostics as `mofc check` does, on stderr (where a failure has nowhere
/// to be reported).
fn show(name: &str, text: String, diagnostics: &[Diagnostic], color: ColorMode) {
    let mut sources = Sources::new();
    sources.add(SourceFile::new(PathBuf::from(name), name.to_owned(), text));
    let _ = render::human(&sources, diagnostics, color);
}

/// A unified diff of the file as it is and as it would be (`how`: "formatted", "fixed"), on
/// stdout.
pub(super) fn print_diff(out: &mut impl Write, name: &str, how: &str, before: &str, after: &str) -> miette::Result<()> {
    let diff = TextDiff::from_lines(before, after);
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(name, &format!("{name} ({how})"))
        .to_string();
    // On a terminal the lines of a file must not drive it (an ESC sequence in a string); a diff
    // written to a file or a pipe keeps the bytes, so that it still applies.
    let text = if std::io::stdout().is_terminal() {
        render::visible(&text)
    } else {
        text.into()
    };
    out.write_all(text.as_bytes()).into_diagnostic()
}

/// Replaces a file's contents through a temporary file in the same folder, renamed over it, so
/// the file is never half written. A symbolic link is followed: its target is replaced. The
/// file's permissions are kept.
pub(super) fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let permissions = std::fs::metadata(&target)?.permissions();
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = target.with_file_name(format!(".{name}.mofc-fmt-{}", std::process::id()));
    let written = std::fs::File::create(&temporary).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::set_permissions(&temporary, permissions)?;
        std::fs::rename(&temporary, &target)
    });
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}
