//! `render`: any Markdown file to a DOCX in the house style, with the pack's branding
//! when there is a pack, and warnings for what Word cannot show.

use std::fs;

use predicates::prelude::*;

use crate::{DATE, Pack, smskit};

#[test]
fn any_markdown_becomes_a_docx_with_warnings_for_what_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("notes.md");
    fs::write(&md, "# Our notes\n\nSome *text* | with <b>html</b>.\n\n![diagram](missing.png)\n\n1. one\n2. two\n").unwrap();
    smskit()
        .args(["render"])
        .arg(&md)
        .args(["--date", DATE, "--dir"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("notes.docx"))
        .stderr(predicate::str::contains("W001").and(predicate::str::contains("W002")));
    let bytes = fs::read(dir.path().join("notes.docx")).unwrap();
    assert!(bytes.starts_with(b"PK"));
}

#[test]
fn render_uses_the_packs_organisation_and_writes_where_told() {
    let pack = Pack::new();
    pack.run(&["init", "--example", "--date", DATE]).success();
    let md = pack.dir().join("extra.md");
    fs::write(&md, "# Extra procedure\n\nText.\n").unwrap();
    let out = pack.dir().join("out/extra.docx");
    pack.run(&[
        "render",
        md.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--date",
        DATE,
    ])
    .success();
    let bytes = fs::read(&out).unwrap();
    let all: String = ["word/header1.xml", "word/header2.xml", "word/document.xml"]
        .iter()
        .map(|name| crate::zip_part(&bytes, name))
        .collect();
    let document = all.clone();
    assert!(
        all.contains("Northwind Managed Services Ltd"),
        "the pack's organisation is on the document"
    );
    assert!(document.contains("Extra procedure"));
}

#[test]
fn rendering_a_missing_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    smskit()
        .args(["render"])
        .arg(dir.path().join("nope.md"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nope.md"));
}
