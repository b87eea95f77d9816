//! Whether a value fits a declared type: one answer for property defaults, instance values,
//! qualifier values and qualifier declaration defaults.

use super::datetime;
use crate::diag::Code;
use crate::source::Span;
use crate::syntax::ast::{Intrinsic, Type, Value, ValueKind};

/// What a value must be.
#[derive(Debug, Clone, Copy)]
pub enum Expected<'a> {
    Intrinsic(Intrinsic),
    /// A reference to an instance of the class: an alias or an object path.
    Ref(&'a str),
    /// An embedded instance: a class-typed property, or a string property with
    /// `EmbeddedInstance` / `EmbeddedObject`.
    Embedded,
}

impl<'a> Expected<'a> {
    /// The expectation of a declared type; `None` for types that hold no value (`void`).
    pub fn of(ty: &'a Type, embedded: bool) -> Option<Expected<'a>> {
        Some(match ty {
            Type::Intrinsic(Intrinsic::String, _) if embedded => Expected::Embedded,
            Type::Intrinsic(t, _) => Expected::Intrinsic(*t),
            Type::Ref(class) => Expected::Ref(&class.text),
            Type::Class(_) => Expected::Embedded,
            Type::Void(_) => return None,
        })
    }

    fn describe(self) -> String {
        match self {
            Expected::Intrinsic(t) => format!("a {}", t.name()),
            Expected::Ref(class) => format!("a reference to {class}"),
            Expected::Embedded => "an embedded instance".into(),
        }
    }
}

/// Why a value does not fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Fault {
    pub code: Code,
    pub span: Span,
    pub message: String,
}

/// Checks `value` against a type that is an array if `array` is set.
pub fn check(value: &Value, expected: Expected, array: bool) -> Result<(), Fault> {
    match (&value.kind, array) {
        (ValueKind::Null | ValueKind::Invalid | ValueKind::Constant(_), _) => Ok(()),
        (ValueKind::Array(items), true) => items.iter().try_for_each(|item| check_scalar(item, expected)),
        (ValueKind::Array(_), false) => Err(mismatch(value, expected, false)),
        (_, true) => Err(mismatch(value, expected, true)),
        (_, false) => check_scalar(value, expected),
    }
}

fn check_scalar(value: &Value, expected: Expected) -> Result<(), Fault> {
    use Intrinsic as I;
    let fits = match (&value.kind, expected) {
        (ValueKind::Null | ValueKind::Invalid | ValueKind::Constant(_), _) => true,
        (ValueKind::Int(n), Expected::Intrinsic(t)) if t.int_range().is_some() => {
            let (min, max) = t.int_range().unwrap_or_default();
            if n.get() < min || n.get() > max {
                return Err(Fault {
                    code: Code::IntegerOutOfRange,
                    span: value.span,
                    message: format!("{n} is out of range for {}, which holds {min} to {max}", t.name()),
                });
            }
            true
        }
        (ValueKind::Int(_) | ValueKind::Real(_), Expected::Intrinsic(I::Real32 | I::Real64)) => true,
        (ValueKind::Bool(_), Expected::Intrinsic(I::Boolean)) => true,
        (ValueKind::Char16(_), Expected::Intrinsic(I::Char16)) => true,
        // pywbem and OpenPegasus take a one-character string for a char16.
        (ValueKind::String(s), Expected::Intrinsic(I::Char16)) => s.encode_utf16().count() == 1,
        (ValueKind::String(text), Expected::Intrinsic(I::Datetime)) => {
            return datetime::parse(text).map(|_| ()).map_err(|e| Fault {
                code: Code::InvalidDatetime,
                span: value.span,
                message: format!("`{text}` is not a datetime: {}", e.message),
            });
        }
        // WMI's `object` holds any embedded instance.
        // An embedded instance may also be given as the MOF text of one (pywbem's test schemas).
        (ValueKind::String(_), Expected::Intrinsic(I::String) | Expected::Ref(_) | Expected::Embedded) => true,
        (ValueKind::Instance(_), Expected::Embedded | Expected::Intrinsic(I::Object | I::String)) => true,
        (ValueKind::Alias(_), Expected::Ref(_) | Expected::Embedded | Expected::Intrinsic(I::Object)) => true,
        _ => false,
    };
    if fits {
        Ok(())
    } else {
        Err(mismatch(value, expected, false))
    }
}

fn mismatch(value: &Value, expected: Expected, array: bool) -> Fault {
    let wanted = if array {
        format!(
            "an array of {}",
            expected.describe().trim_start_matches("a ").trim_start_matches("an ")
        )
    } else {
        expected.describe()
    };
    Fault {
        code: Code::ValueType,
        span: value.span,
        message: format!("{} where {wanted} is expected", describe(&value.kind)),
    }
}

/// A value's kind in words.
pub fn describe(kind: &ValueKind) -> String {
    match kind {
        ValueKind::Null => "null".into(),
        ValueKind::Bool(b) => format!("the boolean {b}"),
        ValueKind::Int(n) => format!("the integer {n}"),
        ValueKind::Real(r) => format!("the real number {r}"),
        ValueKind::String(s) if s.chars().count() > 40 => "a string".into(),
        ValueKind::String(s) => format!("the string \"{s}\""),
        ValueKind::Char16(_) => "a char16".into(),
        ValueKind::Alias(a) => format!("the alias ${a}"),
        ValueKind::Array(_) => "an array".into(),
        ValueKind::Constant(n) => format!("`{}`", n.text),
        ValueKind::Instance(i) => format!("an instance of {}", i.class.text),
        ValueKind::Invalid => "an invalid value".into(),
    }
}

/// Whether two values are the same, wherever they are written.
pub fn same(a: &ValueKind, b: &ValueKind) -> bool {
    match (a, b) {
        (ValueKind::Array(x), ValueKind::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(&x.kind, &y.kind))
        }
        (ValueKind::Constant(x), ValueKind::Constant(y)) => x.is(&y.text),
        (ValueKind::Instance(_), _) | (_, ValueKind::Instance(_)) => false,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(kind: ValueKind) -> Value {
        Value {
            kind,
            span: Span::new(0, 1),
        }
    }

    fn code(value: ValueKind, expected: Expected, array: bool) -> Option<&'static str> {
        check(&v(value), expected, array).err().map(|f| f.code.id())
    }

    #[test]
    fn scalars_fit_their_types() {
        let u8 = Expected::Intrinsic(Intrinsic::Uint8);
        assert_eq!(code(ValueKind::Int(255.into()), u8, false), None);
        assert_eq!(code(ValueKind::Int(256.into()), u8, false), Some("E0106"));
        assert_eq!(code(ValueKind::String("1".into()), u8, false), Some("E0316"));
        let boolean = Expected::Intrinsic(Intrinsic::Boolean);
        assert_eq!(code(ValueKind::String("True".into()), boolean, false), Some("E0316"));
        assert_eq!(code(ValueKind::Null, boolean, false), None);
        let real = Expected::Intrinsic(Intrinsic::Real32);
        assert_eq!(code(ValueKind::Int(3.into()), real, false), None);
        let datetime = Expected::Intrinsic(Intrinsic::Datetime);
        assert_eq!(code(ValueKind::String("2009".into()), datetime, false), Some("E0321"));
        assert_eq!(
            code(ValueKind::String("20091225123000.123456-360".into()), datetime, false),
            None
        );
        assert_eq!(code(ValueKind::Alias("a".into()), Expected::Ref("C"), false), None);
        assert_eq!(code(ValueKind::Int(1.into()), Expected::Ref("C"), false), Some("E0316"));
    }

    #[test]
    fn arrays_fit_array_types_only() {
        let string = Expected::Intrinsic(Intrinsic::String);
        let array = ValueKind::Array(Box::new([
            v(ValueKind::String("a".into())),
            v(ValueKind::Int(1.into())),
        ]));
        assert_eq!(code(array.clone(), string, true), Some("E0316"));
        assert_eq!(code(array, string, false), Some("E0316"));
        assert_eq!(code(ValueKind::String("a".into()), string, true), Some("E0316"));
        assert_eq!(code(ValueKind::Array(Box::default()), string, true), None);
    }
}
