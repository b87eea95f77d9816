//! `mofc repo --repo DIR ls | show | export | check | delete`: look into a repository and
//! manage it. Only `delete` opens the file for writing; the others leave its bytes as they are.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use miette::{IntoDiagnostic, WrapErr, miette};

use super::output::{self, note};
use crate::load::{self, amended, class_text};
use crate::repo::{RepoError, Repository, Store};
use crate::sema::{DEFAULT_NAMESPACE, normalize_namespace};

#[derive(clap::Args)]
pub struct RepoArgs {
    /// The repository folder.
    #[arg(long, value_name = "DIR")]
    repo: PathBuf,
    /// The namespace to look in.
    #[arg(short = 'n', long, value_name = "NS", default_value = DEFAULT_NAMESPACE, global = true)]
    namespace: String,
    #[command(subcommand)]
    command: RepoCommand,
}

#[derive(Subcommand)]
enum RepoCommand {
    /// List the namespaces, and the classes of the namespace with their instance counts.
    Ls,
    /// Print a class as stored (its own declaration), as MOF.
    Show {
        class: String,
        /// Merge the class's localized qualifiers for this locale (e.g. ms_409).
        #[arg(long)]
        locale: Option<String>,
    },
    /// Print the namespace's qualifiers, classes (superclasses first) and instances as MOF that
    /// loads back into the same repository contents.
    Export,
    /// Verify every record and page of the repository file.
    Check,
    /// Delete a class with its subclasses and all their instances, or one instance.
    Delete {
        /// The class to delete.
        #[arg(required_unless_present = "instance")]
        class: Option<String>,
        /// The object path of an instance to delete instead.
        #[arg(long, value_name = "PATH", conflicts_with = "class")]
        instance: Option<String>,
    },
}

pub fn run(args: RepoArgs) -> miette::Result<ExitCode> {
    let ns = normalize_namespace("", &args.namespace);
    let mut out = output::stdout();
    let code = match args.command {
        RepoCommand::Delete { class, instance } => delete(&args.repo, &ns, class, instance)?,
        RepoCommand::Export => {
            // What is intact is exported, and what is not is named: exit 2 all the same.
            let repo = Repository::open_read_only(&args.repo).into_diagnostic()?;
            let (store, damage) = repo.salvage().into_diagnostic()?;
            if damage.is_empty() {
                has_namespace(&store, &ns)?;
            }
            write!(out, "{}", export(&store, &ns)).into_diagnostic()?;
            if !damage.is_empty() {
                finish(out)?;
                let error = RepoError::Damaged(damage);
                return Err(miette!(
                    help = "the export holds every record that is intact",
                    "{error}"
                ));
            }
            ExitCode::SUCCESS
        }
        RepoCommand::Check => {
            let repo = Repository::open_read_only(&args.repo).into_diagnostic()?;
            let (store, damage) = repo.check().into_diagnostic()?;
            if !damage.is_empty() {
                for what in &damage {
                    writeln!(out, "damaged: {what}").into_diagnostic()?;
                }
                finish(out)?;
                return Err(RepoError::Damaged(damage)).into_diagnostic();
            }
            let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
            writeln!(
                out,
                "repository intact: {}, {}, {}, {}",
                count(store.namespaces.len(), "namespace", "namespaces"),
                count(
                    store.qualifiers.len(),
                    "qualifier declaration",
                    "qualifier declarations"
                ),
                count(store.classes.len(), "class", "classes"),
                count(store.instances.len(), "instance", "instances"),
            )
            .into_diagnostic()?;
            ExitCode::SUCCESS
        }
        RepoCommand::Ls => {
            let store = read_namespace(&args.repo, &ns)?;
            for name in store.namespaces.values() {
                writeln!(out, "namespace {name}").into_diagnostic()?;
            }
            for class in store.classes_in(&ns) {
                let instances = store.instances_of(&ns, &class.name).len();
                write!(out, "class {}", class.name).into_diagnostic()?;
                if let Some(superclass) = &class.superclass {
                    write!(out, " : {superclass}").into_diagnostic()?;
                }
                if instances > 0 {
                    write!(out, " ({instances} instances)").into_diagnostic()?;
                }
                writeln!(out).into_diagnostic()?;
            }
            ExitCode::SUCCESS
        }
        RepoCommand::Show { class, locale } => {
            let store = read_namespace(&args.repo, &ns)?;
            let stored = store
                .class(&ns, &class)
                .ok_or_else(|| miette!("there is no class {class} in {ns}"))?;
            let mut text = stored.text.clone();
            if let Some(locale) = locale {
                let locale_ns = format!("{ns}/{}", locale.to_ascii_lowercase());
                if let (Some(base), Some(amendment)) =
                    (stored.decl(), store.class(&locale_ns, &class).and_then(|a| a.decl()))
                {
                    text = class_text(&amended(&base, &amendment));
                }
            }
            write!(out, "{text}").into_diagnostic()?;
            ExitCode::SUCCESS
        }
    };
    finish(out)?;
    Ok(code)
}

/// The repository in `dir`, read without writing, if it has the namespace `ns`.
fn read_namespace(dir: &Path, ns: &str) -> miette::Result<Store> {
    let store = Repository::open_read_only(dir)
        .and_then(|r| r.read())
        .into_diagnostic()?;
    has_namespace(&store, ns)?;
    Ok(store)
}

fn has_namespace(store: &Store, ns: &str) -> miette::Result<()> {
    if store.has_namespace(ns) {
        Ok(())
    } else {
        Err(miette!("the repository has no namespace {ns}"))
    }
}

fn finish(out: output::Output<impl Write>) -> miette::Result<()> {
    out.finish().into_diagnostic().wrap_err("cannot write the output")
}

fn delete(
    dir: &std::path::Path,
    ns: &str,
    class: Option<String>,
    instance: Option<String>,
) -> miette::Result<ExitCode> {
    let repo = Repository::open(dir, false, "").into_diagnostic()?;
    let mut store = repo.read().into_diagnostic()?;
    has_namespace(&store, ns)?;
    let outcome = match (&class, &instance) {
        (Some(class), _) => load::delete_class(&mut store, ns, class, true),
        (None, Some(path)) => load::delete_instance(&mut store, ns, path, true),
        (None, None) => return Err(miette!("say what to delete")),
    };
    if !outcome.result.is_success() {
        note!("{}: {}", outcome.result, outcome.detail.unwrap_or_default());
        return Ok(ExitCode::from(1));
    }
    repo.commit(&store).into_diagnostic()?;
    for event in &outcome.intrinsic {
        note!("{}", event.json());
    }
    Ok(ExitCode::SUCCESS)
}

/// A namespace as MOF: qualifier declarations, classes with every superclass before its
/// subclasses, then instances.
fn export(store: &Store, ns: &str) -> String {
    let mut out = String::new();
    store.qualifiers_in(ns).for_each(|(_, text)| out.push_str(text));
    let depth = |name: &str| {
        std::iter::successors(store.class(ns, name), |c| {
            c.superclass.as_deref().and_then(|s| store.class(ns, s))
        })
        .take(store.classes.len() + 1)
        .count()
    };
    let mut classes: Vec<_> = store.classes_in(ns).map(|c| (depth(&c.name), c)).collect();
    classes.sort_by_key(|(d, c)| (*d, c.name.to_ascii_lowercase()));
    classes.iter().for_each(|(_, c)| out.push_str(&c.text));
    let instances = store.instances.range((ns.to_string(), String::new())..);
    for (_, instance) in instances.take_while(|((n, _), _)| n == ns) {
        out.push_str(&instance.text);
        out.push('\n');
    }
    out
}
