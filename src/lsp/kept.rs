//! The model of a compilation, kept between requests.
//!
//! Hover, definition, references, completion, rename and the navigation requests need the
//! resolved model (`sema::Model`), which borrows the syntax trees of its unit. Analysing the
//! whole CIM Schema again for each request took about 15 ms. So each compilation keeps its unit
//! together with its analysis and the model the analysis built when it analysed the whole unit;
//! an edit that is analysed only where it has effects (`incremental.rs`) gives no whole model,
//! which is then built at the first request that needs one. It is dropped with the compilation
//! (on a thread of its own: freeing the CIM Schema's model takes milliseconds), and every
//! request until the next edit reads it for free.
//!
//! The model borrows from the unit it is kept with; `self_cell` makes that pair one owned value
//! (the unit is behind an `Arc`, whose contents never move, and is never changed once kept),
//! without unsafe code here.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use super::incremental::Analysis;
use super::locate::Decls;
use crate::sema::model::ClassId;
use crate::sema::{self, Model};
use crate::syntax::unit::Unit;

/// The whole model of a compilation, with its classes and instances by declaration.
pub struct Analysed<'a> {
    pub model: Model<'a>,
    /// Built at the first request that asks, not by every edit that analyses the whole unit.
    decls: OnceLock<Decls>,
}

impl<'a> Analysed<'a> {
    fn new(model: Model<'a>) -> Analysed<'a> {
        Analysed {
            model,
            decls: OnceLock::new(),
        }
    }

    /// The model's classes and instances by declaration.
    pub fn decls(&self) -> &Decls {
        self.decls.get_or_init(|| Decls::of(&self.model))
    }
}

/// A declaration, by its name and the file it is in: how requests that span the compilations of
/// a workspace (rename, type hierarchy, implementations) find it in each one's model.
#[derive(Debug, Clone)]
pub struct Declared {
    pub name: String,
    pub path: PathBuf,
}

impl Analysed<'_> {
    /// The class of the model that a declaration names: same name, declared in the same file.
    pub fn class_declared(&self, unit: &Unit, declared: &Declared) -> Option<ClassId> {
        self.model.input_classes().find_map(|(id, c)| {
            let file = c.origin.file()?;
            (c.decl.name.is(&declared.name) && unit.sources.get(file).path == declared.path).then_some(id)
        })
    }

    /// A class of the model as a [`Declared`]; `None` for a built-in one.
    pub fn declared(&self, unit: &Unit, class: ClassId) -> Option<Declared> {
        let class = &self.model.classes[class];
        Some(Declared {
            name: class.name().to_string(),
            path: unit.sources.get(class.origin.file()?).path.clone(),
        })
    }
}

/// What is kept with a unit: its analysis, and the model of the whole unit once built.
pub struct Held<'a> {
    analysis: Analysis,
    whole: OnceLock<Analysed<'a>>,
}

self_cell::self_cell!(
    /// A unit, its analysis and the model of its whole analysis.
    pub struct Kept {
        owner: Arc<Unit>,
        #[not_covariant]
        dependent: Held,
    }
);

impl Kept {
    /// Keeps `unit` with what `analyze` gives of it: its analysis, and the model of the whole
    /// unit if the analysis built one.
    pub fn analysed(unit: Arc<Unit>, analyze: impl for<'a> FnOnce(&'a Unit) -> (Analysis, Option<Model<'a>>)) -> Kept {
        Kept::new(unit, |unit| {
            let (analysis, model) = analyze(unit);
            let whole = OnceLock::new();
            if let Some(model) = model {
                let _ = whole.set(Analysed::new(model));
            }
            Held { analysis, whole }
        })
    }

    pub fn analysis(&self) -> &Analysis {
        self.with_dependent(|_, held| &held.analysis)
    }

    /// Calls `f` with the unit's whole model, analysing the unit first if no request has since
    /// it was compiled.
    pub fn with<R>(&self, options: &sema::Options, f: impl for<'a> FnOnce(&'a Unit, &Analysed<'a>) -> R) -> R {
        self.with_dependent(|unit, held| {
            let analysed = held.whole.get_or_init(|| {
                let (model, _) = sema::analyze(unit, options);
                Analysed::new(model)
            });
            f(unit, analysed)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::incremental::{self, Index};
    use crate::source::{DiskWorld, SearchPath};

    /// The model is built once, from the unit it is kept with, and answers like a fresh one.
    #[test]
    fn the_model_is_built_once_and_borrows_the_kept_unit() {
        let dir = std::env::temp_dir().join(format!("mofc-kept-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.mof");
        std::fs::write(&path, "class A { string P; };\nclass B : A { };\n").unwrap();
        let unit = Arc::new(Unit::load(&DiskWorld, &path, &SearchPath::default()).unwrap());
        let options = sema::Options::default();
        // An analysis that gives no model, as one of what an edit affects does.
        let kept = Kept::analysed(unit.clone(), |unit| {
            let index = Index::of(unit, None);
            (
                incremental::analyze(unit, index, &options, None, &Default::default()).0,
                None,
            )
        });
        let first = kept.with(&options, |unit, analysed| {
            let b = analysed.model.input_classes().find(|(_, c)| c.name() == "B").unwrap();
            // The model's declarations are the kept unit's trees.
            assert!(std::ptr::eq(b.1.decl.name.text.as_ptr(), {
                let crate::syntax::ast::Item::Class(decl) = &unit.files[0].items[1] else {
                    panic!("a class")
                };
                decl.name.text.as_ptr()
            }));
            assert!(b.1.property("P").is_some());
            std::ptr::from_ref(&analysed.model) as usize
        });
        let second = kept.with(&options, |_, analysed| std::ptr::from_ref(&analysed.model) as usize);
        assert_eq!(first, second, "analysed once");
        drop(unit);
        // The kept unit outlives the caller's handle.
        assert_eq!(
            kept.with(&options, |_, analysed| analysed.model.input_classes().count()),
            2
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
