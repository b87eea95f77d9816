//! The stable diagnostic codes. A code never changes meaning once released; `mofc explain CODE`
//! prints the explanation written here.
//!
//! Numbering: `E00xx` reading files and includes, `E01xx` tokens and literals, `E02xx` syntax,
//! `W` the same ranges for warnings.

use super::Severity;

/// Declares the [`Code`] enum and its registry from one table, so they cannot disagree.
macro_rules! codes {
    ($($variant:ident = $code:literal, $severity:ident, $wbem:expr, $summary:literal, $explanation:literal;)*) => {
        /// A diagnostic's stable identity.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($variant,)* }

        /// Every code, in numbering order.
        pub static CODES: &[CodeInfo] = &[
            $(CodeInfo {
                code: Code::$variant,
                id: $code,
                severity: Severity::$severity,
                wbem: $wbem,
                summary: $summary,
                explanation: $explanation,
            },)*
        ];
    };
}

/// What a code means.
#[derive(Debug)]
pub struct CodeInfo {
    pub code: Code,
    /// `E0101`, `W0201`.
    pub id: &'static str,
    /// The severity unless configuration overrides it.
    pub severity: Severity,
    /// The WMI result code for the same fault, where mofcomp has one.
    pub wbem: Option<&'static str>,
    pub summary: &'static str,
    pub explanation: &'static str,
}

impl Code {
    pub fn info(self) -> &'static CodeInfo {
        &CODES[self as usize]
    }

    pub fn id(self) -> &'static str {
        self.info().id
    }

    /// Looks a code up by its id, case-insensitively (`e0101` works too).
    pub fn parse(id: &str) -> Option<Code> {
        CODES
            .iter()
            .find(|info| info.id.eq_ignore_ascii_case(id))
            .map(|info| info.code)
    }
}

codes! {
    FileUnreadable = "E0001", Error, None,
        "a file cannot be read",
        "The file named on the command line or in `#pragma include` exists but could not be read \
         (permissions, a folder where a file was expected, an I/O error).";
    InvalidEncoding = "E0002", Error, None,
        "a file is not valid UTF-8 or UTF-16",
        "MOF files must be UTF-8 (with or without a byte order mark) or UTF-16 with a byte order \
         mark. The diagnostic names the byte offset of the first invalid byte.";
    IncludeNotFound = "E0003", Error, Some("WBEMMOF_E_INVALID_PRAGMA"),
        "an included file does not exist",
        "`#pragma include(\"name\")` is resolved relative to the including file, then in each \
         `-I` search directory in order. The diagnostic shows the include chain that led here.";
    IncludeCycle = "E0004", Error, Some("WBEMMOF_E_INVALID_PRAGMA"),
        "a file includes itself",
        "A file includes itself, directly or through other files. The diagnostic shows the whole \
         cycle. Remove one of the includes.";
    FileTooLarge = "E0005", Error, None,
        "a file is larger than 4 GiB",
        "mofc addresses text with 32-bit offsets; MOF files of this size are not supported.";
    UnexpectedCharacter = "E0101", Error, Some("WBEMMOF_E_UNRECOGNIZED_TOKEN"),
        "a character that cannot start any token",
        "MOF text consists of names, literals, punctuation (`{ } [ ] ( ) ; , : =`), aliases \
         (`$name`), comments and pragmas. Any other character is reported and skipped.";
    UnterminatedString = "E0102", Error, Some("WBEMMOF_E_ILLEGAL_CONSTANT_VALUE"),
        "a string or char16 literal is never closed",
        "A string literal runs to the end of the file without its closing `\"`, or a char16 literal \
         has no closing `'` on its line. A stray quote earlier in the file is a common cause: \
         everything after it is read as the string.";
    UnterminatedComment = "E0103", Error, None,
        "a block comment is never closed",
        "A `/*` comment runs to the end of the file without `*/`. The diagnostic points at its start.";
    InvalidEscape = "E0104", Error, Some("WBEMMOF_E_ILLEGAL_CONSTANT_VALUE"),
        "an unknown escape sequence in a string or char16",
        "The escapes are `\\b \\t \\n \\f \\r \\\" \\' \\\\` and `\\x` or `\\X` followed by one to \
         four hexadecimal digits. Write a backslash as `\\\\`.";
    InvalidNumber = "E0105", Error, Some("WBEMMOF_E_ILLEGAL_CONSTANT_VALUE"),
        "a malformed numeric literal",
        "Integers are decimal (`42`), hexadecimal (`0x2A`), octal with a leading zero (`052`) or \
         binary with a `b` suffix (`101010b`), optionally signed. Reals are written `1.5`, `.5`, \
         `-1.2778E+02`; an exponent needs digits.";
    IntegerOutOfRange = "E0106", Error, Some("WBEM_E_VALUE_OUT_OF_RANGE"),
        "an integer does not fit its type",
        "Integer values are checked against the range of the type they are given to: `sint8` \
         holds -128 to 127, `uint8` 0 to 255, and so on up to 64 bits. A literal beyond 64 bits \
         never fits.";
    InvalidChar16 = "E0107", Error, Some("WBEMMOF_E_ILLEGAL_CONSTANT_VALUE"),
        "a char16 literal that is not exactly one character",
        "A char16 literal holds one UTF-16 code unit: `'a'`, `'\\''`, `'\\x263A'`.";
    SyntaxError = "E0201", Error, Some("WBEMMOF_E_UNRECOGNIZED_TOKEN"),
        "the text does not follow the MOF grammar",
        "The parser found a token where the grammar does not allow it. The message says what was \
         expected there. The parser skips to the next property, method or declaration and \
         reports any further errors too.";
    UnexpectedEof = "E0202", Error, Some("WBEMMOF_E_UNRECOGNIZED_TOKEN"),
        "the file ends in the middle of a declaration",
        "The file ended before the declaration being read was complete, often because of a \
         missing `}`, `)` or `;`.";
    UnknownType = "E0203", Error, Some("WBEMMOF_E_UNRECOGNIZED_TYPE"),
        "an unknown data type",
        "The intrinsic types are uint8, uint16, uint32, uint64, sint8, sint16, sint32, sint64, \
         real32, real64, string, char16, boolean and datetime (and WMI's object). A reference is \
         written `ClassName REF name`.";
    UnknownScope = "E0204", Error, None,
        "an unknown scope in a qualifier declaration",
        "Scopes are class, association, indication, qualifier, property, reference, method, \
         parameter and any.";
    UnknownFlavor = "E0205", Error, Some("WBEM_E_INVALID_FLAVOR"),
        "an unknown flavor",
        "Flavors are EnableOverride, DisableOverride, Restricted, ToSubclass, Translatable and \
         ToInstance, and in WMI MOF also Amended, NotToInstance and NotToSubclass.";
    ContradictoryFlavors = "E0206", Error, Some("WBEM_E_INVALID_FLAVOR"),
        "flavors that contradict each other",
        "EnableOverride and DisableOverride, ToSubclass and Restricted (or NotToSubclass), \
         ToInstance and NotToInstance cannot be given together.";
    MissingScope = "E0207", Error, None,
        "a qualifier declaration without a scope",
        "Every qualifier declaration names where the qualifier may be used: \
         `Qualifier Key : boolean = false, Scope(property, reference), Flavor(DisableOverride);`";
    InvalidArraySize = "E0208", Error, Some("WBEMMOF_E_ILLEGAL_CONSTANT_VALUE"),
        "an array size that is not a positive integer",
        "A fixed-size array is declared `uint8 Data[16];` with a positive decimal size.";
    InvalidPragma = "E0209", Error, Some("WBEMMOF_E_INVALID_PRAGMA"),
        "a pragma with missing or wrong arguments",
        "Each pragma takes particular arguments: `#pragma include(\"file.mof\")`, \
         `#pragma namespace(\"root/cimv2\")`, `#pragma deleteclass(\"Name\", NOFAIL)`, \
         `#pragma autorecover` (no arguments).";
    NestingTooDeep = "E0210", Error, None,
        "braces nested too deeply",
        "A declaration nests `{` more than 100 levels deep (embedded instances within embedded \
         instances). No real schema does; mofc refuses it rather than risk exhausting the stack.";
    InvalidDirective = "E0211", Error, None,
        "a C preprocessor directive mofc cannot run",
        "WDK MOF sources are written for the C preprocessor. mofc runs `#define` (object-like \
         macros, with continuation lines), `#undef`, `#include \"file\"`, `#ifdef`, `#ifndef`, \
         `#if`/`#elif` with a number or `defined(X)`, `#else` and `#endif`. Function-like macros, \
         system headers and other conditions are reported.";
    UndefinedConstant = "E0212", Error, None,
        "a name where a value belongs",
        "A value is a literal, an alias, an array or an embedded instance. A bare name is left \
         over from a C macro that was never defined; define it or write the value.";
    CHeaderNotFound = "W0003", Warning, None,
        "a C header included by a WDK source is not available",
        "`#include \"x.h\"` names a C header that is neither next to the file nor on the search \
         path. Its macros are unknown, so values that would come from them are not checked \
         (reported as W0212). Add its folder with `-I` to check them.";
    DuplicateFlavor = "W0201", Warning, None,
        "a flavor given twice",
        "The same flavor is listed more than once; the repetition has no effect.";
    UnknownPragma = "W0202", Warning, Some("WBEMMOF_E_INVALID_PRAGMA"),
        "an unknown pragma, ignored",
        "mofc knows include, namespace, locale, instancelocale, source, sourcetype, nonlocal, \
         nonlocaltype, classflags, instanceflags, deleteclass, deleteinstance, amendment and \
         autorecover. Other pragmas are ignored, as cimmof does.";
    FromMissingHeader = "W0212", Warning, None,
        "a name that may be a macro of a missing C header",
        "A name stands where a value or a data type belongs, and a C header of this compilation \
         could not be read (W0003): the name is probably one of its macros. What it stands for is \
         not checked.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_in_enum_order_and_ids_are_unique() {
        for (index, info) in CODES.iter().enumerate() {
            assert_eq!(info.code as usize, index, "{} is out of order", info.id);
            assert_eq!(Code::parse(info.id), Some(info.code));
            let prefix = if info.severity == Severity::Error { 'E' } else { 'W' };
            assert!(
                info.id.starts_with(prefix),
                "{} has the wrong prefix for its severity",
                info.id
            );
        }
        assert_eq!(Code::parse("e0101"), Some(Code::UnexpectedCharacter));
        assert_eq!(Code::parse("E9999"), None);
    }
}
