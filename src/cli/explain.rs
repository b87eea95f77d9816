//! `mofc explain CODE`: what a diagnostic code means.

use std::process::ExitCode;

use std::io::Write;

use miette::{IntoDiagnostic, miette};

use crate::diag::{CODES, Code};

pub fn run(code: Option<&str>) -> miette::Result<ExitCode> {
    let mut out = super::output::stdout();
    let Some(id) = code else {
        for info in CODES {
            let _ = writeln!(out, "{}  {}", info.id, info.summary);
        }
        out.finish().into_diagnostic()?;
        return Ok(ExitCode::SUCCESS);
    };
    let code = Code::parse(id).ok_or_else(|| {
        miette!(
            help = "`mofc explain` lists every code",
            "unknown diagnostic code `{id}`"
        )
    })?;
    let info = code.info();
    let _ = writeln!(
        out,
        "{}: {} ({})\n\n{}",
        info.id,
        info.summary,
        info.severity.as_str(),
        info.explanation()
    );
    if let Some(wbem) = info.wbem {
        let _ = writeln!(out, "\nmofcomp reports the same fault as {wbem}.");
    }
    out.finish().into_diagnostic()?;
    Ok(ExitCode::SUCCESS)
}
