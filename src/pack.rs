//! The pack folder on disk: reading its files and writing them atomically. Everything
//! else in smskit works on text in memory.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;

pub const ANSWERS: &str = "smskit.yaml";
pub const TEMPLATES: &str = "templates";

pub fn read_text(path: &Path) -> Result<String, Error> {
    let bytes = fs::read(path).map_err(|e| Error::Read {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    String::from_utf8(bytes).map_err(|_| Error::NotUtf8 {
        path: path.to_path_buf(),
    })
}

/// Writes a file so that a reader sees either the old content or the new, never a part:
/// the bytes go to a temporary file beside it, which is then renamed over it.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write_file(path, bytes, false)
}

/// Writes several files atomically, each as [`write_atomic`] does, on every core; the
/// first failure in the given order is reported. Files are independent: a failure
/// leaves the others written or not, as an interrupted run would, and the register
/// (written after them) still describes the pack before this run.
pub fn write_all(files: &[(PathBuf, Vec<u8>)]) -> Result<(), Error> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);
    let chunk = files.len().div_ceil(threads).max(1);
    let results: Vec<Result<(), Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .try_for_each(|(path, bytes)| write_atomic(path, bytes))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(Error::Write {
                        path: PathBuf::from("."),
                        detail: "a writing thread stopped".into(),
                    })
                })
            })
            .collect()
    });
    results.into_iter().collect()
}

/// The same, and flushed to the disk before the rename: for the register, which must
/// survive a power cut as it is (the documents are checked against it on every run).
pub fn write_durable(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    write_file(path, bytes, true)
}

fn write_file(path: &Path, bytes: &[u8], durable: bool) -> Result<(), Error> {
    let fail = |e: std::io::Error| Error::Write {
        path: path.to_path_buf(),
        detail: e.to_string(),
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(fail)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp: PathBuf = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        if durable {
            file.sync_all()?;
        }
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(fail)
}

/// The Markdown file of a document in the pack: `<id>.md` or `<id>-<anything>.md`.
pub fn find_document(dir: &Path, id: &str) -> Option<PathBuf> {
    let mut names: Vec<PathBuf> = fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.ends_with(".md")
                && (name == format!("{id}.md") || name.starts_with(&format!("{id}-")))
        })
        .collect();
    names.sort();
    names.into_iter().next()
}

/// The lock that keeps two runs from working on one pack at the same time. Released
/// (the file removed) when dropped.
pub struct Lock(PathBuf);

pub const LOCK: &str = "smskit.lock";

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

fn holder_is_alive(path: &Path) -> bool {
    let Ok(pid) = fs::read_to_string(path) else {
        // Being written right now by its holder.
        return true;
    };
    match pid.trim().parse::<u32>() {
        Ok(pid) if Path::new("/proc").is_dir() => Path::new(&format!("/proc/{pid}")).exists(),
        // No process table to ask, or a lock from another tool: assume it is held.
        _ => true,
    }
}

/// Takes the pack's lock, waiting up to `wait` for another run to finish. A lock left
/// by a run that no longer exists is taken over.
pub fn lock(dir: &Path, wait: std::time::Duration) -> Result<Lock, Error> {
    fs::create_dir_all(dir).map_err(|e| Error::Write {
        path: dir.to_path_buf(),
        detail: e.to_string(),
    })?;
    let path = dir.join(LOCK);
    let start = std::time::Instant::now();
    loop {
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                let _ = write!(file, "{}", std::process::id());
                return Ok(Lock(path));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                if !holder_is_alive(&path) {
                    let _ = fs::remove_file(&path);
                    continue;
                }
                if start.elapsed() >= wait {
                    return Err(Error::Locked { path });
                }
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(e) => {
                return Err(Error::Write {
                    path,
                    detail: e.to_string(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("a.md");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "two");
        let names: Vec<_> = fs::read_dir(dir.path().join("sub")).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn documents_are_found_by_id_not_by_title() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("X-SLA-001-renamed.md"), "").unwrap();
        fs::write(dir.path().join("X-SLA-0010.md"), "").unwrap();
        let found = find_document(dir.path(), "X-SLA-001").unwrap();
        assert!(found.ends_with("X-SLA-001-renamed.md"));
        assert!(find_document(dir.path(), "X-SLA-002").is_none());
    }
}
