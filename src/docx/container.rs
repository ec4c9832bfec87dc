//! The zip container of a Word file, written by hand: entries in the order given, every
//! timestamp 1980-01-01 00:00, permissions 0644, raw deflate at the fastest level. One
//! compressor serves every entry of a thread (setting one up costs more than deflating
//! a small part), and parts that are the same in every document of a pack (styles,
//! theme, settings, fonts) are compressed once per process.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use flate2::{Compress, Compression, FlushCompress, Status};

/// One entry, compressed.
#[derive(Debug)]
pub struct Entry {
    name: String,
    crc: u32,
    size: u32,
    data: Vec<u8>,
}

thread_local! {
    static COMPRESSOR: RefCell<Compress> = RefCell::new(Compress::new(Compression::fast(), false));
}

/// Compresses `bytes` as the entry `name`.
pub fn entry(name: impl Into<String>, bytes: &[u8]) -> Result<Entry, String> {
    let name = name.into();
    let size = u32::try_from(bytes.len()).map_err(|_| format!("{name} is over 4 GiB"))?;
    let mut crc = crc32fast::Hasher::new();
    crc.update(bytes);
    let data = COMPRESSOR.with(|c| deflate(&mut c.borrow_mut(), bytes))?;
    Ok(Entry {
        name,
        crc: crc.finalize(),
        size,
        data,
    })
}

fn deflate(c: &mut Compress, bytes: &[u8]) -> Result<Vec<u8>, String> {
    c.reset();
    let mut out = Vec::with_capacity(bytes.len() / 4 + 64);
    loop {
        let read = usize::try_from(c.total_in()).unwrap_or(usize::MAX);
        if out.len() == out.capacity() {
            out.reserve(out.capacity().max(1024));
        }
        let rest = bytes.get(read..).unwrap_or_default();
        match c.compress_vec(rest, &mut out, FlushCompress::Finish) {
            Ok(Status::StreamEnd) => return Ok(out),
            Ok(_) => {}
            Err(e) => return Err(format!("deflate: {e}")),
        }
    }
}

type Cache = Mutex<HashMap<(String, String), Arc<Entry>>>;

/// The entry `name` whose content depends only on `key`, made and compressed the first
/// time it is asked for in this process.
pub fn shared(name: &str, key: &str, make: impl FnOnce() -> String) -> Result<Arc<Entry>, String> {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Cache::default);
    let id = (name.to_string(), key.to_string());
    if let Some(found) = cache.lock().ok().and_then(|c| c.get(&id).cloned()) {
        return Ok(found);
    }
    let made = Arc::new(entry(name, make().as_bytes())?);
    if let Ok(mut c) = cache.lock() {
        c.insert(id, made.clone());
    }
    Ok(made)
}

/// Date 1980-01-01 and time 00:00 in MS-DOS form.
const DOS_DATE: u16 = (1 << 5) | 1;
const DOS_TIME: u16 = 0;

/// The zip file of `entries`, in their order.
pub fn write(entries: &[Arc<Entry>]) -> Result<Vec<u8>, String> {
    let total: usize = entries
        .iter()
        .map(|e| e.data.len() + 2 * e.name.len() + 100)
        .sum();
    let mut out = Vec::with_capacity(total + 22);
    let mut offsets = Vec::with_capacity(entries.len());
    for e in entries {
        offsets.push(u32::try_from(out.len()).map_err(|_| "the file is over 4 GiB")?);
        put32(&mut out, 0x0403_4b50);
        put16(&mut out, 20); // version needed: deflate
        common(&mut out, e)?;
        out.extend_from_slice(e.name.as_bytes());
        out.extend_from_slice(&e.data);
    }
    let directory = u32::try_from(out.len()).map_err(|_| "the file is over 4 GiB")?;
    for (e, offset) in entries.iter().zip(offsets) {
        put32(&mut out, 0x0201_4b50);
        put16(&mut out, (3 << 8) | 20); // made by: Unix, zip 2.0
        put16(&mut out, 20);
        common(&mut out, e)?;
        put16(&mut out, 0); // comment
        put16(&mut out, 0); // disk
        put16(&mut out, 0); // internal attributes
        put32(&mut out, 0o100_644 << 16); // a regular file, rw-r--r--
        put32(&mut out, offset);
        out.extend_from_slice(e.name.as_bytes());
    }
    let size = u32::try_from(out.len()).map_err(|_| "the file is over 4 GiB")? - directory;
    let count = u16::try_from(entries.len()).map_err(|_| "too many entries")?;
    put32(&mut out, 0x0605_4b50);
    put16(&mut out, 0);
    put16(&mut out, 0);
    put16(&mut out, count);
    put16(&mut out, count);
    put32(&mut out, size);
    put32(&mut out, directory);
    put16(&mut out, 0);
    Ok(out)
}

/// The fields local and central headers share, from "flags" to "extra field length".
fn common(out: &mut Vec<u8>, e: &Entry) -> Result<(), String> {
    let compressed = u32::try_from(e.data.len()).map_err(|_| "an entry is over 4 GiB")?;
    let name = u16::try_from(e.name.len()).map_err(|_| "an entry name is too long")?;
    put16(out, if e.name.is_ascii() { 0 } else { 1 << 11 });
    put16(out, 8); // deflate
    put16(out, DOS_TIME);
    put16(out, DOS_DATE);
    put32(out, e.crc);
    put32(out, compressed);
    put32(out, e.size);
    put16(out, name);
    put16(out, 0); // extra field
    Ok(())
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// What we write, a standard reader reads back, names, contents and dates alike.
    #[test]
    fn a_zip_reader_reads_back_every_entry() {
        let big: String = (0..20_000).map(|i| format!("<w:p>{i}</w:p>")).collect();
        let styles = shared("test/styles.xml", "1F4E79", || "<styles/>".repeat(50)).unwrap();
        let entries = vec![
            Arc::new(entry("[Content_Types].xml", b"<Types/>").unwrap()),
            Arc::new(entry("word/document.xml", big.as_bytes()).unwrap()),
            Arc::new(entry("word/empty.xml", b"").unwrap()),
            styles,
        ];
        let bytes = write(&entries).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
        assert_eq!(zip.len(), 4);
        let mut text = String::new();
        zip.by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, big);
        let mut styles = String::new();
        let mut file = zip.by_index(3).unwrap();
        assert_eq!(file.name(), "test/styles.xml");
        assert_eq!(file.unix_mode(), Some(0o100_644));
        assert_eq!(
            file.last_modified().map(|d| (d.year(), d.month(), d.day())),
            Some((1980, 1, 1))
        );
        file.read_to_string(&mut styles).unwrap();
        assert_eq!(styles, "<styles/>".repeat(50));
        // The same entries give the same bytes.
        assert_eq!(write(&entries).unwrap(), bytes);
    }

    #[test]
    fn a_shared_part_is_made_once_per_key() {
        let mut made = 0;
        let a = shared("t/x.xml", "k1", || {
            made += 1;
            "x".into()
        })
        .unwrap();
        let b = shared("t/x.xml", "k1", || {
            made += 1;
            "y".into()
        })
        .unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(made, 1);
        let c = shared("t/x.xml", "k2", || "z".into()).unwrap();
        assert_eq!(c.size, 1);
        assert!(!Arc::ptr_eq(&a, &c));
    }
}
