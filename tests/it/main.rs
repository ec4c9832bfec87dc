//! Integration tests: they drive the smskit binary on fixture answers files, as a user
//! would, and check what a user would check.

mod answers_errors;
mod check;
mod escaping;
mod external;
mod init;
mod lifecycle;
mod locales;
mod render;
mod robustness;
mod tailoring;
mod templates;
mod wizard;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// A pack folder in a temporary directory, and the commands run on it.
pub struct Pack {
    pub tmp: TempDir,
}

pub const DATE: &str = "2026-11-25";

pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

pub fn smskit() -> Command {
    let mut cmd = Command::cargo_bin("smskit").unwrap();
    cmd.env_remove("SOURCE_DATE_EPOCH");
    cmd
}

impl Default for Pack {
    fn default() -> Self {
        Self::new()
    }
}

impl Pack {
    pub fn new() -> Pack {
        Pack {
            tmp: tempfile::tempdir().unwrap(),
        }
    }

    pub fn dir(&self) -> &Path {
        self.tmp.path()
    }

    /// `smskit <args> --dir <pack>`.
    pub fn run(&self, args: &[&str]) -> assert_cmd::assert::Assert {
        smskit().args(args).arg("--dir").arg(self.dir()).assert()
    }

    /// The JSON a command prints (`check --json`, `status --json`), after success.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.run(args).success().get_output().stdout.clone();
        serde_json::from_slice(&out).unwrap()
    }

    /// A pack created from answers text.
    pub fn from_answers(text: &str) -> Pack {
        let pack = Pack::new();
        let file = pack.dir().join("answers-input.yaml");
        fs::write(&file, text).unwrap();
        pack.run(&["init", "--answers", file.to_str().unwrap(), "--date", DATE])
            .success();
        fs::remove_file(file).unwrap();
        pack
    }

    /// The Markdown documents of the pack, by file name.
    pub fn documents(&self) -> Vec<(String, String)> {
        let mut docs: Vec<(String, String)> = fs::read_dir(self.dir())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().to_string(),
                    fs::read_to_string(&p).unwrap(),
                )
            })
            .collect();
        docs.sort();
        docs
    }

    pub fn document(&self, id: &str) -> (PathBuf, String) {
        let (name, text) = self
            .documents()
            .into_iter()
            .find(|(name, _)| name.starts_with(&format!("{id}-")))
            .unwrap_or_else(|| panic!("no document {id}"));
        (self.dir().join(name), text)
    }

    /// Every file of the pack folder, relative, with its bytes.
    pub fn snapshot(&self) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(self.dir())
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(self.dir())
                    .unwrap()
                    .to_string_lossy()
                    .to_string();
                (rel, fs::read(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    }
}

/// Runs `init --answers` on a file holding `bytes`; checks exit code 2, a message that
/// starts with "error:" and no panic, and that nothing was written. Returns the message
/// and the answers file's name.
pub fn rejected_answers(bytes: &[u8]) -> (String, String) {
    let pack = Pack::new();
    let input = tempfile::Builder::new().suffix(".yaml").tempfile().unwrap();
    fs::write(input.path(), bytes).unwrap();
    let out = smskit()
        .args(["init", "--answers"])
        .arg(input.path())
        .arg("--dir")
        .arg(pack.dir())
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(pack.snapshot().is_empty(), "something was written");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(stderr.starts_with("error:"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let name = input
        .path()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .to_string();
    (stderr, name)
}

pub fn example(name: &str) -> String {
    fs::read_to_string(repo(&format!("examples/{name}"))).unwrap()
}

/// The bytes of one part of a Word or Excel file.
pub fn zip_part_bytes(bytes: &[u8], name: &str) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name(name).unwrap(), &mut out).unwrap();
    out
}

/// The text of one part of a Word or Excel file.
pub fn zip_part(bytes: &[u8], name: &str) -> String {
    String::from_utf8(zip_part_bytes(bytes, name)).unwrap()
}
