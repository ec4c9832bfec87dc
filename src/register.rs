//! The document-control register: the file the tool owns in every pack. It records, per
//! document, its version and status, its revision history and approvals, the hashes of
//! the files last written and the body last written (the base of a three-way merge).
//! Human-readable JSON with a format number and stable ordering.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::pack;
use crate::render::{Approval, Control, Revision};

pub const FILE: &str = "smskit-register.json";
pub const FORMAT: u32 = 1;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Register {
    pub format: u32,
    /// The date the pack was first generated. Templates see it as "today", so that
    /// regenerating on a later day changes no document that did not change.
    #[serde(default)]
    pub created: String,
    /// A hash of everything the documents are rendered from (answers, templates,
    /// smskit's version): when it is unchanged, `status` needs no rendering.
    #[serde(default)]
    pub inputs: String,
    /// The answers file as it was when the pack was last generated, to say what changed.
    #[serde(default)]
    pub answers: String,
    pub documents: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub key: String,
    /// The service or supplier a per-item document is written for.
    #[serde(default)]
    pub item: Option<String>,
    pub title: String,
    pub version: String,
    /// draft | approved | withdrawn
    pub status: String,
    pub body_hash: String,
    #[serde(default)]
    pub files: BTreeMap<String, FileRecord>,
    /// The body the tool last wrote: the common ancestor when a person has edited it.
    pub base: String,
    #[serde(default)]
    pub revisions: Vec<Revision>,
    #[serde(default)]
    pub approvals: Vec<Approval>,
    /// The register changed (an approval) and the files must be written again.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub refresh: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileRecord {
    pub name: String,
    pub hash: String,
}

impl Entry {
    pub fn control(&self) -> Control {
        Control {
            version: self.version.clone(),
            status: self.status.clone(),
            revisions: self.revisions.clone(),
            approvals: self.approvals.clone(),
        }
    }
}

/// FNV-1a, 64 bits, as hex: enough to tell whether a file changed, stable everywhere.
pub fn hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Why the register cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damaged(pub String);

/// Reads the register of a pack; a pack without one has an empty register.
pub fn load(dir: &Path) -> Result<Register, Damaged> {
    let path = dir.join(FILE);
    if !path.exists() {
        return Ok(Register {
            format: FORMAT,
            ..Register::default()
        });
    }
    let text = pack::read_text(&path).map_err(|e| Damaged(e.to_string()))?;
    let register: Register = serde_json::from_str(&text)
        .map_err(|e| Damaged(format!("line {}, column {}: {e}", e.line(), e.column())))?;
    if register.format != FORMAT {
        return Err(Damaged(format!(
            "format {} is not the format {FORMAT} this smskit writes",
            register.format
        )));
    }
    for (id, entry) in &register.documents {
        if !valid_version(&entry.version) {
            return Err(Damaged(format!(
                "document {id}: version `{}` is not MAJOR.MINOR",
                entry.version
            )));
        }
        if !["draft", "approved", "withdrawn"].contains(&entry.status.as_str()) {
            return Err(Damaged(format!(
                "document {id}: status `{}` is unknown",
                entry.status
            )));
        }
    }
    Ok(register)
}

pub fn to_json(register: &Register) -> String {
    let mut text = serde_json::to_string_pretty(register).unwrap_or_default();
    text.push('\n');
    text
}

fn valid_version(v: &str) -> bool {
    v.split_once('.')
        .is_some_and(|(a, b)| a.parse::<u32>().is_ok() && b.parse::<u32>().is_ok())
}

/// The next minor version: 0.1 → 0.2, 1.0 → 1.1.
pub fn next_minor(v: &str) -> String {
    let (a, b) = v.split_once('.').unwrap_or(("0", "0"));
    format!(
        "{}.{}",
        a.parse::<u32>().unwrap_or(0),
        b.parse::<u32>().unwrap_or(0) + 1
    )
}

/// The next major version: 0.3 → 1.0, 1.2 → 2.0.
pub fn next_major(v: &str) -> String {
    let (a, _) = v.split_once('.').unwrap_or(("0", "0"));
    format!("{}.0", a.parse::<u32>().unwrap_or(0) + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_move_as_document_control_says() {
        assert_eq!(next_minor("0.1"), "0.2");
        assert_eq!(next_minor("1.0"), "1.1");
        assert_eq!(next_minor("0.9"), "0.10");
        assert_eq!(next_major("0.3"), "1.0");
        assert_eq!(next_major("1.2"), "2.0");
    }

    #[test]
    fn a_damaged_register_is_named_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE), "{\"format\": 1, \"documents\": {").unwrap();
        assert!(load(dir.path()).unwrap_err().0.contains("line"));
        std::fs::write(dir.path().join(FILE), "{\"format\": 9, \"documents\": {}}").unwrap();
        assert!(load(dir.path()).unwrap_err().0.contains("format 9"));
        std::fs::write(
            dir.path().join(FILE),
            "{\"format\": 1, \"documents\": {}, \"extra\": 1}",
        )
        .unwrap();
        assert!(load(dir.path()).is_err());
        assert!(
            load(tempfile::tempdir().unwrap().path())
                .unwrap()
                .documents
                .is_empty()
        );
    }

    #[test]
    fn hashes_are_stable() {
        assert_eq!(hash(b""), "cbf29ce484222325");
        assert_ne!(hash(b"a"), hash(b"b"));
    }
}
