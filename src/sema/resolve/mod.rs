//! From syntax trees to the [`Model`]: declarations are collected in compilation order
//! (`declare.rs`), classes are linked into the class graph (`link.rs`), their effective features
//! and qualifiers computed down the inheritance tree (`inherit.rs`), amendments merged
//! (`amend.rs`) and instances resolved (`instances.rs`, with the MOF in embedded objects' strings:
//! `embedded.rs`). Each step reports what it cannot resolve.

mod amend;
mod declare;
mod embedded;
mod inherit;
mod instances;
mod link;

pub use amend::locale_namespace;
pub use declare::normalize_namespace;
pub use embedded::{MAX_STRING_DEPTH, parse_embedded};
pub use instances::key_value;

use std::collections::HashMap;

use rustc_hash::{FxHashMap, FxHashSet};

use super::model::{ClassId, Dialect, Model, NamespaceId, NoCase, Origin};
use crate::diag::{Code, Diagnostic};
use crate::source::{FileId, Span};
use crate::syntax::Suggester;
use crate::syntax::ast::Name;
use crate::syntax::unit::Unit;

/// The namespace a compilation starts in, unless told otherwise.
pub const DEFAULT_NAMESPACE: &str = "root/cimv2";

/// Builds the model of `unit`. Never fails: what cannot be resolved is reported and left out.
pub fn resolve<'a>(unit: &'a Unit, dialect: Option<Dialect>, namespace: &str) -> (Model<'a>, Vec<Diagnostic>) {
    let mut cx = Resolver {
        unit,
        model: Model::default(),
        out: Vec::new(),
        header_missing: super::header_missing(unit),
        assumed: FxHashSet::default(),
        aliases: HashMap::new(),
        class_names: None,
        property_names: FxHashMap::default(),
        alias_names: None,
        strings_deep: 0,
        namespace_ids: FxHashMap::default(),
    };
    cx.model.dialect.unit = Some(unit);
    cx.model.dialect.forced = dialect;
    let declared = declare::run(&mut cx, namespace);
    link::run(&mut cx);
    inherit::run(&mut cx);
    amend::run(&mut cx, &declared.amendments);
    instances::run(&mut cx, &declared.instances);
    (cx.model, cx.out)
}

/// The state of a resolution.
struct Resolver<'a> {
    unit: &'a Unit,
    model: Model<'a>,
    out: Vec<Diagnostic>,
    /// A C header of the compilation is missing, so unknown names may be its macros.
    header_missing: bool,
    /// Lower-case names of the classes assumed to be on the target machine, reported once.
    assumed: FxHashSet<String>,
    /// The aliases the compilation defines (`as $a`), which values may use: where each is
    /// defined, and the instance it names (none for a class).
    aliases: HashMap<NoCase<'a>, (FileId, Span, Option<usize>)>,
    /// The names of every class, for "did you mean" help: made at the first undefined class,
    /// once all classes are declared.
    class_names: Option<Suggester<'a>>,
    /// The property names of each class with an unknown property, for "did you mean" help.
    property_names: FxHashMap<ClassId, Suggester<'a>>,
    /// The same aliases, for "did you mean" help: made at the first undefined alias.
    alias_names: Option<Suggester<'a>>,
    /// How many embedded objects' strings the instance being checked is inside.
    strings_deep: usize,
    /// The id of each namespace path of `model.namespaces`: a file may switch between
    /// thousands, and searching the list for each took time the square of their number.
    namespace_ids: FxHashMap<String, NamespaceId>,
}

impl<'a> Resolver<'a> {
    /// Adds a label at a declaration if it is in a file (built-in ones have no place), or says
    /// where it comes from in the help otherwise.
    fn at_declaration(mut d: Diagnostic, origin: Origin, span: Span, message: &str) -> Diagnostic {
        match origin {
            Origin::File(file) => d.with_secondary(file, span, message),
            Origin::Builtin => {
                let note = "(declared by mofc's built-in definitions)";
                d.help = Some(match d.help.take() {
                    Some(help) => format!("{help} {note}"),
                    None => note.into(),
                });
                d
            }
        }
    }

    fn push(&mut self, d: Diagnostic) {
        self.out.push(d);
    }

    /// Reports a name that is not a property of `class`, suggesting the closest one and
    /// pointing at the class's declaration.
    fn no_such_property(
        &mut self,
        code: Code,
        file: FileId,
        class: ClassId,
        name: &Name,
        message: String,
        label: &str,
    ) {
        let c = &self.model.classes[class];
        let names = self
            .property_names
            .entry(class)
            .or_insert_with(|| Suggester::new(c.properties.iter().map(|p| &*p.decl.name.text)));
        let mut d = Diagnostic::new(code, file, name.span, message).with_label(label);
        if let Some(close) = names.suggestion(&name.text) {
            d = d.with_suggestion(close, close.fix(file, name.span, &name.text));
        }
        let d = Resolver::at_declaration(d, c.origin, c.decl.name.span, "the class is declared here");
        self.push(d);
    }
}
