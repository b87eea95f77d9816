//! What a Windows machine already has, that a WMI compilation may use without declaring: a
//! provider's MOF derives from `CIM_Process` or `Win32_Service` and names them in references,
//! and is loaded with mofcomp into a repository that holds them. mofc does not ship these
//! classes (a Windows `root\cimv2` alone holds over a thousand, whose members change between
//! Windows versions; a partial copy would give wrong answers where it is silent); it knows the
//! names, by the conventions Microsoft documents for them, and says once per class that it
//! assumes the class is there. What the class would give (inherited members, overrides of
//! them, keys) is then not checked: the class that uses it is resolved as incomplete.
//!
//! Microsoft's `MSFT_` classes are not among them: they live in the namespaces of the Windows
//! features that register them, not in every `root\cimv2`, and DSC resource modules use the
//! prefix for their own classes, which a schema must ship.

/// A family of classes that the target of a WMI compilation has: a name prefix (or an exact
/// name) and where the classes come from, in words.
struct Family {
    prefix: &'static str,
    exact: bool,
    source: &'static str,
}

const FAMILIES: [Family; 4] = [
    // Microsoft Learn, "CIM WMI Provider": the CIM Schema classes WMI implements, in root\cimv2.
    Family {
        prefix: "CIM_",
        exact: false,
        source: "every Windows `root\\cimv2` holds the CIM classes that WMI implements",
    },
    // Microsoft Learn, "Win32 Provider" / "Win32 Classes": the Win32_ classes of root\cimv2.
    Family {
        prefix: "Win32_",
        exact: false,
        source: "every Windows `root\\cimv2` holds the Win32 provider's classes",
    },
    // Microsoft Learn, "WMI System Classes": every namespace has the `__` classes; mofc has
    // the ones user MOF uses most (`builtin/wmi-classes.mof`), not all.
    Family {
        prefix: "__",
        exact: false,
        source: "every WMI namespace holds the WMI system classes",
    },
    // Configuration Manager, "Extending hardware inventory": inventory classes derive from it.
    Family {
        prefix: "SMS_Class_Template",
        exact: true,
        source: "Configuration Manager clients hold it as the base of hardware inventory classes",
    },
];

/// Where a class that a WMI compilation does not declare comes from, if a Windows machine (or
/// a well-known Windows product) has it.
pub fn provides(class: &str) -> Option<&'static str> {
    FAMILIES
        .iter()
        .find(|f| {
            let len = f.prefix.len();
            let head = class.get(..len).is_some_and(|h| h.eq_ignore_ascii_case(f.prefix));
            head && if f.exact { class.len() == len } else { class.len() > len }
        })
        .map(|f| f.source)
}

#[cfg(test)]
mod tests {
    use super::provides;

    #[test]
    fn families_by_prefix_or_name() {
        assert!(provides("CIM_Process").is_some());
        assert!(provides("cim_logicalelement").is_some());
        assert!(provides("Win32_Service").is_some());
        assert!(provides("__ProviderRegistration").is_some());
        assert!(provides("SMS_Class_Template").is_some());
        assert_eq!(provides("MSFT_NetAdapter"), None);
        assert_eq!(provides("SMS_Class_Templates"), None);
        assert_eq!(provides("CIM_"), None);
        assert_eq!(provides("Sample_Process"), None);
        assert_eq!(provides("CIMProcess"), None);
    }
}
