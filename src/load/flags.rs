//! The flags of PutClass / PutInstance (`loader-semantics.md`, "Flags"), and their MOF spellings
//! in `#pragma classflags` / `#pragma instanceflags` and on the command line.

pub const CREATE_OR_UPDATE: u32 = 0x0;
pub const UPDATE_ONLY: u32 = 0x1;
pub const CREATE_ONLY: u32 = 0x2;
pub const RETURN_IMMEDIATELY: u32 = 0x10;
pub const UPDATE_SAFE_MODE: u32 = 0x20;
pub const UPDATE_FORCE_MODE: u32 = 0x40;
pub const SEND_STATUS: u32 = 0x80;
pub const OWNER_UPDATE: u32 = 0x10000;
pub const USE_AMENDED_QUALIFIERS: u32 = 0x20000;

const KNOWN: u32 = UPDATE_ONLY
    | CREATE_ONLY
    | RETURN_IMMEDIATELY
    | UPDATE_SAFE_MODE
    | UPDATE_FORCE_MODE
    | SEND_STATUS
    | OWNER_UPDATE
    | USE_AMENDED_QUALIFIERS;

/// Whether a combination of flags is acceptable: no unknown bit, not both create-only and
/// update-only, not both safe and force mode.
pub fn valid(flags: u32) -> bool {
    flags & !KNOWN == 0
        && flags & (CREATE_ONLY | UPDATE_ONLY) != CREATE_ONLY | UPDATE_ONLY
        && flags & (UPDATE_SAFE_MODE | UPDATE_FORCE_MODE) != UPDATE_SAFE_MODE | UPDATE_FORCE_MODE
}

/// Which pragma a flag list belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagKind {
    Class,
    Instance,
}

/// The flags a list of MOF flag names stands for (`"createonly"`, `"safeupdate"`, ...), or the
/// first name that is not one of `kind`'s.
pub fn parse<'n>(kind: FlagKind, names: impl IntoIterator<Item = &'n str>) -> Result<u32, String> {
    names.into_iter().try_fold(0, |flags, name| {
        let name = name.trim();
        let flag = match name.to_ascii_lowercase().as_str() {
            "createonly" => CREATE_ONLY,
            "updateonly" => UPDATE_ONLY,
            "safeupdate" if kind == FlagKind::Class => UPDATE_SAFE_MODE,
            "forceupdate" if kind == FlagKind::Class => UPDATE_FORCE_MODE,
            "" => 0,
            _ => return Err(name.to_string()),
        };
        Ok(flags | flag)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_flags() {
        assert_eq!(parse(FlagKind::Class, ["CreateOnly", " safeupdate"]), Ok(0x22));
        assert_eq!(
            parse(
                FlagKind::Class,
                ["forceupdate,updateonly".split(',')].into_iter().flatten()
            ),
            Ok(0x41)
        );
        assert_eq!(parse(FlagKind::Instance, ["safeupdate"]), Err("safeupdate".into()));
        assert_eq!(parse(FlagKind::Class, ["sometimes"]), Err("sometimes".into()));
    }

    #[test]
    fn contradictions_are_invalid() {
        assert!(valid(CREATE_ONLY | UPDATE_SAFE_MODE | USE_AMENDED_QUALIFIERS));
        assert!(!valid(CREATE_ONLY | UPDATE_ONLY));
        assert!(!valid(UPDATE_SAFE_MODE | UPDATE_FORCE_MODE));
        assert!(!valid(0x4));
    }
}
