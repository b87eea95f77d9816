//! `mofc explain CODE`: what a diagnostic code means.

use std::process::ExitCode;

use miette::miette;

use crate::diag::{CODES, Code};

pub fn run(code: Option<&str>) -> miette::Result<ExitCode> {
    let Some(id) = code else {
        for info in CODES {
            println!("{}  {}", info.id, info.summary);
        }
        return Ok(ExitCode::SUCCESS);
    };
    let code = Code::parse(id).ok_or_else(|| {
        miette!(
            help = "`mofc explain` lists every code",
            "unknown diagnostic code `{id}`"
        )
    })?;
    let info = code.info();
    println!(
        "{}: {} ({})\n\n{}",
        info.id,
        info.summary,
        info.severity.as_str(),
        info.explanation
    );
    if let Some(wbem) = info.wbem {
        println!("\nmofcomp reports the same fault as {wbem}.");
    }
    Ok(ExitCode::SUCCESS)
}
