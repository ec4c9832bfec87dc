//! The wizard in a real pseudo-terminal: type a name, press Enter through every other
//! question, get a pack; run it again, press Enter through, and nothing changes.

use std::fs;

use crate::Pack;

/// Runs `smskit init` in a terminal, types `name` at the first question and presses
/// Enter until the summary appears. Returns everything the terminal showed.
fn wizard(pack: &Pack, name: Option<&str>) -> String {
    let bin = assert_cmd::cargo::cargo_bin("smskit");
    let command = format!(
        "{} init --date 2026-11-25 --dir {}",
        bin.display(),
        pack.dir().display()
    );
    // A short timeout per expectation: the loop below presses Enter until the end.
    let mut p = rexpect::spawn(&command, Some(1_000)).expect("the wizard starts");
    let mut first = Err(rexpect::error::Error::Timeout {
        expected: String::new(),
        got: String::new(),
        timeout: std::time::Duration::ZERO,
    });
    for _ in 0..10 {
        first = p.exp_string("name");
        if first.is_ok() {
            break;
        }
    }
    first.expect("the first question asks for the name");
    match name {
        Some(name) => p.send_line(name).unwrap(),
        None => p.send_line("").unwrap(),
    };
    let mut seen = String::new();
    for _ in 0..120 {
        p.send_line("").unwrap();
        match p.exp_regex("documents written to|Cancelled|error") {
            Ok((before, matched)) => {
                seen.push_str(&before);
                seen.push_str(&matched);
                break;
            }
            Err(_) => continue,
        }
    }
    let mut rest = String::new();
    for _ in 0..30 {
        if let Ok(out) = p.exp_eof() {
            rest = out;
            break;
        }
    }
    seen.push_str(&rest);
    seen
}

#[test]
fn a_name_and_enter_through_the_rest_gives_a_pack_and_a_second_run_changes_nothing() {
    let pack = Pack::new();
    let shown = wizard(&pack, Some("Lakeside Support Services"));
    assert!(shown.contains("documents written to"), "{shown}");
    let answers = fs::read_to_string(pack.dir().join("smskit.yaml")).unwrap();
    assert!(answers.contains("name: \"Lakeside Support Services\""));
    assert!(answers.starts_with("# "), "the answers file is commented");
    let docs = pack.documents();
    assert!(docs.len() > 50);
    for (name, text) in &docs {
        assert!(
            text.contains("Lakeside"),
            "{name} does not name the organisation"
        );
    }
    let before = pack.snapshot();
    wizard(&pack, None);
    assert_eq!(
        before,
        pack.snapshot(),
        "accepting every default changes nothing"
    );
    pack.run(&["status", "--check"]).success();
    // The written answers are accepted as an answers file.
    let other = Pack::new();
    let file = pack.dir().join("smskit.yaml");
    other
        .run(&[
            "init",
            "--answers",
            file.to_str().unwrap(),
            "--date",
            "2026-11-25",
        ])
        .success();
}
