//! `init` and `generate` on the examples: a full pack that check accepts.

use std::fs;

use predicates::prelude::*;

use crate::{DATE, Pack, example, repo, smskit};

fn examples() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(repo("examples"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    assert!(names.len() >= 2, "at least two contrasting examples");
    names
}

fn organisation_name(answers: &str) -> String {
    answers
        .lines()
        .find_map(|l| l.trim().strip_prefix("name: "))
        .unwrap()
        .to_string()
}

/// What a reader would notice first: template syntax that was not rendered.
fn assert_no_template_syntax(name: &str, text: &str) {
    for marker in ["{{", "}}", "{%", "%}", "STUB"] {
        assert!(!text.contains(marker), "{name} contains {marker}");
    }
    assert!(!text.contains('\u{0}'), "{name} contains a NUL");
}

#[test]
fn example_pack_is_complete_and_check_passes() {
    let pack = Pack::new();
    pack.run(&["init", "--example", "--date", DATE])
        .success()
        .stdout(predicate::str::contains("files written"));
    let docs = pack.documents();
    assert!(docs.len() >= 50, "{} documents", docs.len());
    for (name, text) in &docs {
        assert!(name.starts_with("NW-SMS-"), "{name}");
        assert!(
            text.starts_with("---\nid: \"NW-SMS-"),
            "{name} has no front matter"
        );
        for field in [
            "\ntitle: ",
            "\nversion: \"0.1\"",
            "\nstatus: draft",
            "\nowner: ",
            "\nclauses: [",
        ] {
            assert!(text.contains(field), "{name} lacks {field}");
        }
        assert!(
            text.contains("Northwind"),
            "{name} does not name the organisation"
        );
        assert_no_template_syntax(name, text);
    }
    pack.run(&["check"])
        .success()
        .stdout(predicate::str::contains("are covered"));
}

#[test]
fn every_example_answers_file_makes_a_pack_that_passes_check() {
    for name in examples() {
        let answers = example(&name);
        let pack = Pack::from_answers(&answers);
        let org = organisation_name(&answers);
        let short = answers
            .lines()
            .find_map(|l| l.trim().strip_prefix("short_name: "))
            .unwrap_or(&org)
            .to_string();
        for (doc, text) in pack.documents() {
            assert!(
                text.contains(&org) || text.contains(&short),
                "{name}: {doc} does not name the organisation"
            );
            assert_no_template_syntax(&doc, &text);
        }
        assert_eq!(
            fs::read_to_string(pack.dir().join("smskit.yaml")).unwrap(),
            answers
        );
        pack.run(&["check"]).success();
    }
}

#[test]
fn generate_rerenders_from_the_answers_in_the_pack() {
    let pack = Pack::from_answers(&example("northwind.yaml"));
    let (path, _) = pack.document("NW-SMS-CAT-001");
    fs::remove_file(&path).unwrap();
    pack.run(&["generate", "--date", DATE]).success();
    assert!(path.exists());
}

#[test]
fn same_answers_and_date_give_the_same_bytes() {
    let a = Pack::from_answers(&example("harbourside.yaml"));
    let b = Pack::from_answers(&example("harbourside.yaml"));
    assert_eq!(a.snapshot(), b.snapshot());
    a.run(&["generate", "--date", DATE]).success();
    assert_eq!(a.snapshot(), b.snapshot());
}

#[test]
fn source_date_epoch_fixes_today() {
    let pack = Pack::new();
    smskit()
        .args(["init", "--example", "--dir"])
        .arg(pack.dir())
        .env("SOURCE_DATE_EPOCH", "1764028800")
        .assert()
        .success();
    let (_, text) = pack.document("NW-SMS-POL-001");
    assert!(text.contains("| 0.1 | 2025-11-25 |"), "{text}");
}

#[test]
fn init_refuses_to_replace_a_packs_answers_without_force() {
    let pack = Pack::from_answers(&example("northwind.yaml"));
    let file = repo("examples/harbourside.yaml");
    pack.run(&["init", "--answers", file.to_str().unwrap()])
        .code(1)
        .stderr(predicate::str::contains("--force"));
    assert!(
        fs::read_to_string(pack.dir().join("smskit.yaml"))
            .unwrap()
            .contains("Northwind")
    );
    pack.run(&[
        "init",
        "--answers",
        file.to_str().unwrap(),
        "--force",
        "--date",
        DATE,
    ])
    .success();
    assert!(
        fs::read_to_string(pack.dir().join("smskit.yaml"))
            .unwrap()
            .contains("Harbourside")
    );
}

#[test]
fn init_without_answers_and_without_a_terminal_says_what_to_do() {
    let pack = Pack::new();
    pack.run(&["init"])
        .code(2)
        .stderr(predicate::str::contains("--answers").and(predicate::str::contains("--example")));
    assert!(pack.snapshot().is_empty());
}

#[test]
fn bad_dates_are_usage_errors() {
    let pack = Pack::new();
    pack.run(&["init", "--example", "--date", "25.11.2026"])
        .code(2)
        .stderr(predicate::str::contains("YYYY-MM-DD"));
    smskit()
        .args(["init", "--example", "--dir"])
        .arg(pack.dir())
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .assert()
        .code(2);
    assert!(pack.snapshot().is_empty());
}

#[test]
fn generate_without_a_pack_names_the_fix() {
    let pack = Pack::new();
    pack.run(&["generate"])
        .code(2)
        .stderr(predicate::str::contains("smskit init"));
}

/// A PNG whose header names its size: 40 × 20 pixels; `broken` keeps only the signature.
fn png(broken: bool) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    if !broken {
        png.extend(b"\0\0\0\x0dIHDR");
        png.extend([0, 0, 0, 40, 0, 0, 0, 20]);
    }
    png
}

/// The logo of `branding.logo` is on the title page of every Word file; a file that is
/// not a PNG whose size can be read is an error naming it, never left out silently.
#[test]
fn the_logo_is_on_every_title_page_and_a_broken_one_is_refused() {
    let answers = example("northwind.yaml").replace(
        "branding:\n  accent_colour:",
        "branding:\n  logo: logo.png\n  accent_colour:",
    );
    assert!(answers.contains("logo: logo.png"));
    let pack = Pack::new();
    fs::write(pack.dir().join("logo.png"), png(false)).unwrap();
    let file = pack.dir().join("answers-input.yaml");
    fs::write(&file, &answers).unwrap();
    pack.run(&["init", "--answers", file.to_str().unwrap(), "--date", DATE])
        .success();
    let docx: Vec<_> = pack
        .snapshot()
        .into_iter()
        .filter(|(n, _)| n.ends_with(".docx"))
        .collect();
    assert!(docx.len() > 50);
    for (name, bytes) in &docx {
        assert_eq!(
            crate::zip_part_bytes(bytes, "word/media/image1.png"),
            png(false),
            "{name}"
        );
        assert!(
            crate::zip_part(bytes, "word/document.xml").contains("r:embed="),
            "{name}"
        );
    }

    let broken = Pack::new();
    fs::write(broken.dir().join("logo.png"), png(true)).unwrap();
    let file = broken.dir().join("answers-input.yaml");
    fs::write(&file, &answers).unwrap();
    broken
        .run(&["init", "--answers", file.to_str().unwrap(), "--date", DATE])
        .code(2)
        .stderr(predicate::str::contains("logo.png").and(predicate::str::contains("not a PNG")));
    assert!(
        !broken.snapshot().iter().any(|(n, _)| n.ends_with(".docx")),
        "nothing generated"
    );
}
