//! `mofc repo --repo DIR ls | show | export | delete`: look into a repository and manage it.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use miette::{IntoDiagnostic, miette};

use crate::load::{self, amended, class_text};
use crate::repo::{Repository, Store};
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
    let repo = Repository::open(&args.repo, false, "").into_diagnostic()?;
    let mut store = repo.read().into_diagnostic()?;
    let ns = normalize_namespace("", &args.namespace);
    if !store.has_namespace(&ns) {
        return Err(miette!("the repository has no namespace {ns}"));
    }
    match args.command {
        RepoCommand::Ls => {
            for name in store.namespaces.values() {
                println!("namespace {name}");
            }
            for class in store.classes_in(&ns) {
                let instances = store.instances_of(&ns, &class.name).len();
                match &class.superclass {
                    Some(superclass) => print!("class {} : {superclass}", class.name),
                    None => print!("class {}", class.name),
                }
                println!(
                    "{}",
                    if instances > 0 {
                        format!(" ({instances} instances)")
                    } else {
                        String::new()
                    }
                );
            }
        }
        RepoCommand::Show { class, locale } => {
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
            print!("{text}");
        }
        RepoCommand::Export => print!("{}", export(&store, &ns)),
        RepoCommand::Delete { class, instance } => {
            let outcome = match (&class, &instance) {
                (Some(class), _) => load::delete_class(&mut store, &ns, class, true),
                (None, Some(path)) => load::delete_instance(&mut store, &ns, path, true),
                (None, None) => return Err(miette!("say what to delete")),
            };
            if !outcome.result.is_success() {
                eprintln!("{}: {}", outcome.result, outcome.detail.unwrap_or_default());
                return Ok(ExitCode::from(1));
            }
            repo.commit(&store).into_diagnostic()?;
            for event in &outcome.intrinsic {
                eprintln!("{}", event.json());
            }
        }
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
