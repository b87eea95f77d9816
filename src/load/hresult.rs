//! The WMI result codes (`wbem-codes.tsv`) that loads report. Every operation ends with one.

use std::fmt;

/// An HRESULT as WMI returns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HResult(pub u32);

macro_rules! codes {
    ($($name:ident = $value:literal,)*) => {
        impl HResult {
            $(pub const $name: HResult = HResult($value);)*

            /// The symbolic name, e.g. `WBEM_E_NOT_FOUND`.
            pub fn name(self) -> &'static str {
                match self.0 {
                    $($value => stringify!($name),)*
                    _ => "WBEM_E_FAILED",
                }
            }
        }
    };
}

codes! {
    WBEM_S_NO_ERROR = 0x0,
    WBEM_E_FAILED = 0x80041001,
    WBEM_E_NOT_FOUND = 0x80041002,
    WBEM_E_TYPE_MISMATCH = 0x80041005,
    WBEM_E_INVALID_PARAMETER = 0x80041008,
    WBEM_E_INVALID_SUPERCLASS = 0x8004100D,
    WBEM_E_INVALID_NAMESPACE = 0x8004100E,
    WBEM_E_INVALID_CLASS = 0x80041010,
    WBEM_E_INVALID_OPERATION = 0x80041016,
    WBEM_E_ALREADY_EXISTS = 0x80041019,
    WBEM_E_CLASS_HAS_CHILDREN = 0x80041025,
    WBEM_E_CLASS_HAS_INSTANCES = 0x80041026,
    WBEM_E_ILLEGAL_NULL = 0x80041028,
    WBEM_E_INVALID_QUALIFIER_TYPE = 0x80041029,
    WBEM_E_INVALID_PROPERTY = 0x80041031,
    WBEM_E_INVALID_OBJECT_PATH = 0x8004103A,
    WBEM_E_CIRCULAR_REFERENCE = 0x80041047,
    WBEM_E_UPDATE_TYPE_MISMATCH = 0x80041052,
    WBEM_E_UPDATE_OVERRIDE_NOT_ALLOWED = 0x80041053,
    WBEM_E_UPDATE_PROPAGATED_METHOD = 0x80041054,
    WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE = 0x80041049,
    WBEM_E_NO_KEY = 0x80041089,
}

impl HResult {
    pub fn is_success(self) -> bool {
        self.0 & 0x8000_0000 == 0
    }
}

impl fmt::Display for HResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (0x{:08X})", self.name(), self.0)
    }
}
