//! The rules on compiled configuration documents (`dsc.md` section C, `DSC3xx`), one file each.
//!
//! A file is a configuration document when it holds `instance of OMI_ConfigurationDocument`, or
//! an instance of a DSC resource class (one deriving from `OMI_BaseResource`) that sets its
//! `ResourceID`: the second kind lacks the document instance, which DSC301 reports. A
//! *meta-configuration* is a document whose resources are settings of the Local Configuration
//! Manager (`MSFT_DSCMetaConfiguration`, the classes deriving from
//! `OMI_MetaConfigurationResource`).
//!
//! Faults that mofc finds in every instance are reported in a document's resources under the
//! DSC rule that covers them, in place of the general code (one diagnostic, its message and
//! place kept, the DSC code and help added): E0317 (unknown property) as DSC307, E0318 (missing
//! key) as DSC308, E0316 (value type) as DSC310, E0320 (undefined alias) as DSC315. So a
//! document's findings are selected and suppressed by their DSC codes. An unresolved resource
//! class (E0301) keeps its code but is reported once per class, naming the module the document
//! asks for. An in-box class used under another module's name (PSDscResources, say, when its
//! schemas were not given) is not checked property by property against the in-box schema,
//! which may not be the one the document was written for: DSC311 says so instead.

mod aliases;
mod base_properties;
mod consistency;
mod credentials;
mod dependency_cycle;
mod depends_on;
mod document_instance;
mod meta;
mod module;
mod required;
mod resource_id;
mod unique_ids;
mod unknown_property;
mod value_map;
mod value_type;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::diag::{Code, Diagnostic};
use crate::sema::builtin::{INBOX_MODULE, builtins};
use crate::sema::model::{Class, Instance, Model, Origin, find};
use crate::source::{FileId, Span};
use crate::syntax::ast::{InstanceDecl, PropertyValue, Value, ValueKind};
use crate::syntax::unit::Unit;

/// The properties of `OMI_BaseResource` a resource must set (DSC302), and that DSC308 leaves to it.
const BASE_REQUIRED: [&str; 3] = ["ResourceID", "ModuleName", "ModuleVersion"];

/// What a top-level instance of a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A DSC resource (its class derives from `OMI_BaseResource`).
    Resource,
    /// A setting of the Local Configuration Manager.
    Setting,
    /// An instance of a class that is not resolved, which sets `ResourceID`.
    Unresolved,
}

/// A resource (or setting) instance of a document.
pub struct Resource<'m, 'a> {
    pub instance: &'m Instance<'a>,
    /// Its position among the document's instances.
    pub position: usize,
    pub class: Option<&'m Class<'a>>,
    pub kind: Kind,
    /// The `ResourceID` string and where it is written.
    pub id: Option<(&'a str, Span)>,
}

impl<'a> Resource<'_, 'a> {
    pub fn decl(&self) -> &'a InstanceDecl {
        self.instance.decl
    }

    /// The string value of `property`, if it has one.
    pub fn string(&self, property: &str) -> Option<(&'a str, Span)> {
        string(self.instance.decl, property)
    }

    /// Whether the class is an in-box resource class that the document says comes from another
    /// module: its properties are then not checked against the in-box schema.
    pub fn foreign_inbox(&self) -> bool {
        self.class
            .is_some_and(|c| c.origin == Origin::Builtin && builtins().is_inbox(c.name()))
            && self
                .string("ModuleName")
                .is_some_and(|(module, _)| !module.eq_ignore_ascii_case(INBOX_MODULE))
    }

    /// The FriendlyName of the class, if it has one.
    pub fn friendly_name(&self) -> Option<&'a str> {
        match &find(&self.class?.qualifiers, "FriendlyName")?.value?.kind {
            ValueKind::String(s) => Some(s),
            _ => None,
        }
    }
}

/// A configuration document: one file of the compilation.
pub struct Document<'m, 'a> {
    pub file: FileId,
    pub model: &'m Model<'a>,
    /// Every top-level instance of the file, in order.
    pub instances: Vec<&'m Instance<'a>>,
    /// The resources and settings, in order.
    pub resources: Vec<Resource<'m, 'a>>,
    /// The resources by lower-case ResourceID: the first of each (several rules look them up).
    pub ids: FxHashMap<String, usize>,
}

impl<'m, 'a> Document<'m, 'a> {
    /// Each string of each resource's `DependsOn`: the resource's index, the ResourceID the
    /// string names, its span, and the resource of that ID if the document has one.
    pub fn dependencies(&self) -> impl Iterator<Item = (usize, &'a str, Span, Option<usize>)> + '_ {
        self.resources.iter().enumerate().flat_map(move |(index, resource)| {
            let depends = value(resource.decl(), "DependsOn").map_or(&[][..], |(_, v)| v.entries());
            depends.iter().filter_map(move |item| match &item.kind {
                ValueKind::String(target) => {
                    let to = self.ids.get(&target.to_ascii_lowercase()).copied();
                    Some((index, target.as_ref(), item.span, to))
                }
                _ => None,
            })
        })
    }

    /// The instances of `OMI_ConfigurationDocument`, with their positions among all instances.
    pub fn document_instances(&self) -> impl Iterator<Item = (usize, &'m Instance<'a>)> + '_ {
        self.instances
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, i)| i.decl.class.is("OMI_ConfigurationDocument"))
    }

    /// The resource whose instance's body holds `span`. A file's instances are in file order,
    /// so this is a binary search: a document with an error in each of thousands of resources
    /// is not quadratic.
    fn resource_at(&self, span: Span) -> Option<&Resource<'m, 'a>> {
        let after = self.resources.partition_point(|r| r.decl().span.start <= span.start);
        let resource = &self.resources[after.checked_sub(1)?];
        (span.end <= resource.decl().span.end).then_some(resource)
    }

    /// The instance whose body holds `span`, as [`Document::resource_at`] finds a resource.
    fn instance_at(&self, span: Span) -> Option<&'m Instance<'a>> {
        let after = self.instances.partition_point(|i| i.decl.span.start <= span.start);
        let instance = self.instances[after.checked_sub(1)?];
        (span.end <= instance.decl.span.end).then_some(instance)
    }
}

/// The value of `property` in `decl`, if it is given one.
pub fn value<'a>(decl: &'a InstanceDecl, property: &str) -> Option<(&'a PropertyValue, &'a Value)> {
    decl.properties
        .iter()
        .find_map(|pv| Some((pv, pv.value.as_ref()?)).filter(|_| pv.name.is(property)))
}

/// The string value of `property` in `decl`, if it has one.
pub fn string<'a>(decl: &'a InstanceDecl, property: &str) -> Option<(&'a str, Span)> {
    match value(decl, property)? {
        (
            _,
            Value {
                kind: ValueKind::String(s),
                span,
            },
        ) => Some((s, *span)),
        _ => None,
    }
}

/// The configuration documents of the compilation, one per file that is one.
fn documents<'m, 'a>(model: &'m Model<'a>) -> Vec<Document<'m, 'a>> {
    let base = model.class(model.start, "OMI_BaseResource");
    let setting_base = model.class(model.start, "OMI_MetaConfigurationResource");
    let derives = |class: Option<usize>, base: Option<usize>| match (class, base) {
        (Some(class), Some(base)) => model.derives_from(class, base),
        _ => false,
    };
    let mut found: Vec<Document> = Vec::new();
    let mut by_file: FxHashMap<FileId, usize> = FxHashMap::default();
    for instance in &model.instances {
        let decl = instance.decl;
        let kind = if decl.class.is("OMI_ConfigurationDocument") {
            None
        } else if derives(instance.class, base) {
            Some(Kind::Resource)
        } else if decl.class.is("MSFT_DSCMetaConfiguration") || derives(instance.class, setting_base) {
            Some(Kind::Setting)
        } else if instance.class.is_none() && string(decl, "ResourceID").is_some() {
            Some(Kind::Unresolved)
        } else {
            None
        };
        let index = *by_file.entry(instance.file).or_insert_with(|| {
            found.push(Document {
                file: instance.file,
                model,
                instances: Vec::new(),
                resources: Vec::new(),
                ids: FxHashMap::default(),
            });
            found.len() - 1
        });
        let document = &mut found[index];
        document.instances.push(instance);
        if let Some(kind) = kind {
            document.resources.push(Resource {
                instance,
                position: document.instances.len() - 1,
                class: instance.class.map(|c| &model.classes[c]),
                kind,
                id: string(decl, "ResourceID"),
            });
        }
    }
    found.retain(|d| {
        d.document_instances().next().is_some()
            || d.resources.iter().any(|r| r.kind == Kind::Resource && r.id.is_some())
    });
    for document in &mut found {
        for (index, resource) in document.resources.iter().enumerate() {
            if let Some((id, _)) = resource.id {
                document.ids.entry(id.to_ascii_lowercase()).or_insert(index);
            }
        }
    }
    found
}

pub fn check(_unit: &Unit, model: &Model, out: &mut Vec<Diagnostic>) {
    for document in documents(model) {
        adopt(&document, out);
        document_instance::check(&document, out);
        base_properties::check(&document, out);
        resource_id::check(&document, out);
        unique_ids::check(&document, out);
        depends_on::check(&document, out);
        dependency_cycle::check(&document, out);
        required::check(&document, out);
        value_map::check(&document, out);
        module::check(&document, out);
        credentials::check(&document, out);
        consistency::check(&document, out);
        meta::check(&document, out);
        aliases::check(&document, out);
    }
}

/// Takes over the general diagnostics of the document's resources (see the module's text), and
/// reports each unresolved class once.
fn adopt(document: &Document, out: &mut Vec<Diagnostic>) {
    let mut unresolved: FxHashSet<String> = FxHashSet::default();
    let mut keep = vec![true; out.len()];
    for (index, d) in out.iter_mut().enumerate() {
        if d.primary.file != document.file {
            continue;
        }
        if d.code == Code::UndefinedClass {
            let span = d.primary.span;
            let Some(class) = document.instance_at(span).and_then(|i| span_text(i.decl, span)) else {
                continue;
            };
            if unresolved.insert(class) {
                if let Some(resource) = document.resource_at(span) {
                    unresolved_class(resource, d);
                }
            } else {
                keep[index] = false;
            }
            continue;
        }
        let Some(resource) = document.resource_at(d.primary.span) else {
            continue;
        };
        let adopted = match d.code {
            Code::UnknownProperty => Some(Code::DscUnknownProperty),
            Code::MissingKey => Some(Code::DscRequiredProperty),
            Code::ValueType => Some(Code::DscValueType),
            Code::UndefinedAlias => Some(Code::DscAlias),
            _ => None,
        };
        let Some(code) = adopted else { continue };
        if resource.foreign_inbox() && code != Code::DscAlias {
            // DSC311 reports the instance once instead.
            keep[index] = false;
            continue;
        }
        d.code = code;
        d.severity = code.info().severity;
        match code {
            Code::DscUnknownProperty => unknown_property::adopted(resource, d),
            Code::DscRequiredProperty => required::adopted(d),
            Code::DscValueType => value_type::adopted(resource, d),
            _ => aliases::adopted(d),
        }
    }
    let mut keep = keep.into_iter();
    out.retain(|_| keep.next().unwrap_or(true));
}

/// The lower-case name of the class of the instance (nested ones included) whose class name is
/// written at `span` in `decl`.
fn span_text(decl: &InstanceDecl, span: Span) -> Option<String> {
    if decl.class.span == span {
        return Some(decl.class.text.to_ascii_lowercase());
    }
    decl.properties
        .iter()
        .filter_map(|pv| pv.value.as_ref())
        .flat_map(Value::entries)
        .find_map(|item| match &item.kind {
            ValueKind::Instance(inner) => span_text(inner, span),
            _ => None,
        })
}

/// The help of the one E0301 of a resource class: the module the document asks for.
fn unresolved_class(resource: &Resource, d: &mut Diagnostic) {
    let Some((module, _)) = resource.string("ModuleName") else {
        return;
    };
    let version = match resource.string("ModuleVersion") {
        Some((version, _)) => format!(" version {version}"),
        None => String::new(),
    };
    // A near name the compilation has is still worth saying first.
    let close = d
        .take_suggestion()
        .map_or(String::new(), |h| format!("{h} Otherwise, "));
    d.help = Some(format!(
        "{close}the document takes this class from module `{module}`{version}: give the folder that \
         holds the module (`{module}/[<version>/]DSCResources/<Class>/<Class>.schema.mof`) with `-I`, \
         or list the folders of your PowerShell modules in `dsc-module-path` in mofc.toml; \
         other instances of the class are not reported again"
    ));
}
