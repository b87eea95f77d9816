//! `mofc check --fix`, `--unsafe-fixes` and `--diff`: the fixes that diagnostics carry
//! (`diag::Fix`), applied as ruff applies its own.
//!
//! A round compiles the project, takes the fixes wanted (safe ones, and with `--unsafe-fixes`
//! unsafe ones too) whose edits are all in the compilations' own files (never in a file read
//! only to find a class, nor, with `-`, in any file but standard input), and applies those that
//! overlap no fix taken before them in the file. A fix left out because it overlapped, and a
//! problem that a fix uncovers, are taken by the next round, which compiles the fixed texts
//! again: until a round finds nothing to do, for at most [`MAX_ROUNDS`] rounds. The texts live
//! in memory (a `source::Overlaid` world over the disk) until the end, so `--diff` and standard input
//! are fixed exactly as files are, and a file is written once, in its own encoding.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codespan_reporting::diagnostic::Severity;
use miette::IntoDiagnostic;

use super::failure::say;
use super::fmt::{print_diff, replace};
use super::output::{self, note};
use super::units::{Compiled, Env, Project, compile, failed, report};
use super::{CompileOptions, Format};
use crate::diag::Applicability;
use crate::source::{DiskWorld, Encoding, Overlaid, World, decode};

/// How many times the project is compiled again after fixes, at most (ruff: 100). Each round
/// applies at least one fix, and fixes rarely depend on one another beyond a few rounds.
const MAX_ROUNDS: usize = 10;

#[derive(clap::Args)]
pub struct FixArgs {
    /// Apply the safe fixes and write the files, then report what remains. With `-`, the fixed
    /// text goes to stdout and the report to stderr.
    #[arg(long)]
    fix: bool,
    /// With --fix or --diff, apply the unsafe fixes too: guesses among several names, and
    /// changes that may not be what was meant.
    #[arg(long)]
    unsafe_fixes: bool,
    /// Write nothing: print the fixes as a unified diff on stdout, and exit with 1 if a file
    /// would change.
    #[arg(long)]
    diff: bool,
}

impl FixArgs {
    /// Whether any fix is to be applied.
    pub fn any(&self) -> bool {
        self.fix || self.diff
    }

    fn least(&self) -> Applicability {
        if self.unsafe_fixes {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        }
    }
}

/// A file that fixes changed.
struct Change {
    /// The canonical path.
    path: PathBuf,
    /// The name the run gives the file.
    name: String,
    before: String,
    after: String,
    /// `after` in the file's encoding.
    bytes: Vec<u8>,
}

/// What the rounds of fixes did.
struct Outcome {
    /// The last round's compilations: what remains after the fixes.
    compiled: Vec<Compiled<()>>,
    /// The files changed, ordered by name.
    changes: Vec<Change>,
    /// How many fixes were applied.
    fixes: usize,
    /// Whether the last round found nothing more to fix (rather than [`MAX_ROUNDS`] ending it).
    settled: bool,
}

/// `mofc check` with `--fix` or `--diff`: applies the fixes, then writes the files and reports
/// what remains (exit status by what remains, as `check`), or prints the diff (exit status 1 if
/// a file would change). With standard input, the fixed text goes to stdout and the report to
/// stderr.
pub fn run(project: &mut Project, args: &FixArgs) -> miette::Result<ExitCode> {
    let outcome = apply(project, args)?;
    if !outcome.settled {
        say(
            Severity::Warning,
            &format!("the fixes did not settle after {MAX_ROUNDS} rounds: some are left to apply"),
        );
    }
    let mut out = output::stdout();
    let counted = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let (fixes, files) = (
        counted(outcome.fixes, "problem"),
        counted(outcome.changes.len(), "file"),
    );
    if args.diff {
        for change in &outcome.changes {
            print_diff(&mut out, &change.name, "fixed", &change.before, &change.after)?;
        }
        out.finish().into_diagnostic()?;
        note!("would fix {fixes} in {files}");
        return Ok(if outcome.changes.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    let summary = match &project.stdin {
        Some((_, bytes)) => {
            out.write_all(bytes).into_diagnostic()?;
            out.finish().into_diagnostic()?;
            let mut err = output::stderr();
            let summary = report(&outcome.compiled, &project.options, &mut err)?;
            hint(&outcome.compiled, &project.options);
            summary
        }
        None => {
            for change in &outcome.changes {
                if let Err(e) = replace(&change.path, &change.bytes) {
                    say(Severity::Error, &format!("cannot write `{}`: {e}", change.name));
                    return Ok(ExitCode::from(2));
                }
            }
            note!("fixed {fixes} in {files}");
            let summary = report(&outcome.compiled, &project.options, &mut out)?;
            out.finish().into_diagnostic()?;
            hint(&outcome.compiled, &project.options);
            summary
        }
    };
    Ok(if failed(summary, &project.options) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// After the summary of a `check`, on stderr (human format, as ruff's text output): how
/// many of the problems reported `--fix` would fix, and how many more `--unsafe-fixes` would,
/// as ruff says it.
pub fn hint<T>(compiled: &[Compiled<T>], options: &CompileOptions) {
    if options.format != Format::Human {
        return;
    }
    let mut seen = HashSet::new();
    let (mut safe, mut unsafe_only) = (0, 0);
    for c in compiled {
        for d in &c.unit.diagnostics {
            let Some(fix) = &d.fix else { continue };
            let place = (&c.unit.sources.get(d.primary.file).path, d.primary.span.start, d.code);
            if !seen.insert(place) {
                continue;
            }
            match fix.applicability {
                Applicability::Safe => safe += 1,
                Applicability::Unsafe => unsafe_only += 1,
            }
        }
    }
    match (safe, unsafe_only) {
        (0, 0) => {}
        (n, 0) => note!("{n} fixable with `--fix`"),
        (0, m) => note!("{m} fixable with `--fix --unsafe-fixes`"),
        (n, m) => note!("{n} fixable with `--fix` ({m} more with `--unsafe-fixes`)"),
    }
}

/// Compiles the project and applies fixes round after round (see the module's comment). With
/// standard input, `project.stdin` ends up holding the fixed bytes.
fn apply(project: &mut Project, args: &FixArgs) -> miette::Result<Outcome> {
    // The disk, with the files that fixes changed as they are now.
    let mut world = Overlaid::new(&DiskWorld);
    let stdin = project.stdin.as_ref().map(|(name, _)| DiskWorld.canonical(name));
    // Each changed file's name and text before the first round.
    let mut original: BTreeMap<PathBuf, (String, String)> = BTreeMap::new();
    let mut fixes = 0;
    let mut round = 0;
    loop {
        round += 1;
        // Fixing rewrites files between rounds: each round compiles afresh, without the cache.
        let env = Env {
            world: &world,
            ends_process: false,
            ..Env::disk()
        };
        let compiled = compile::<()>(project, &env, None)?;
        let plan = plan(&compiled, args.least(), stdin.as_deref());
        if plan.is_empty() || round > MAX_ROUNDS {
            let changes = changes(original, &world, project, stdin.as_deref());
            return Ok(Outcome {
                compiled,
                changes,
                fixes,
                settled: plan.is_empty(),
            });
        }
        for (path, planned) in plan {
            fixes += planned.edits.fixes;
            let fixed = planned.edits.apply(&planned.text);
            let bytes = planned.encoding.encode(&fixed);
            original.entry(path.clone()).or_insert((planned.name, planned.text));
            match &mut project.stdin {
                Some((_, input)) if stdin.as_ref() == Some(&path) => *input = bytes,
                _ => world.set(&path, bytes),
            }
        }
    }
}

/// Each changed file as it was and as it is now.
fn changes(
    original: BTreeMap<PathBuf, (String, String)>,
    world: &Overlaid,
    project: &Project,
    stdin: Option<&Path>,
) -> Vec<Change> {
    let mut changes: Vec<Change> = original
        .into_iter()
        .filter_map(|(path, (name, before))| {
            let bytes = match &project.stdin {
                Some((_, bytes)) if stdin == Some(path.as_path()) => bytes,
                _ => world.get(&path)?,
            };
            let after = decode(bytes.to_vec()).ok()?;
            (after != before).then(|| Change {
                path,
                name,
                before,
                after,
                bytes: bytes.to_vec(),
            })
        })
        .collect();
    changes.sort_by(|a, b| a.name.cmp(&b.name));
    changes
}

/// The edits to make in one file: replacements that do not overlap, in order.
#[derive(Default)]
struct Edits {
    /// `(start, end, replacement)`, byte offsets into the file's text.
    list: Vec<(usize, usize, String)>,
    /// How many fixes they come from.
    fixes: usize,
}

impl Edits {
    /// Whether a replacement of `start..end` would touch one already taken. Two insertions at
    /// one place, or an insertion at the edge of a replacement, conflict too: their order
    /// would be a guess.
    fn overlaps(&self, start: usize, end: usize) -> bool {
        self.list.iter().any(|&(s, e, _)| start <= e && s <= end)
    }

    fn apply(&self, text: &str) -> String {
        let mut list: Vec<&(usize, usize, String)> = self.list.iter().collect();
        list.sort_by_key(|&&(start, _, _)| start);
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (start, end, replacement) in list {
            out.push_str(&text[at..*start]);
            out.push_str(replacement);
            at = *end;
        }
        out.push_str(&text[at..]);
        out
    }
}

/// An edit by the canonical path of its file: `(path, start, end, replacement)`.
type Located<'a> = (PathBuf, usize, usize, &'a str);

/// The fixes of a round, by file: for each, its name, its text and the edits taken.
/// A file that fixes change: its name, and its text and encoding as compiled, with the edits.
struct Planned {
    name: String,
    text: String,
    encoding: Encoding,
    edits: Edits,
}

type Plan = BTreeMap<PathBuf, Planned>;

/// The fixes of at least `least` applicability that this round applies (see the module's
/// comment); `stdin`, the canonical path standard input stands for, when it is read.
fn plan<T>(compiled: &[Compiled<T>], least: Applicability, stdin: Option<&Path>) -> Plan {
    let mut plan = Plan::new();
    // A file several compilations read brings its fixes once.
    let mut seen = HashSet::new();
    // Fixes in the order of their first edit, so that which of two overlapping ones wins does
    // not depend on the order of compilations.
    let mut wanted: Vec<(&Compiled<T>, Vec<Located>)> = Vec::new();
    for c in compiled {
        let sources = &c.unit.sources;
        for fix in c.unit.diagnostics.iter().filter_map(|d| d.fix.as_ref()) {
            let own = fix.edits.iter().all(|e| {
                let path = &sources.get(e.file).path;
                (e.file.0 as usize) < c.own && stdin.is_none_or(|stdin| stdin == path)
            });
            if fix.applicability < least || fix.edits.is_empty() || !own {
                continue;
            }
            let edits: Vec<Located> = fix
                .edits
                .iter()
                .map(|e| {
                    let path = sources.get(e.file).path.clone();
                    (path, e.span.start as usize, e.span.end as usize, e.replacement.as_str())
                })
                .collect();
            if seen.insert(edits.clone()) {
                wanted.push((c, edits));
            }
        }
    }
    wanted.sort_by(|(_, a), (_, b)| a[0].0.cmp(&b[0].0).then(a[0].1.cmp(&b[0].1)));
    for (c, edits) in wanted {
        let file = |path: &Path| c.unit.sources.find(path).map(|id| c.unit.sources.get(id));
        let free = edits.iter().enumerate().all(|(i, (path, start, end, _))| {
            file(path).is_some_and(|f| f.text.get(*start..*end).is_some())
                && plan.get(path).is_none_or(|p| !p.edits.overlaps(*start, *end))
                && !edits[..i]
                    .iter()
                    .any(|(p, s, e, _)| p == path && *start <= *e && *s <= *end)
        });
        if !free {
            continue;
        }
        for (i, (path, start, end, replacement)) in edits.into_iter().enumerate() {
            let entry = plan.entry(path.clone()).or_insert_with(|| {
                let f = file(&path).expect("checked above");
                Planned {
                    name: f.name.clone(),
                    text: f.text.clone(),
                    encoding: f.encoding,
                    edits: Edits::default(),
                }
            });
            entry.edits.list.push((start, end, replacement.to_owned()));
            // A fix counts once, in the file of its first edit.
            if i == 0 {
                entry.edits.fixes += 1;
            }
        }
    }
    plan
}
