//! The bytes of a repository record, and the check that they are the bytes that were written.
//!
//! redb keeps keys and values as given and does not verify pages when it reads them, so a bit
//! flipped on disk would come back as a changed class. Every record therefore carries a CRC-32
//! over its kind, key and fields: a record whose checksum fails, or whose bytes do not decode,
//! is reported as damaged and never used. Keys and values are plain bytes to redb (a `&str`
//! would make redb itself panic on invalid UTF-8); this module encodes and decodes them.
//!
//! Key: the namespace (lower case), a NUL byte, then the record's name (lower case) or path key;
//! a namespace record's key is the namespace alone. Namespace names cannot contain NUL.
//! Value: the CRC-32 (little endian), then each field as a little-endian `u32` length and its
//! UTF-8 bytes.

use std::fmt;

/// What a record holds; part of its checksum, so a record cannot pass for another kind's.
/// In the order of the repository's tables (`Kind as usize` indexes them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Namespace,
    Qualifier,
    Class,
    Instance,
}

impl Kind {
    fn tag(self) -> u8 {
        match self {
            Kind::Namespace => b'N',
            Kind::Qualifier => b'Q',
            Kind::Class => b'C',
            Kind::Instance => b'I',
        }
    }

    /// The number of fields of its value.
    fn fields(self) -> usize {
        match self {
            Kind::Namespace | Kind::Qualifier => 1,
            Kind::Class | Kind::Instance => 3,
        }
    }

    /// Which field names the record in a message, when it can be trusted that far.
    fn name_field(self) -> Option<usize> {
        match self {
            Kind::Namespace | Kind::Class => Some(0),
            Kind::Instance => Some(1),
            Kind::Qualifier => None,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Kind::Namespace => "namespace",
            Kind::Qualifier => "qualifier",
            Kind::Class => "class",
            Kind::Instance => "instance",
        }
    }
}

/// The key of a record in a namespace.
pub fn key(namespace: &str, name: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(namespace.len() + 1 + name.len());
    key.extend_from_slice(namespace.as_bytes());
    key.push(0);
    key.extend_from_slice(name.as_bytes());
    key
}

/// A record's value: its checksum, then its fields.
pub fn seal(kind: Kind, key: &[u8], fields: &[&str]) -> Vec<u8> {
    debug_assert_eq!(fields.len(), kind.fields());
    let mut value = vec![0; 4];
    for field in fields {
        let length = u32::try_from(field.len()).expect("a record field is smaller than 4 GiB");
        value.extend_from_slice(&length.to_le_bytes());
        value.extend_from_slice(field.as_bytes());
    }
    let sum = checksum(kind, key, &value[4..]);
    value[..4].copy_from_slice(&sum.to_le_bytes());
    value
}

/// A record as read: its key split into namespace and name, and its fields, or `Err` with what
/// names the damaged record.
pub fn open(kind: Kind, key: &[u8], value: &[u8]) -> Result<(String, String, Vec<String>), Damage> {
    let (namespace, name) = split(kind, key);
    let intact = value.len() >= 4 && {
        let stored = u32::from_le_bytes([value[0], value[1], value[2], value[3]]);
        stored == checksum(kind, key, &value[4..])
    };
    let fields = fields(&value[value.len().min(4)..]);
    match (intact, fields, &namespace, &name) {
        (true, Some(fields), Ok(namespace), Ok(name)) if fields.len() == kind.fields() => {
            Ok((namespace.clone(), name.clone(), fields))
        }
        (_, fields, _, _) => {
            // The name the record was written with, if its bytes still agree with the key;
            // otherwise the key as it reads.
            let lossy = |part: &Result<String, String>| part.clone().unwrap_or_else(|e| e);
            let key_name = lossy(&name);
            let written = kind
                .name_field()
                .and_then(|i| fields?.into_iter().nth(i))
                .filter(|written| written.eq_ignore_ascii_case(&key_name));
            Err(Damage::Record {
                kind,
                namespace: lossy(&namespace),
                name: written.unwrap_or(key_name),
            })
        }
    }
}

/// The namespace and name of a key, each `Err` with its lossy reading if it is not UTF-8.
fn split(kind: Kind, key: &[u8]) -> (Result<String, String>, Result<String, String>) {
    let text =
        |bytes: &[u8]| String::from_utf8(bytes.to_vec()).map_err(|_| String::from_utf8_lossy(bytes).into_owned());
    if kind == Kind::Namespace {
        let namespace = text(key);
        return (namespace.clone(), namespace);
    }
    match key.iter().position(|&b| b == 0) {
        Some(at) => (text(&key[..at]), text(&key[at + 1..])),
        None => (Err(String::new()), text(key)),
    }
}

/// The fields of a value after its checksum, if they decode.
fn fields(mut bytes: &[u8]) -> Option<Vec<String>> {
    let mut fields = Vec::new();
    while !bytes.is_empty() {
        let (length, rest) = bytes.split_first_chunk::<4>()?;
        let length = usize::try_from(u32::from_le_bytes(*length)).ok()?;
        let (field, rest) = rest.split_at_checked(length)?;
        fields.push(String::from_utf8(field.to_vec()).ok()?);
        bytes = rest;
    }
    Some(fields)
}

fn checksum(kind: Kind, key: &[u8], fields: &[u8]) -> u32 {
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(&[kind.tag()]);
    hasher.update(&(key.len() as u64).to_le_bytes());
    hasher.update(key);
    hasher.update(fields);
    hasher.finalize()
}

/// What of a repository cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// One record: its checksum fails or its bytes do not decode.
    Record {
        kind: Kind,
        namespace: String,
        name: String,
    },
    /// The storage itself: a table (or the whole file) that redb cannot read, or pages that fail
    /// redb's own checksums.
    Storage(String),
}

impl fmt::Display for Damage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Damage::Record {
                kind: Kind::Namespace,
                name,
                ..
            } => write!(f, "namespace {name}"),
            Damage::Record { kind, namespace, name } => write!(f, "{} {name} in {namespace}", kind.noun()),
            Damage::Storage(detail) => f.write_str(detail),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_record_opens_to_its_fields() {
        let key = key("root/cimv2", "sample_base");
        let value = seal(Kind::Class, &key, &["Sample_Base", "", "class Sample_Base {};\n"]);
        let (namespace, name, fields) = open(Kind::Class, &key, &value).unwrap();
        assert_eq!((namespace.as_str(), name.as_str()), ("root/cimv2", "sample_base"));
        assert_eq!(fields, ["Sample_Base", "", "class Sample_Base {};\n"]);
    }

    /// Every single bit flipped anywhere in the value or the key is detected, and the record is
    /// named by what still reads.
    #[test]
    fn every_flipped_bit_is_detected() {
        let key = key("root/cimv2", "sample_base");
        let value = seal(
            Kind::Class,
            &key,
            &["Sample_Base", "", "class Sample_Base { uint16 HealthState; };"],
        );
        for bit in 0..value.len() * 8 {
            let mut damaged = value.clone();
            damaged[bit / 8] ^= 1 << (bit % 8);
            let damage = open(Kind::Class, &key, &damaged).unwrap_err();
            let name = match damage {
                Damage::Record { name, .. } => name,
                other => panic!("{other}"),
            };
            // The key is intact, so the name is the key's or the written spelling of it.
            assert!(name.eq_ignore_ascii_case("sample_base"), "bit {bit}: {name}");
        }
        for bit in 0..key.len() * 8 {
            let mut damaged = key.clone();
            damaged[bit / 8] ^= 1 << (bit % 8);
            assert!(open(Kind::Class, &damaged, &value).is_err(), "key bit {bit}");
        }
    }

    #[test]
    fn a_record_of_another_kind_or_cut_short_is_damaged() {
        let key = key("root/cimv2", "description");
        let value = seal(Kind::Qualifier, &key, &["Qualifier Description : string;"]);
        assert!(open(Kind::Class, &key, &value).is_err());
        for length in 0..value.len() {
            assert!(open(Kind::Qualifier, &key, &value[..length]).is_err(), "{length} bytes");
        }
    }

    #[test]
    fn damage_names_the_record() {
        let key = key("root/cimv2", "sample_base");
        let mut value = seal(Kind::Class, &key, &["Sample_Base", "", "class Sample_Base {};"]);
        let last = value.len() - 2;
        value[last] ^= 0x20;
        assert_eq!(
            open(Kind::Class, &key, &value).unwrap_err().to_string(),
            "class Sample_Base in root/cimv2"
        );
        let namespace = b"root/x".to_vec();
        let mut value = seal(Kind::Namespace, &namespace, &["root/X"]);
        value[0] ^= 1;
        assert_eq!(
            open(Kind::Namespace, &namespace, &value).unwrap_err().to_string(),
            "namespace root/X"
        );
    }
}
