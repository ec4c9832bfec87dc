//! Hostile user text: whatever the answers hold, the documents keep their structure and
//! show the text as written.

use std::fs;

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::{Pack, repo};

fn hostile() -> String {
    fs::read_to_string(repo("tests/fixtures/hostile.yaml")).unwrap()
}

/// The same answers with every character that Markdown or Tera could read as syntax
/// replaced by a letter, inside quoted values only. Everything else (lengths of lists,
/// which name contains which, digits) stays, so templates take the same branches.
fn benign() -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in hostile().chars() {
        if c == '"' {
            quoted = !quoted;
        }
        let special = "#|{}<>*[]`&\\~!_-%+=.()".contains(c);
        out.push(if quoted && special { 'x' } else { c });
    }
    out
}

/// The structure of a document: one tag name per block or inline element it contains.
fn structure(text: &str) -> Vec<String> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_STRIKETHROUGH;
    Parser::new_ext(text, options)
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, id, .. }) => Some(format!("h{level:?}{id:?}")),
            Event::Start(tag) => Some(
                format!("{tag:?}")
                    .split(['(', ' ', '{'])
                    .next()
                    .unwrap()
                    .to_string(),
            ),
            Event::Html(_) | Event::InlineHtml(_) => Some("html".into()),
            _ => None,
        })
        .collect()
}

fn plain_text(text: &str) -> String {
    Parser::new_ext(
        text,
        Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES,
    )
    .filter_map(|e| match e {
        Event::Text(t) => Some(t.to_string()),
        Event::SoftBreak => Some(" ".into()),
        _ => None,
    })
    .collect()
}

#[test]
fn hostile_text_never_changes_the_structure_of_a_document() {
    let bad = Pack::from_answers(&hostile());
    let good = Pack::from_answers(&benign());
    let bad_docs = bad.documents();
    let good_docs = good.documents();
    assert_eq!(bad_docs.len(), good_docs.len());
    for ((name, bad_text), (_, good_text)) in bad_docs.iter().zip(&good_docs) {
        assert_eq!(
            structure(bad_text),
            structure(good_text),
            "structure of {name} changed"
        );
    }
    bad.run(&["check"]).success();
}

#[test]
fn hostile_text_is_shown_as_written_without_control_characters() {
    let pack = Pack::from_answers(&hostile());
    for (name, text) in pack.documents() {
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{name} holds a control character"
        );
    }
    let (_, policy) = pack.document("HX-1-POL-001");
    let shown = plain_text(&policy);
    assert!(
        shown.contains("# Pipe | Co {{ org.name }} {% if x %} <script>alert(1)</script> & Sons &amp; *bold* [link](http://x) `code` Ελληνικά 日本語 العربية"),
        "{shown}"
    );
    let (_, sla) = pack.document("HX-1-SLA-001");
    assert!(plain_text(&sla).contains("Name with | pipe and newline"));
}

#[test]
fn table_rows_keep_their_cell_count() {
    let pack = Pack::from_answers(&hostile());
    for (name, text) in pack.documents() {
        let mut expected: Option<usize> = None;
        for line in text.lines() {
            if !line.starts_with('|') {
                expected = None;
                continue;
            }
            let bytes = line.as_bytes();
            let pipes = (0..bytes.len())
                .filter(|&i| bytes[i] == b'|' && (i == 0 || bytes[i - 1] != b'\\'))
                .count();
            match expected {
                None => expected = Some(pipes),
                Some(n) => assert_eq!(n, pipes, "{name}: {line}"),
            }
        }
    }
}
