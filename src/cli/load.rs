//! `mofc load --repo DIR PATH...`: validate against what the repository holds, then apply every
//! declaration with PutClass / PutInstance semantics, in one transaction. Each operation is
//! reported as it is applied (a JSON line each with `--format json`, then a summary line).
//! A reader that closes the output early changes nothing: the load commits or rolls back as it
//! would have (see `output`).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use miette::{IntoDiagnostic, WrapErr, miette};

use super::output::{self, note};
use super::progress::Progress;
use super::units::{Env, compile, project, report};
use super::{CompileOptions, Format};
use crate::load::flags::{self, FlagKind};
use crate::load::{self, Event, RepoWorld, Settings, Step};
use crate::repo::{Repository, Store};
use crate::sema::Model;
use crate::source::DiskWorld;
use crate::syntax::unit::Unit;

#[derive(clap::Args)]
pub struct LoadArgs {
    /// The repository folder (created if it does not exist).
    #[arg(long, value_name = "DIR")]
    repo: PathBuf,
    /// Files and folders to load (without PATH: the `files` of mofc.toml).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Print what would happen and change nothing.
    #[arg(long)]
    dry_run: bool,
    /// Go on after a failed operation and commit the ones that succeeded; compilations with
    /// errors are reported and left out, the others loaded.
    #[arg(long)]
    keep_going: bool,
    /// Class flags to start with: createonly, updateonly, safeupdate, forceupdate (comma separated).
    #[arg(long, value_name = "LIST")]
    class_flags: Option<String>,
    /// Instance flags to start with: createonly, updateonly.
    #[arg(long, value_name = "LIST")]
    instance_flags: Option<String>,
    /// Store amended (localized) qualifiers in the locale's namespace.
    #[arg(long)]
    amended: bool,
    /// The locale of amended qualifiers, as a namespace name.
    #[arg(long, value_name = "NAME", default_value = "ms_409")]
    locale: String,
    #[command(flatten)]
    options: CompileOptions,
}

pub fn run(args: LoadArgs) -> miette::Result<ExitCode> {
    let project = project(args.paths.clone(), args.options.clone())?;
    let options = &project.options;
    let flag_list = |kind, list: &Option<String>| -> miette::Result<u32> {
        let names = list.as_deref().unwrap_or("").split(',');
        flags::parse(kind, names).map_err(|name| miette!("`{name}` is not a flag here"))
    };
    let settings = Settings {
        namespace: options.sema().namespace,
        class_flags: flag_list(FlagKind::Class, &args.class_flags)?,
        instance_flags: flag_list(FlagKind::Instance, &args.instance_flags)?,
        amended: args.amended,
        locale: args.locale.to_ascii_lowercase(),
    };
    let namespace = crate::sema::normalize_namespace("", &settings.namespace);
    // A dry run reads the repository without writing a byte of it, and plans against an empty
    // one if there is none yet.
    let repo = if !args.dry_run {
        Some(Repository::open(&args.repo, true, &namespace).into_diagnostic()?)
    } else if Repository::exists(&args.repo) {
        Some(Repository::open_read_only(&args.repo).into_diagnostic()?)
    } else {
        None
    };
    let mut store = match &repo {
        Some(repo) => repo.read().into_diagnostic()?,
        None => Store::fresh(&namespace),
    };

    let world = RepoWorld::new(&DiskWorld, &store, &namespace, &args.repo);
    let prepare = |unit: &mut Unit| world.add_qualifiers(unit);
    let env = Env {
        world: &world,
        dirs: vec![world.folder().to_path_buf()],
        prepare: &prepare,
        cache: None,
        ends_process: true,
    };
    let plan = |unit: &Unit, model: &Model| load::plan(unit, model, &settings, &|path| world.holds(path));
    let compiled = compile(&project, &env, Some(&plan))?;
    let json = options.format == Format::Json;
    let has_errors = compiled.iter().any(|c| c.unit.diagnostics.iter().any(|d| d.is_error()));
    // With --keep-going, the compilations without errors are loaded and stdout stays for the
    // event lines; otherwise a compilation with errors stops the load before it starts.
    let mut out = output::stdout();
    if has_errors && json && args.keep_going {
        report(&compiled, options, &mut output::stderr())?;
    } else if has_errors || !json {
        report(&compiled, options, &mut out)?;
    }
    if has_errors && !args.keep_going {
        out.finish().into_diagnostic()?;
        return Ok(ExitCode::from(1));
    }
    let steps: Vec<Step> = compiled
        .into_iter()
        .flat_map(|c| c.output.unwrap_or_default())
        .collect();
    drop(world);

    let transaction = load::time_created();
    let mut failed = 0;
    let mut operations = 0;
    let mut shapes = load::Shapes::default();
    // Event lines on stderr go around the bar; JSON lines on a terminal would go through it.
    let progress = if json && std::io::stdout().is_terminal() {
        Progress::none()
    } else {
        Progress::new(steps.len(), "loading")
    };
    for step in &steps {
        let event = load::apply(&mut store, &mut shapes, step, transaction);
        operations += 1;
        progress.step();
        if json {
            print_event(&mut out, &event, json);
        } else {
            progress.aside(|| print_event(&mut out, &event, json));
        }
        if !event.outcome.result.is_success() {
            failed += 1;
            if !args.keep_going {
                break;
            }
        }
    }
    drop(progress);
    let commit = !args.dry_run && (failed == 0 || args.keep_going) && !store.changes().is_empty();
    if commit && let Some(repo) = &repo {
        repo.commit(&store).into_diagnostic()?;
    }
    let what = if commit {
        "committed"
    } else if args.dry_run {
        "dry run, nothing changed"
    } else if failed > 0 {
        "rolled back, nothing changed"
    } else {
        "nothing to change"
    };
    if json {
        let summary = serde_json::json!({
            "summary": {"operations": operations, "failed": failed, "committed": commit}
        });
        let _ = writeln!(out, "{summary}");
    } else {
        note!(
            "{operations} operation{}, {failed} failed: {what}",
            if operations == 1 { "" } else { "s" }
        );
    }
    out.finish()
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot write the output (the load: {what})"))?;
    Ok(if failed > 0 || has_errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// One line per operation: JSON on stdout, or words on stderr.
fn print_event(out: &mut impl Write, event: &Event, json: bool) {
    if json {
        let _ = writeln!(out, "{}", event.json());
        return;
    }
    let o = &event.outcome;
    let object = event.path.as_deref().or(event.class.as_deref()).unwrap_or("");
    let result = match (o.change, &o.detail) {
        (Some(change), _) => change.name().to_string(),
        (None, Some(detail)) => format!("{}: {detail}", o.result),
        (None, None) => o.result.to_string(),
    };
    let place = match (&event.file, event.line) {
        (Some(file), Some(line)) => format!("{file}:{line}: "),
        _ => String::new(),
    };
    note!(
        "{place}{} {}:{object} {result}",
        event.operation.name(),
        event.namespace
    );
    for resolution in &o.resolutions {
        note!("    forced: {resolution}");
    }
}
