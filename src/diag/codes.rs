//! The stable diagnostic codes. A code never changes meaning once released; `mofc explain CODE`
//! prints the explanation written here.
//!
//! Numbering: `E00xx` reading files and includes, `E01xx` tokens and literals, `E02xx` syntax,
//! `W` the same ranges for warnings; `W04xx` are about suppression comments (`src/config`).

use super::Severity;

/// Declares the [`Code`] enum and its registry from one table, so they cannot disagree.
macro_rules! codes {
    ($($variant:ident = $code:literal, $severity:ident, $wbem:expr, $summary:literal, $explanation:expr;)*) => {
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
    /// The text, or a rule file's whole source (see [`rule_doc`]) whose `//!` lines are the text.
    explanation: &'static str,
}

impl CodeInfo {
    /// What `mofc explain` prints: what the code means, why, and what to do.
    pub fn explanation(&self) -> std::borrow::Cow<'static, str> {
        if !self.explanation.starts_with("//!") {
            return self.explanation.into();
        }
        let doc: Vec<&str> = self
            .explanation
            .lines()
            .map_while(|line| line.strip_prefix("//!"))
            .map(|line| line.strip_prefix(' ').unwrap_or(line))
            .collect();
        doc.join("\n").trim().to_string().into()
    }
}

/// A rule whose documentation lives beside its code, as the `//!` comment that opens its file
/// (ruff's layout: one rule, one file, its explanation at the top). The path is relative to this
/// file; only the text is taken in, so `diag` still depends on nothing below it.
macro_rules! rule_doc {
    ($path:literal) => {
        include_str!($path)
    };
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
        "a file is not valid UTF-8 or UTF-16, or not text at all",
        "MOF files must be UTF-8 (with or without a byte order mark) or UTF-16 with a byte order \
         mark. The diagnostic names the byte offset of the first invalid byte. A file that is \
         clearly not text is refused before it is parsed, in this one diagnostic: one with a NUL \
         in its first 8000 bytes (a binary, or UTF-16 written without its byte order mark), or \
         in which more than one in ten of those is a control character other than tab, line \
         ends and form feed.";
    IncludeNotFound = "E0003", Error, Some("WBEMMOF_E_INVALID_PRAGMA"),
        "an included file does not exist",
        "`#pragma include(\"name\")` is resolved relative to the including file, then in each \
         `-I` search directory in order. The diagnostic shows the include chain that led here.";
    IncludeCycle = "E0004", Error, Some("WBEMMOF_E_INVALID_PRAGMA"),
        "a file includes itself",
        "A file includes itself, directly or through other files. The diagnostic shows the \
         cycle (its innermost 16 includes). Remove one of the includes.";
    FileTooLarge = "E0005", Error, None,
        "a file is larger than 4 GiB",
        "mofc addresses text with 32-bit offsets; MOF files of this size are not supported.";
    DependencyErrors = "E0006", Error, None,
        "errors in a file read only to find a class",
        "The compilation uses a class it does not declare, and the file read to find it (as \
         `<ClassName>.mof`, in `--schema`, or among the declarations of the folder) has errors of \
         its own. They are counted here, at the place where the class is used, rather than \
         reported one by one: the file was not named, and may not be meant for this compilation \
         (an older copy of a model, a schema of another version). Check the file directly to see \
         them. A file that is itself checked in the same run reports its problems there.";
    IncludeTooDeep = "E0008", Error, None,
        "includes nested too deeply in a preprocessed file",
        "A file with C preprocessor directives (`#include`, `#define`) is read as `cl /EP` would, \
         one file within the other; like `cl` (fatal error C1014), mofc opens at most 1,024 files \
         one within the other there. Files without directives may nest any depth.";
    IncludesRepeatTooMuch = "E0009", Error, None,
        "files included again and again, past a bound",
        "A file included twice is read twice, as mofcomp and pywbem read it, and its \
         declarations are declared again. Files that include the same files again and again can \
         make that exponential (22 files that each include the next twice read the last one two \
         million times), so mofc reads repeated includes for at most 100,000 declarations, or 16 \
         times the declarations of the files read the first time if that is more. The include \
         where the bound is reached, and every later repeated include, is skipped; the \
         compilation is incomplete. Include each file once, from the file that needs it first.";
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
        "DMTF: every qualifier declaration names its type and where the qualifier may be used: \
         `Qualifier Key : boolean = false, Scope(property, reference), Flavor(DisableOverride);`. \
         WMI: mofcomp allows a declaration without a scope (the qualifier may then be used \
         anywhere) and one that gives only default flavors (`Qualifier Description : ToSubclass \
         Amended;`), so neither is reported in a WMI compilation. In both dialects a declaration \
         without a scope lets the qualifier be used anywhere, so its uses are not reported again.";
    InvalidArraySize = "E0208", Error, Some("WBEMMOF_E_ILLEGAL_CONSTANT_VALUE"),
        "an array size that is not a positive integer",
        "A fixed-size array is declared `uint8 Data[16];` with a positive decimal size.";
    InvalidPragma = "E0209", Error, Some("WBEMMOF_E_INVALID_PRAGMA"),
        "a pragma with missing or wrong arguments",
        "Each pragma takes particular arguments: `#pragma include(\"file.mof\")`, \
         `#pragma namespace(\"root/cimv2\")`, `#pragma deleteclass(\"Name\", NOFAIL)`, \
         `#pragma autorecover` (no arguments). The argument of `#pragma namespace` is a \
         namespace name, absolute (`root/cimv2`) or relative to the current namespace \
         (`ms_409`), optionally after a WMI machine (`\\\\.\\root\\cimv2`); its elements are \
         made of letters, digits and `_`. A URI (`http://host/root/x`) is not a namespace path, \
         as pywbem also refuses; the compilation stays in the namespace it was in.";
    NestingTooDeep = "E0210", Error, None,
        "braces, parentheses or embedded objects' strings nested too deeply",
        "A declaration nests `{` or `(` more than 100 levels deep (embedded instances within \
         embedded instances, as property values or in qualifiers' values), or the MOF in an \
         embedded object's string holds an instance with such a string of its own, more than 8 \
         strings deep. No real schema does; mofc refuses it rather than risk exhausting the stack \
         or the memory (each string is a copy of the text inside the one around it).";
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
    Mof3 = "E0213", Error, None,
        "a MOF 3.0 construct, which mofc does not support yet",
        "MOF 3.0 (DSP0221, the MOF of DSP0004 version 3) adds `structure` and `enumeration` \
         declarations, enumeration values (`MonthsEnum.January`) and the `OCL` qualifier. mofc \
         reads MOF 2 (DSP0004 2.x, with the WMI and OMI extensions): a file with a MOF 3.0 \
         declaration or value is reported once, at its first one, and not checked further; an \
         `OCL` qualifier is reported where it is used, and the rest is checked.";
    UndefinedClass = "E0301", Error, Some("WBEM_E_INVALID_SUPERCLASS"),
        "a class that the compilation uses but nobody defines",
        "A superclass, a reference's target class, the class named by `EmbeddedInstance(\"C\")`, \
         the class of an instance, or the class an `[Amendment]` amends, must be declared: in the \
         compilation, as `<ClassName>.mof` or `<ClassName>.schema.mof` next to the file or below a \
         `-I` folder, or among the built-in classes of the dialect (WMI system classes such as \
         `__Win32Provider`, the DSC bases `OMI_BaseResource`, `MSFT_Credential`, ...). In a WMI \
         compilation, a class that every Windows target has (`CIM_`, `Win32_`, ...) is assumed \
         instead (W0325). What depends on the missing class (inherited members, overrides of \
         them, keys) is not checked. When a `.mof` file below the file's folder or a `-I` folder \
         declares the class though it is not named for it (`common/shared.mof`), the help names \
         it and the fix adds `#pragma include (\"common/shared.mof\")` after the file's includes \
         (or at its start): unsafe, since the file's other declarations come with it, so \
         `--fix --unsafe-fixes` applies it and an editor offers it. Otherwise a misspelt name's \
         fix is the class it is close to.";
    InheritanceCycle = "E0302", Error, Some("WBEM_E_CIRCULAR_REFERENCE"),
        "classes that inherit from each other in a cycle",
        "A class cannot be its own ancestor. The diagnostic names every class of the cycle and \
         points at each superclass that closes it. \
         The same in DMTF and WMI compilations.";
    UndeclaredQualifier = "E0304", Error, Some("WBEM_E_INVALID_QUALIFIER"),
        "a qualifier that is neither declared nor standard",
        "In a DMTF compilation every qualifier must be declared with `Qualifier Name : type, \
         Scope(...)` or be one of the standard DMTF qualifiers (or a WMI one) that mofc knows. An \
         undeclared name is usually a typo (`[nokey]`), which cimmof and pywbem refuse too. In a \
         WMI compilation, where mofcomp accepts any qualifier, this is warning W0304.";
    QualifierScope = "E0305", Error, Some("WBEMMOF_E_QUALIFIER_USED_OUTSIDE_SCOPE"),
        "a qualifier used where its declaration does not allow it",
        "A qualifier's declaration lists the elements it may be used on (`Scope(property, \
         reference)`). Using it elsewhere (for example `Key` on a method) is an error. \
         DMTF: an error. WMI: the qualifiers mofc has built in are checked for neither scope \
         nor type (mofcomp has no declarations of them); declarations written in the \
         compilation are.";
    QualifierType = "E0306", Error, Some("WBEM_E_TYPE_MISMATCH"),
        "a qualifier value that does not fit the qualifier's type",
        "A qualifier's value must fit the type of its declaration: `Static(\"True\")` gives a \
         string to a boolean qualifier; `MaxLen(\"8\")` a string to an integer one; a `{...}` \
         array to a scalar qualifier. A bare flag (`[Key]`) is allowed only for boolean \
         qualifiers. \
         DMTF: an error. WMI: the qualifiers mofc has built in are checked for neither scope \
         nor type (mofcomp has no declarations of them); declarations written in the \
         compilation are.";
    OverrideDisabled = "E0307", Error, Some("WBEM_E_OVERRIDE_NOT_ALLOWED"),
        "a subclass changes a qualifier its ancestor fixed",
        "A qualifier with the `DisableOverride` flavor cannot be given another value below the \
         class or property that set it. The diagnostic points at the ancestor's value too. \
         The same in DMTF and WMI compilations.";
    DuplicateFeature = "E0308", Error, Some("WBEMMOF_E_DUPLICATE_PROPERTY"),
        "a property or method declared twice in a class",
        "Names of properties and methods are unique within a class, without regard to case. \
         Parameters are unique within their method. \
         The same in DMTF and WMI compilations.";
    BadOverride = "E0309", Error, Some("WBEM_E_INVALID_OVERRIDE"),
        "an Override that names no inherited element of the same kind and type",
        "`Override(\"Name\")` says that a property or method redeclares an inherited one. The \
         ancestor must have a property (or reference, or method) of that name, and the \
         redeclaration must keep its data type and array-ness (a reference may narrow its class \
         to a subclass). A redeclaration without `Override` is taken as an override (W0313); \
          in a DMTF compilation, one that gives an inherited key property another type is this \
          error too: DSP0004 makes the key properties the identity of every instance of the class \
          and its subclasses, and a subclass inherits its superclass's keys and cannot change \
          them, so a key's type cannot differ between a class and its subclass. DMTF: an error. \
          WMI: the repository does not check `Override`, and Windows holds classes that override \
          a property no ancestor has, or narrow a reference to a class outside the inherited \
          one's tree: these two are warnings in a WMI compilation (same code); a changed data \
          type stays an error. A key redeclared with another type and no `Override` stays \
          warning W0313 there: mofcomp accepts it and the repository refuses the class when it is \
          loaded (`WBEM_E_UPDATE_TYPE_MISMATCH`). Below an ancestor that is not known, overrides \
          are not checked.";
    ArrayKey = "E0311", Error, Some("WBEM_E_INVALID_PROPERTY_TYPE"),
        "a key property that is an array",
        "Key properties must be scalars: an array cannot name an instance. \
         The same in DMTF and WMI compilations.";
    AssociationReferences = "E0312", Error, Some("WBEM_E_INVALID_CLASS"),
        "an association with fewer than two references",
        "An `[Association]` class relates instances through at least two references, inherited \
         or its own. DMTF: an error. WMI: an abstract association is never instantiated, and the \
         repository accepts one without references (subclasses add them), so in a WMI compilation \
         that is a warning (same code); a concrete one stays an error.";
    InvalidValueMap = "E0315", Error, None,
        "a ValueMap entry that the property's type cannot hold",
        "On an integer property each `ValueMap` entry is an integer of the property's range, \
         written in decimal, or a range `\"x..y\"`, `\"..x\"`, `\"x..\"` or `\"..\"`. DMTF: an \
         error. WMI: the repository does not look inside `ValueMap`, and Windows holds names \
         (`\"Recoverable\"`) and negative entries (`\"-1\"` on a uint32) there, so in a WMI \
         compilation this is a warning (same code).";
    ValueType = "E0316", Error, Some("WBEMMOF_E_TYPE_MISMATCH"),
        "a value that does not fit its declared type",
        "A default value, an instance's property value or a qualifier declaration's default must \
         fit the declared type: numbers for numeric types (integers within range), strings for \
         strings and datetimes, `true`/`false` for booleans, `{...}` exactly for arrays, aliases \
         or object paths for references. An embedded instance (inline, or in the string of a \
         DMTF compilation) must be of the class its property names, by a class type or \
         `EmbeddedInstance(\"C\")`, or of a subclass: DSP0004 says \"The embedded instance \
         shall be an instance of the specified class, including instances of its subclasses.\" \
         The same in DMTF and WMI compilations, but for the strings, which WMI keeps as text.";
    UnknownProperty = "E0317", Error, Some("WBEM_E_NOT_FOUND"),
        "an instance sets a property the class does not have",
        "Every property an instance sets must be declared by its class or one of its ancestors. \
         The same in DMTF and WMI compilations.";
    MissingKey = "E0318", Error, Some("WBEM_E_ILLEGAL_NULL"),
        "an instance without a value for a key property",
        "An instance must give every key property of its class a value (or the class a \
         default), since the keys form the instance's object path. \
         The same in DMTF and WMI compilations.";
    DuplicateAlias = "E0319", Error, Some("WBEMMOF_E_MULTIPLE_ALIASES"),
        "an alias defined twice",
        "An alias (`as $Name`) names one class or instance of the compilation. \
         The same in DMTF and WMI compilations.";
    UndefinedAlias = "E0320", Error, Some("WBEMMOF_E_UNEXPECTED_ALIAS"),
        "an alias that is never defined",
        "A value `$Name` must name an instance or class declared `as $Name` somewhere in the \
         compilation (before or after its use). \
         The same in DMTF and WMI compilations.";
    InvalidDatetime = "E0321", Error, Some("WBEM_E_TYPE_MISMATCH"),
        "a malformed datetime value",
        "A datetime is a 25-character string: a timestamp `yyyymmddhhmmss.mmmmmmsutc` (with `s` \
         `+` or `-` and the UTC offset in minutes) or an interval `ddddddddhhmmss.mmmmmm:000`. \
         Fields may be `*` where unspecified. \
         The same in DMTF and WMI compilations.";
    QualifierNotForType = "E0322", Error, Some("WBEM_E_TYPE_MISMATCH"),
        "a qualifier that makes no sense for the element's type",
        "`MinValue` and `MaxValue` apply to numeric properties, with a limit inside the type's \
         range; `MinLen` and `MaxLen` to strings and arrays. DMTF: an error. WMI: the repository \
         does not check which elements carry them (Windows has `MaxLen` on integers), so in a \
         WMI compilation this is a warning (same code).";
    ConstraintViolated = "E0323", Error, Some("WBEM_E_VALUE_OUT_OF_RANGE"),
        "a value outside the limits its qualifiers set",
        "A default or instance value is below `MinValue`, above `MaxValue`, shorter than `MinLen` \
         or longer than `MaxLen`. \
         The same in DMTF and WMI compilations.";
    AssociationFromClass = "E0324", Error, Some("WBEM_E_INVALID_SUPERCLASS"),
        "an association derived from a class that is not one",
        "An `[Association]` class may derive only from another association (or from nothing): \
         a class's instances cannot become links in a subclass. \
         The same in DMTF and WMI compilations.";
    EmbeddedNotInstances = "E0326", Error, None,
        "the MOF in an embedded object's string is not instances",
        "In a DMTF compilation, the string value of a property qualified `EmbeddedObject` or \
         `EmbeddedInstance` is MOF, which is compiled and checked as pywbem does: it must hold \
         one or more instance declarations (`instance of C { ... };`) and nothing else. Its \
         syntax errors, an unknown class and unknown or ill-typed properties are reported at \
         the string with their own codes; an empty string is no value. mofcomp keeps such \
         strings as text, so a WMI compilation does not parse them.";
    CHeaderNotFound = "W0003", Warning, None,
        "a C header included by a WDK source is not available",
        "`#include \"x.h\"` names a C header that is neither next to the file nor on the search \
         path. Its macros are unknown, so values that would come from them are not checked \
         (reported as W0212). Add its folder with `-I` to check them.";
    DependencyWarnings = "W0006", Warning, None,
        "warnings in a file read only to find a class",
        "As E0006, for a file read to find a class that has warnings but no errors: they are \
         counted at the place where the class is used; check the file directly to see them.";
    IncludeCase = "W0007", Warning, None,
        "an included file found under another letter case",
        "`#pragma include(\"MSFT_Qualifiers.mof\")` names a file that exists only as \
         `msft_qualifiers.mof`. Windows, where mofcomp runs, finds it, and so does mofc, but \
         cimmof and pywbem on a case-sensitive file system do not. Write the name as the file \
         is spelt.";
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
    ClassRedeclared = "W0303", Warning, Some("WBEM_E_ALREADY_EXISTS"),
        "a class declared twice in one compilation",
        "The second declaration replaces the first, as an update does when the MOF is loaded \
         (whatever `#pragma classflags` says: the flags decide what a load may change in a \
         repository, not what one compilation declares). In one compilation a second declaration \
         is more often a copy left behind than an intended update: remove or rename one of them, \
         or, if the update is intended, say so with `// mofc: ignore[W0303]` on its line. \
         The same in DMTF and WMI compilations.";
    UndeclaredQualifierWmi = "W0304", Warning, None,
        "a qualifier that is neither declared nor known, in a WMI compilation",
        "mofcomp accepts any qualifier, so in a WMI compilation an undeclared one is only a \
         warning. It is still often a typo: the same name is error E0304 in a DMTF compilation.";
    KeyBelowKeys = "W0310", Warning, Some("WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE"),
        "a key added below a class that already has keys",
        "DSP0004 (2.x, on keys): \"If a new subclass is defined from a superclass and the \
         superclass has key properties (including those inherited from other classes), the new \
         subclass cannot define any additional key properties. New key properties in the \
         subclass can be introduced only if all classes in the inheritance chain of the new \
         subclass are keyless.\" The rule is written with \"cannot\", which DSP0004's \
         conventions (ISO/IEC Directives, Part 2) make a statement of possibility, not a \
         requirement (\"shall not\"); pywbem, OpenPegasus and OMI accept such classes, so in \
         either dialect it is a warning: instances of the subclass get object paths that its \
         superclass cannot name. The WMI repository refuses the class \
         (`WBEM_E_CANNOT_CHANGE_KEY_INHERITANCE`), as `mofc load` does. The same in DMTF and WMI compilations.";
    RedeclaredWithoutOverride = "W0313", Warning, None,
        "a subclass redeclares an inherited property without Override",
        "OMI and OpenPegasus accept this and treat it as an override; pywbem refuses it. Add \
         `Override(\"Name\")` to say that it is intended. \
         The same in DMTF and WMI compilations.";
    ValuesValueMapLength = "W0314", Warning, None,
        "Values and ValueMap of different lengths",
        "`ValueMap` lists the values of a property and `Values` their names, entry for entry; \
         both arrays must have the same length. A missing comma (`\"6\" \"..\"` concatenates to \
         one entry) is the usual cause. The peers do not check it, so it is a warning. \
         The same in DMTF and WMI compilations.";
    AmendsNothing = "W0317", Warning, None,
        "an amendment localizes an element the class does not have",
        "An `[Amendment]` class (a `.mfl` file) names a property, method or parameter that the \
         class it amends does not declare, usually because the schema changed and its \
         translations did not. The localized qualifiers are kept but never used. \
         The same in DMTF and WMI compilations.";
    AssumedOnTarget = "W0325", Warning, None,
        "a class the compilation does not declare, assumed to be on the Windows target",
        "In a WMI compilation, a class that every Windows machine (or a well-known Windows \
         product) has may be used without being declared, as mofcomp loads the MOF into a \
         repository that holds it: `CIM_` and `Win32_` classes (root\\cimv2), the WMI system \
         classes (`__`) and Configuration Manager's `SMS_Class_Template`. mofc does not have \
         their declarations: it reports the first use of each once, and checks nothing that \
         depends on what the class declares (members inherited from it, overrides of them, \
         keys). Give the class's MOF with `-I` to check them. In a DMTF compilation the same \
         class is error E0301.";
    InvalidSuppression = "W0401", Warning, None,
        "a suppression comment that cannot be applied",
        "A comment that starts with `mofc:` must read `mofc: ignore[CODE, ...]`, naming codes \
         that exist and can be suppressed. Errors in reading files, tokens and syntax (E00xx, \
         E01xx, E02xx) cannot: the declarations they break are missing from the model. W0401 and \
         W0402 are about the comments themselves; `ignore` in mofc.toml turns them off.";
    UnusedSuppression = "W0402", Warning, None,
        "a suppression comment that silences nothing",
        "A code in `mofc: ignore[...]` is not reported where the comment applies: the problem was \
         fixed, the comment is on the wrong line, or the code is already ignored in mofc.toml. \
         Remove it, so that it cannot hide a new problem later. Not reported in a compilation \
         with reading or syntax errors, which stop checks that the comment may be for.";

    // PowerShell DSC (`src/sema/dsc`): the rule numbers of `dsc.md`, each explained in its file.
    // DSC1xx: resource schemas (`sema/dsc/schema`).
    DscBaseClass = "DSC101", Error, None,
        "a DSC resource class that does not derive from `OMI_BaseResource`",
        rule_doc!("../sema/dsc/schema/base_class.rs");
    // DSC107 (array keys) is E0311 with DSC help: see `sema/dsc/schema/key_array.rs`.
    DscNames = "DSC102", Error, None,
        "a DSC schema whose file, class and folder names disagree",
        rule_doc!("../sema/dsc/schema/names.rs");
    DscNoKey = "DSC103", Error, None,
        "a DSC resource class without a `Key` property",
        rule_doc!("../sema/dsc/schema/key.rs");
    DscAccess = "DSC104", Error, None,
        "a DSC resource property without `Key`, `Required`, `Write` or `Read`",
        rule_doc!("../sema/dsc/schema/access.rs");
    DscAccessCombination = "DSC105", Error, None,
        "a DSC resource property with contradicting or redundant access qualifiers",
        rule_doc!("../sema/dsc/schema/access_combination.rs");
    DscKeyEmbedded = "DSC106", Error, None,
        "a DSC resource key that is an embedded instance",
        rule_doc!("../sema/dsc/schema/key_embedded.rs");
    DscType = "DSC108", Error, None,
        "a DSC resource property of a type DSC does not support",
        rule_doc!("../sema/dsc/schema/types.rs");
    DscValueMap = "DSC109", Error, None,
        "a DSC resource property whose `ValueMap` and `Values` disagree",
        rule_doc!("../sema/dsc/schema/value_map.rs");
    DscEmbeddedClass = "DSC110", Error, None,
        "a DSC schema embedding a class it does not declare",
        rule_doc!("../sema/dsc/schema/embedded_class.rs");
    DscEmbeddedType = "DSC111", Error, None,
        "a DSC embedded instance that is not a string",
        rule_doc!("../sema/dsc/schema/embedded_type.rs");
    DscClassVersion = "DSC112", Error, None,
        "a DSC resource class without a valid `ClassVersion`",
        rule_doc!("../sema/dsc/schema/class_version.rs");
    DscFriendlyName = "DSC113", Error, None,
        "a DSC resource class without a valid `FriendlyName`",
        rule_doc!("../sema/dsc/schema/friendly_name.rs");
    DscPropertyName = "DSC114", Error, None,
        "a DSC resource property name that is invalid or reuses a common property's",
        rule_doc!("../sema/dsc/schema/property_names.rs");
    DscEncoding = "DSC115", Warning, None,
        "a DSC schema that is not stored as ASCII",
        rule_doc!("../sema/dsc/schema/encoding.rs");
    DscDescription = "DSC116", Note, None,
        "a DSC resource property without a `Description`",
        rule_doc!("../sema/dsc/schema/descriptions.rs");
    DscEnsure = "DSC117", Note, None,
        "a DSC `Ensure` property that does not take `Present` and `Absent`",
        rule_doc!("../sema/dsc/schema/ensure.rs");
    DscAmendment = "DSC118", Warning, None,
        "a DSC schema's localized amendment that does not match it",
        rule_doc!("../sema/dsc/schema/amendment.rs");
    // DSC2xx: a schema and its module (`sema/dsc/module`).
    DscModuleFunctions = "DSC201", Error, None,
        "a resource module without `Get-`, `Set-` or `Test-TargetResource`",
        rule_doc!("../sema/dsc/module/functions.rs");
    DscGetKeys = "DSC202", Error, None,
        "`Get-TargetResource` without a parameter for a `Key` or `Required` property",
        rule_doc!("../sema/dsc/module/get_keys.rs");
    DscSetTestProperties = "DSC203", Warning, None,
        "`Set-` or `Test-TargetResource` without a parameter for a schema property",
        rule_doc!("../sema/dsc/module/set_test_properties.rs");
    DscExtraParameter = "DSC204", Error, None,
        "a `Set-` or `Test-TargetResource` parameter that the schema lacks",
        rule_doc!("../sema/dsc/module/extra_parameter.rs");
    DscReadParameter = "DSC205", Error, None,
        "a `Read` property taken as a parameter",
        rule_doc!("../sema/dsc/module/read_parameter.rs");
    DscMandatory = "DSC206", Warning, None,
        "a parameter mandatory when its property is not `Key` or `Required`, or the reverse",
        rule_doc!("../sema/dsc/module/mandatory.rs");
    DscParameterType = "DSC207", Warning, None,
        "a parameter whose type does not match its property's",
        rule_doc!("../sema/dsc/module/parameter_type.rs");
    DscValidateSet = "DSC208", Warning, None,
        "a `ValidateSet` that does not match the property's `ValueMap`/`Values`",
        rule_doc!("../sema/dsc/module/validate_set.rs");
    DscSetTestIdentical = "DSC209", Warning, None,
        "`Set-` and `Test-TargetResource` with different parameters",
        rule_doc!("../sema/dsc/module/set_test_identical.rs");
    DscGetSubset = "DSC210", Warning, None,
        "a `Get-TargetResource` parameter not declared as in `Set-TargetResource`",
        rule_doc!("../sema/dsc/module/get_subset.rs");
    DscOutputType = "DSC211", Error, None,
        "a `Get-`, `Set-` or `Test-TargetResource` output type that is missing or wrong",
        rule_doc!("../sema/dsc/module/output_type.rs");
    DscUnsupportedType = "DSC212", Warning, None,
        "a parameter type DSC cannot pass, or no mandatory scalar parameter",
        rule_doc!("../sema/dsc/module/supported_types.rs");
    DscGetReturns = "DSC213", Note, None,
        "a hashtable returned by `Get-TargetResource` without every schema property",
        rule_doc!("../sema/dsc/module/get_returns.rs");
    DscModuleSyntax = "DSC214", Warning, None,
        "a resource module whose functions cannot be read: it does not parse",
        rule_doc!("../sema/dsc/module/module_syntax.rs");
    // DSC3xx: configuration documents (`sema/dsc/document`).
    DscDocumentInstance = "DSC301", Error, None,
        "a configuration document without one `OMI_ConfigurationDocument` instance at its end",
        rule_doc!("../sema/dsc/document/document_instance.rs");
    DscBaseProperties = "DSC302", Error, None,
        "a resource instance without `ResourceID`, `ModuleName` or `ModuleVersion`",
        rule_doc!("../sema/dsc/document/base_properties.rs");
    DscResourceId = "DSC303", Error, None,
        "a `ResourceID` that is not `[Type]Name`, or names another type",
        rule_doc!("../sema/dsc/document/resource_id.rs");
    DscDuplicateId = "DSC304", Error, None,
        "two resources of a document with the same `ResourceID`",
        rule_doc!("../sema/dsc/document/unique_ids.rs");
    DscDependsOn = "DSC305", Error, None,
        "a `DependsOn` entry that names no resource of the document",
        rule_doc!("../sema/dsc/document/depends_on.rs");
    DscDependencyCycle = "DSC306", Error, None,
        "resources of a document that depend on each other in a cycle",
        rule_doc!("../sema/dsc/document/dependency_cycle.rs");
    DscUnknownProperty = "DSC307", Error, None,
        "a resource instance sets a property its resource class does not have",
        rule_doc!("../sema/dsc/document/unknown_property.rs");
    DscRequiredProperty = "DSC308", Error, None,
        "a resource instance without a value for a Key or Required property",
        rule_doc!("../sema/dsc/document/required.rs");
    DscAllowedValue = "DSC309", Error, None,
        "a resource property's value that its `ValueMap` does not allow",
        rule_doc!("../sema/dsc/document/value_map.rs");
    DscValueType = "DSC310", Error, None,
        "a resource property's value of another type than the property's",
        rule_doc!("../sema/dsc/document/value_type.rs");
    DscModule = "DSC311", Warning, None,
        "an in-box resource class under another module name or version",
        rule_doc!("../sema/dsc/document/module.rs");
    DscPlainTextPassword = "DSC312", Warning, None,
        "a credential whose password is in clear text",
        rule_doc!("../sema/dsc/document/credentials.rs");
    DscConsistency = "DSC313", Note, None,
        "a `ConfigurationName` or `SourceInfo` that does not agree with the document",
        rule_doc!("../sema/dsc/document/consistency.rs");
    DscMetaConfiguration = "DSC314", Error, None,
        "a setting of the Local Configuration Manager with a value it does not accept",
        rule_doc!("../sema/dsc/document/meta.rs");
    DscAlias = "DSC315", Error, None,
        "an alias of a document used before its instance, never defined, or never used",
        rule_doc!("../sema/dsc/document/aliases.rs");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_in_enum_order_and_ids_are_unique() {
        for (index, info) in CODES.iter().enumerate() {
            assert_eq!(info.code as usize, index, "{} is out of order", info.id);
            assert_eq!(Code::parse(info.id), Some(info.code));
            assert!(!info.explanation().is_empty(), "{} has no explanation", info.id);
            if info.id.starts_with("DSC") {
                // The DSC family keeps the numbers of `dsc.md`; severity is not in the name.
                continue;
            }
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
