//! The Word and Excel files as their users' tools see them: python-docx opens every
//! DOCX, LibreOffice turns each into a PDF with a title page, headers, footers and page
//! numbers, openxml-audit finds nothing, and real-world Markdown keeps at least 95% of
//! the words pandoc keeps. The checks live in tests/external/check_outputs.py.
//!
//! They need python-docx, openxml-audit, LibreOffice, pdftotext and pandoc. CI installs
//! them (.ci/run) and sets SMSKIT_REQUIRE_EXTERNAL=1, which turns a missing tool into a
//! failure; elsewhere the test says what is missing and passes without checking.

use std::process::Command;

use crate::{Pack, example, repo};

fn missing_tools() -> Vec<&'static str> {
    let mut missing = Vec::new();
    let works = |cmd: &str, args: &[&str]| {
        Command::new(cmd)
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !works("python3", &["-c", "import docx"]) {
        missing.push("python-docx");
    }
    for (tool, args) in [
        ("openxml-audit", &["--help"][..]),
        ("soffice", &["--version"][..]),
        ("pdftotext", &["-v"][..]),
        ("pandoc", &["--version"][..]),
    ] {
        if !works(tool, args) {
            missing.push(tool);
        }
    }
    missing
}

#[test]
fn word_and_excel_files_pass_the_tools_users_rely_on() {
    let missing = missing_tools();
    if !missing.is_empty() {
        let required = std::env::var("SMSKIT_REQUIRE_EXTERNAL").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "SMSKIT_REQUIRE_EXTERNAL=1 but these tools are missing: {missing:?}"
        );
        eprintln!("skipping the external DOCX checks: missing {missing:?} (see .ci/run)");
        return;
    }
    // Every example, in English and in German.
    let mut packs: Vec<Pack> = Vec::new();
    for name in ["northwind.yaml", "harbourside.yaml", "meridian.yaml"] {
        packs.push(Pack::from_answers(&example(name)));
        packs.push(Pack::from_answers(
            &example(name).replace("locale: en", "locale: de"),
        ));
    }
    let mut cmd = Command::new("python3");
    cmd.arg(repo("tests/external/check_outputs.py"))
        .arg(env!("CARGO_BIN_EXE_smskit"));
    for pack in &packs {
        cmd.arg(pack.dir());
    }
    cmd.arg("--real-world")
        .arg(repo("tests/fixtures/real-world"));
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let report: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("FAIL") || l.starts_with("  ") || l.contains(" passed, "))
        .collect();
    assert!(
        out.status.success(),
        "{}\n{}",
        report.join("\n"),
        String::from_utf8_lossy(&out.stderr)
            .lines()
            .last()
            .unwrap_or("")
    );
}
