//! PowerShell parameter types as `Test-xDscResource` compares them, and the type each schema
//! property needs (xDSCResourceDesigner's `$TypeMap`).
//!
//! PowerShell resolves a type literal to a .NET type before xDSCResourceDesigner compares full
//! names; statically, a type is its full name without `System.`, in lower case, with the type
//! accelerators of Windows PowerShell 5.1 (`[int]`, `[bool]`, `[PSCredential]`, ...) expanded.

use crate::sema::model::{Property, find};
use crate::syntax::ast::{Intrinsic, Type, ValueKind};
use crate::syntax::powershell::Parameter;

/// A type as compared: `int32`, `string[]`, `management.automation.pscredential`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PsType(String);

/// The accelerators of Windows PowerShell 5.1 that the rules meet, with what they stand for.
const ACCELERATORS: [(&str, &str); 16] = [
    ("int", "int32"),
    ("long", "int64"),
    ("bool", "boolean"),
    ("float", "single"),
    ("hashtable", "collections.hashtable"),
    ("pscredential", "management.automation.pscredential"),
    ("ciminstance", "microsoft.management.infrastructure.ciminstance"),
    ("switch", "management.automation.switchparameter"),
    ("psobject", "management.automation.psobject"),
    ("pscustomobject", "management.automation.psobject"),
    ("scriptblock", "management.automation.scriptblock"),
    ("array", "array"),
    ("securestring", "security.securestring"),
    ("regex", "text.regularexpressions.regex"),
    ("xml", "xml.xmldocument"),
    ("uri", "uri"),
];

impl PsType {
    /// The type a parameter is declared with; an untyped parameter is `[System.Object]`.
    pub fn of(parameter: &Parameter) -> PsType {
        PsType::parse(parameter.type_name.as_ref().map_or("System.Object", |t| &t.text))
    }

    pub fn parse(written: &str) -> PsType {
        let lower = written.to_ascii_lowercase();
        let (name, array) = match lower.strip_suffix("[]") {
            Some(element) => (element, "[]"),
            None => (lower.as_str(), ""),
        };
        let name = name.strip_prefix("system.").unwrap_or(name);
        let name = ACCELERATORS
            .iter()
            .find(|(short, _)| *short == name)
            .map_or(name, |(_, full)| full);
        PsType(format!("{name}{array}"))
    }

    pub fn is_array(&self) -> bool {
        self.0.ends_with("[]")
    }

    /// Whether `Test-xDscResource` accepts a parameter of this type (`UnsupportedTypeError`
    /// otherwise): a type of its `$TypeMap`, or any `CimInstance` type.
    pub fn is_supported(&self) -> bool {
        let element = self.0.strip_suffix("[]").unwrap_or(&self.0);
        INTRINSIC.iter().any(|(_, name)| name.eq_ignore_ascii_case(element))
            || element == PSCREDENTIAL
            || self.0.contains(CIMINSTANCE)
    }

    /// The type as PowerShell writes its full name (as written here, for a type the rules do
    /// not know).
    pub fn display(&self) -> String {
        let element = self.0.strip_suffix("[]").unwrap_or(&self.0);
        let name = match element {
            CIMINSTANCE => "Microsoft.Management.Infrastructure.CimInstance".to_string(),
            PSCREDENTIAL => "System.Management.Automation.PSCredential".to_string(),
            _ => match INTRINSIC.iter().find(|(_, name)| name.eq_ignore_ascii_case(element)) {
                Some((_, cased)) => format!("System.{cased}"),
                None => format!("System.{element}"),
            },
        };
        format!("{name}{}", self.array_suffix())
    }

    fn array_suffix(&self) -> &'static str {
        if self.is_array() { "[]" } else { "" }
    }
}

const PSCREDENTIAL: &str = "management.automation.pscredential";
const CIMINSTANCE: &str = "microsoft.management.infrastructure.ciminstance";

/// Each MOF type with the .NET type of its parameter (without `System.`), as .NET writes it.
const INTRINSIC: [(Intrinsic, &str); 14] = [
    (Intrinsic::Uint8, "Byte"),
    (Intrinsic::Uint16, "UInt16"),
    (Intrinsic::Uint32, "UInt32"),
    (Intrinsic::Uint64, "UInt64"),
    (Intrinsic::Sint8, "SByte"),
    (Intrinsic::Sint16, "Int16"),
    (Intrinsic::Sint32, "Int32"),
    (Intrinsic::Sint64, "Int64"),
    (Intrinsic::Real32, "Single"),
    (Intrinsic::Real64, "Double"),
    (Intrinsic::Char16, "Char"),
    (Intrinsic::String, "String"),
    (Intrinsic::Boolean, "Boolean"),
    (Intrinsic::Datetime, "DateTime"),
];

/// The type a property's parameter must have, and whether it holds an embedded instance (whose
/// type xDSCResourceDesigner does not compare: a mismatch there is a warning). `None` for a
/// type DSC has no parameter type for (the schema rules' finding).
pub fn expected(property: &Property) -> Option<(PsType, bool)> {
    let array = if property.decl.array.is_some() { "[]" } else { "" };
    if let Some(embedded) = find(&property.qualifiers, "EmbeddedInstance") {
        let class = match embedded.value.map(|v| &v.kind) {
            Some(ValueKind::String(class)) => class.as_ref(),
            _ => "",
        };
        let name = if class.eq_ignore_ascii_case("MSFT_Credential") {
            format!("{PSCREDENTIAL}{array}")
        } else if class.eq_ignore_ascii_case("MSFT_KeyValuePair") {
            // A hashtable in the configuration: an array of `MSFT_KeyValuePair` instances.
            format!("{CIMINSTANCE}[]")
        } else {
            format!("{CIMINSTANCE}{array}")
        };
        return Some((PsType(name), true));
    }
    let Type::Intrinsic(intrinsic, _) = property.decl.ty else {
        return None;
    };
    let (_, name) = INTRINSIC.iter().find(|(i, _)| *i == intrinsic)?;
    Some((PsType(format!("{}{array}", name.to_ascii_lowercase())), false))
}

#[cfg(test)]
mod tests {
    use super::PsType;

    #[test]
    fn type_literals_resolve_as_powershell_resolves_them() {
        assert_eq!(PsType::parse("System.String"), PsType::parse("string"));
        assert_eq!(PsType::parse("int"), PsType::parse("System.Int32"));
        assert_eq!(PsType::parse("Bool[]"), PsType::parse("System.Boolean[]"));
        assert_eq!(
            PsType::parse("PSCredential"),
            PsType::parse("System.Management.Automation.PSCredential")
        );
        assert_ne!(PsType::parse("UInt32"), PsType::parse("Int32"));
        assert!(PsType::parse("ciminstance[]").is_supported());
        assert!(!PsType::parse("hashtable").is_supported());
        assert_eq!(PsType::parse("uint32[]").display(), "System.UInt32[]");
        assert_eq!(
            PsType::parse("pscredential").display(),
            "System.Management.Automation.PSCredential"
        );
    }
}
