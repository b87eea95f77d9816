//! `mofc compile [PATH]... --emit json|mof|cimxml [-o OUT] [--mfl OUT.mfl --locale ms_409]`:
//! validate, then write the resolved model (with `--mfl`, split for localization as mofcomp does).
//! Diagnostics go to stderr (or stdout in the format asked for when `-o` is given); a
//! compilation with errors writes nothing and exits 1.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use miette::{IntoDiagnostic, WrapErr, miette};

use super::output;
use super::units::{Env, compile, failed, project, report};
use super::{CompileOptions, Format};
use crate::emit;
use crate::emit::mof::Form;
use crate::sema::Model;
use crate::syntax::unit::Unit;

#[derive(clap::Args)]
pub struct CompileArgs {
    /// Files and folders to compile (default: the `files` of mofc.toml).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// What to write: the resolved model as `json`, canonical `mof`, or `cimxml`.
    #[arg(long, value_enum)]
    emit: Emit,
    /// Each class with the members it declares, not with everything it inherits: as it was
    /// written with `--emit mof`, and with its own properties and methods only with
    /// `--emit json` (output that grows with the input, not with the depth of inheritance).
    #[arg(long)]
    as_written: bool,
    /// Where to write it (default: stdout).
    #[arg(short = 'o', long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// With `--emit mof`: split as `mofcomp -MOF: -MFL: -Amendment:` does, writing the amended
    /// qualifiers to this localization file as amendments of `--locale`, and the rest as the
    /// language-neutral MOF.
    #[arg(long, value_name = "OUT.mfl", requires = "locale")]
    mfl: Option<PathBuf>,
    /// The locale of `--mfl`, as mofcomp names it: `ms_` and the hexadecimal LCID (`ms_409`).
    #[arg(long, value_name = "LOCALE", value_parser = lcid, requires = "mfl")]
    locale: Option<u32>,
    #[command(flatten)]
    options: CompileOptions,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Emit {
    Json,
    Mof,
    /// CIM-XML (DSP0201), as WBEM servers and clients exchange it.
    Cimxml,
}

/// `ms_409` (any letter case) as its LCID, 0x409.
fn lcid(locale: &str) -> Result<u32, String> {
    locale
        .get(..3)
        .filter(|prefix| prefix.eq_ignore_ascii_case("ms_"))
        .and_then(|_| u32::from_str_radix(&locale[3..], 16).ok())
        .filter(|&lcid| lcid > 0 && lcid <= 0xFFFF)
        .ok_or_else(|| "a locale is `ms_` and a hexadecimal LCID, such as `ms_409`".to_string())
}

fn json(document: &impl serde::Serialize) -> String {
    let mut text = serde_json::to_string_pretty(document).unwrap_or_default();
    text.push('\n');
    text
}

pub fn run(mut args: CompileArgs) -> miette::Result<ExitCode> {
    // The model goes to stdout unless `-o` is given; diagnostics must not mix with it: documents
    // become human output, annotation lines go to stderr.
    let stdout_free = args.output.is_some();
    if !stdout_free && matches!(args.options.format, Format::Json | Format::Sarif) {
        args.options.format = Format::Human;
    }
    if args.mfl.is_some() && args.emit != Emit::Mof {
        return Err(miette!(
            help = "add `--emit mof`: the localization split is of MOF",
            "`--mfl` needs `--emit mof`"
        ));
    }
    let form = if args.as_written {
        Form::AsWritten
    } else {
        Form::Resolved
    };
    let locale = args.locale;
    // Each compilation's output, and its localization file when the MOF is split.
    let render = |_: &Unit, model: &Model| -> (String, Option<String>) {
        match (args.emit, locale) {
            (Emit::Mof, Some(lcid)) => {
                let (neutral, localized) = emit::mfl::split(model, form, lcid);
                (neutral, Some(localized))
            }
            (Emit::Json, _) if args.as_written => (json(&emit::json::Declared(model)), None),
            (Emit::Json, _) => (json(&emit::json::Document(model)), None),
            (Emit::Mof, None) if args.as_written => (emit::mof::model(model), None),
            (Emit::Mof, None) => (emit::mof::resolved(model), None),
            (Emit::Cimxml, _) => (emit::cimxml::model(model), None),
        }
    };
    let project = project(args.paths, args.options)?;
    let compiled = compile(&project, &Env::disk(), Some(&render))?;
    let summary = if stdout_free {
        let mut out = output::stdout();
        let summary = report(&compiled, &project.options, &mut out)?;
        out.finish().into_diagnostic()?;
        summary
    } else {
        report(&compiled, &project.options, &mut output::stderr())?
    };
    if failed(summary, &project.options) {
        return Ok(ExitCode::from(1));
    }
    let outputs: Vec<(&str, &str)> = compiled
        .iter()
        .filter_map(|c| {
            Some((
                c.unit.sources.get(c.unit.entry).name.as_str(),
                c.output.as_ref()?.0.as_str(),
            ))
        })
        .collect();
    if let Some(path) = &args.mfl {
        let localized = compiled.iter().filter_map(|c| c.output.as_ref()?.1.as_deref());
        write_file(path, |file| write_all(file, localized))?;
    }
    let several = outputs.len() > 1;
    let write = |out: &mut dyn Write| match args.emit {
        Emit::Json if several => write_compilations(out, &outputs),
        Emit::Cimxml if several => write_declarations(out, outputs.iter().map(|(_, text)| *text)),
        _ => write_all(out, outputs.iter().map(|(_, text)| *text)),
    };
    match &args.output {
        Some(path) => write_file(path, write)?,
        None => {
            let mut out = output::stdout();
            write(&mut out).into_diagnostic()?;
            out.finish().into_diagnostic()?
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Creates the file `path` and writes it; a failure names the file.
fn write_file(path: &Path, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> miette::Result<()> {
    std::fs::File::create(path)
        .and_then(|mut file| write(&mut file))
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot write `{}`", path.display()))
}

/// Writes each compilation's output in turn (they may be large: not joined first).
fn write_all<'t>(out: &mut dyn Write, texts: impl Iterator<Item = &'t str>) -> std::io::Result<()> {
    for text in texts {
        out.write_all(text.as_bytes())?;
    }
    out.flush()
}

/// The JSON models of several compilations as one document, so that `json.load` reads a run
/// whatever it compiled: `{"compilations": [{"entry": "a.mof", "model": {...}}, ...]}`, in the
/// order of the entry files. Each model is the document one compilation writes, indented in
/// place (JSON strings hold no line breaks, so indenting line by line is safe).
fn write_compilations(out: &mut dyn Write, models: &[(&str, &str)]) -> std::io::Result<()> {
    out.write_all(b"{\n  \"compilations\": [\n")?;
    for (index, (entry, model)) in models.iter().enumerate() {
        let entry = serde_json::to_string(entry).unwrap_or_default();
        write!(out, "    {{\n      \"entry\": {entry},\n      \"model\": ")?;
        for (line_index, line) in model.trim_end().lines().enumerate() {
            if line_index > 0 {
                out.write_all(b"\n      ")?;
            }
            out.write_all(line.as_bytes())?;
        }
        let comma = if index + 1 < models.len() { "," } else { "" };
        write!(out, "\n    }}{comma}\n")?;
    }
    out.write_all(b"  ]\n}\n")?;
    out.flush()
}

/// The CIM-XML of several compilations as one document: one `<CIM>` whose `<DECLARATION>`
/// holds the `<DECLGROUP>`s of each compilation in turn (a second XML declaration or root
/// element would make the whole no XML at all).
fn write_declarations<'t>(out: &mut dyn Write, documents: impl Iterator<Item = &'t str>) -> std::io::Result<()> {
    const OPEN: &str = "<DECLARATION>\n";
    const CLOSE: &str = "</DECLARATION>\n";
    let mut tail = "";
    for document in documents {
        let (Some(start), Some(end)) = (document.find(OPEN), document.rfind(CLOSE)) else {
            out.write_all(document.as_bytes())?;
            continue;
        };
        if tail.is_empty() {
            out.write_all(&document.as_bytes()[..start + OPEN.len()])?;
            tail = &document[end..];
        }
        out.write_all(&document.as_bytes()[start + OPEN.len()..end])?;
    }
    out.write_all(tail.as_bytes())?;
    out.flush()
}
