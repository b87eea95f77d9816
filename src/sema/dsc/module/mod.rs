//! The rules on a resource schema against its module (`dsc.md` section B, `DSC2xx`), one file
//! each: what `Test-xDscResource` checks, without importing the module.
//!
//! The module is the `<Name>.psm1` beside `<Name>.schema.mof` that the compilation loaded with
//! the schema (`Unit::modules`); a schema without one (a composite or class-based resource) is
//! not checked here. The resource's properties are those its class declares itself: as
//! xDSCResourceDesigner, which compiles the schema without `OMI_BaseResource`, the base's
//! properties are not the module's business.
//!
//! A finding about a parameter is reported in the module at the parameter (from its first
//! attribute), with a label at the schema's property. As `Test-xDscResource`, the schema is
//! compared with `Get-TargetResource` for its `Key` and `Required` properties and with
//! `Set-TargetResource` for all; `Test-TargetResource` is compared with `Set-` (DSC209), and the
//! rest of `Get-` with `Set-` (DSC210), so that one fault is reported once.

mod extra_parameter;
mod functions;
mod get_keys;
mod get_returns;
mod get_subset;
mod mandatory;
mod module_syntax;
mod output_type;
mod parameter_type;
mod read_parameter;
mod set_test_identical;
mod set_test_properties;
mod supported_types;
mod types;
mod validate_set;

use crate::diag::{Code, Diagnostic};
use crate::sema::model::{Class, Model, Property, flag};
use crate::source::FileId;
use crate::syntax::dsc_files::resource_name;
use crate::syntax::powershell::{self, Function, Module, Parameter, TARGET_FUNCTIONS};
use crate::syntax::unit::Unit;

/// A resource schema with its module.
pub struct Resource<'m, 'a> {
    pub schema: FileId,
    pub class: &'m Class<'a>,
    /// The properties the resource class declares itself, in order.
    pub properties: Vec<&'m Property<'a>>,
    /// The module's file and what it holds.
    pub file: FileId,
    pub module: Module,
}

/// The three functions, when the module defines them all.
pub struct Functions<'r> {
    pub get: &'r Function,
    pub set: &'r Function,
    pub test: &'r Function,
}

/// What a property is to DSC, decided as xDSCResourceDesigner does: `Key`, else `Required`,
/// else `Write`, else `Read`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Key,
    Required,
    Write,
    Read,
}

impl Kind {
    pub fn of(property: &Property) -> Kind {
        let is = |name| flag(&property.qualifiers, name);
        if is("Key") {
            Kind::Key
        } else if is("Required") {
            Kind::Required
        } else if is("Write") {
            Kind::Write
        } else {
            Kind::Read
        }
    }

    /// Whether a parameter for such a property must be mandatory.
    pub fn mandatory(self) -> bool {
        matches!(self, Kind::Key | Kind::Required)
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Key => "Key",
            Kind::Required => "Required",
            Kind::Write => "Write",
            Kind::Read => "Read",
        }
    }
}

impl<'m, 'a> Resource<'m, 'a> {
    pub fn property(&self, name: &str) -> Option<&'m Property<'a>> {
        self.properties
            .iter()
            .copied()
            .find(|p| p.decl.name.text.eq_ignore_ascii_case(name))
    }

    pub fn functions(&self) -> Option<Functions<'_>> {
        let [get, set, test] = TARGET_FUNCTIONS.map(|name| self.module.function(name));
        Some(Functions {
            get: get?,
            set: set?,
            test: test?,
        })
    }

    /// The parameters compared with their property, as `Test-xDscResource` compares them: those
    /// of `Get-TargetResource` for the `Key` and `Required` properties, and those of
    /// `Set-TargetResource` for every property but `Read` ones.
    pub fn compared<'r>(&self, functions: &Functions<'r>) -> Vec<(&'r Parameter, &'m Property<'a>)> {
        let mut pairs = Vec::new();
        for &property in &self.properties {
            let kind = Kind::of(property);
            let name = &property.decl.name.text;
            if kind.mandatory()
                && let Some(parameter) = functions.get.parameter(name)
            {
                pairs.push((parameter, property));
            }
            if kind != Kind::Read
                && let Some(parameter) = functions.set.parameter(name)
            {
                pairs.push((parameter, property));
            }
        }
        pairs
    }

    /// A diagnostic in the module at a parameter.
    pub fn at_parameter(&self, code: Code, parameter: &Parameter, message: String) -> Diagnostic {
        Diagnostic::new(code, self.file, parameter.span, message)
    }

    /// A diagnostic in the module at a function's name.
    pub fn at_function(&self, code: Code, function: &Function, message: String) -> Diagnostic {
        Diagnostic::new(code, self.file, function.name_span, message)
    }

    /// The label at a property of the schema.
    pub fn with_property(&self, d: Diagnostic, property: &Property) -> Diagnostic {
        let kind = Kind::of(property);
        d.with_secondary(
            self.schema,
            property.decl.name.span,
            format!("`{}` is declared `{}` here", property.decl.name.text, kind.name()),
        )
    }
}

/// The parameters PowerShell gives every advanced function (and those of `SupportsShouldProcess`,
/// paging and transactions), which `Test-xDscResource` leaves out of its comparisons.
pub fn is_common(name: &str) -> bool {
    const COMMON: [&str; 18] = [
        "Verbose",
        "Debug",
        "ErrorAction",
        "WarningAction",
        "InformationAction",
        "ProgressAction",
        "ErrorVariable",
        "WarningVariable",
        "InformationVariable",
        "OutVariable",
        "OutBuffer",
        "PipelineVariable",
        "WhatIf",
        "Confirm",
        "UseTransaction",
        "First",
        "Skip",
        "IncludeTotalCount",
    ];
    COMMON.iter().any(|c| c.eq_ignore_ascii_case(name))
}

/// The resources of the compilation that have a module beside their schema.
fn resources<'m, 'a>(unit: &'m Unit, model: &'m Model<'a>) -> Vec<Resource<'m, 'a>> {
    let mut found = Vec::new();
    for &(schema, file) in &unit.modules {
        let source = unit.sources.get(schema);
        let Some(resource) = source.path.file_name().and_then(|n| n.to_str()).and_then(resource_name) else {
            continue;
        };
        let class = model
            .input_classes()
            .map(|(_, class)| class)
            .find(|class| class.origin.file() == Some(schema) && class.name().eq_ignore_ascii_case(resource));
        // A schema without its resource class is the schema rules' finding.
        let Some(class) = class else {
            continue;
        };
        found.push(Resource {
            schema,
            class,
            properties: class.properties.own().collect(),
            file,
            module: powershell::parse(&unit.sources.get(file).text),
        });
    }
    found
}

pub fn check(unit: &Unit, model: &Model, out: &mut Vec<Diagnostic>) {
    for resource in resources(unit, model) {
        if module_syntax::check(&resource, out) {
            continue;
        }
        functions::check(&resource, out);
        let Some(functions) = resource.functions() else {
            continue;
        };
        output_type::check(&resource, &functions, out);
        supported_types::check(&resource, &functions, out);
        get_keys::check(&resource, &functions, out);
        set_test_properties::check(&resource, &functions, out);
        extra_parameter::check(&resource, &functions, out);
        read_parameter::check(&resource, &functions, out);
        mandatory::check(&resource, &functions, out);
        parameter_type::check(&resource, &functions, out);
        validate_set::check(&resource, &functions, out);
        set_test_identical::check(&resource, &functions, out);
        get_subset::check(&resource, &functions, out);
        get_returns::check(&resource, &functions, out);
    }
}
