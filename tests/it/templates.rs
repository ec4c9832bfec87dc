//! Templates: a pack's own templates override the built-in ones file by file; export
//! writes the built-in set; a broken override is a clear error that writes nothing.

use std::fs;

use predicates::prelude::*;

use crate::{DATE, Pack, smskit};

#[test]
fn a_pack_template_overrides_the_builtin_one() {
    let pack = Pack::new();
    pack.run(&["init", "--example", "--date", DATE]).success();
    let dir = pack.dir().join("templates/en");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("service_management_policy.md"),
        "## 1. Our own policy {#policy-statement}\n\n{{ org.name }} writes its own policy.\n\n## 2. Commitments {#commitments}\n\nWe commit.\n\n## 3. Communication {#communication}\n\nWe tell everyone.\n",
    )
    .unwrap();
    pack.run(&["generate", "--date", DATE]).success();
    let (_, policy) = pack.document("NW-SMS-POL-001");
    assert!(policy.contains("Northwind Managed Services Ltd writes its own policy."));
    let (_, scope) = pack.document("NW-SMS-MAN-001");
    assert!(!scope.contains("writes its own policy"));
    pack.run(&["check"]).success();
}

#[test]
fn a_broken_override_names_the_template_and_writes_nothing() {
    let pack = Pack::new();
    pack.run(&["init", "--example", "--date", DATE]).success();
    let before = pack.snapshot();
    let dir = pack.dir().join("templates/en");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("service_catalogue.md"),
        "## 1. X {#catalogue}\n\n{% if org.name %}never closed\n",
    )
    .unwrap();
    pack.run(&["generate", "--date", "2027-01-01"])
        .code(2)
        .stderr(predicate::str::contains("en/service_catalogue.md"));
    fs::remove_file(dir.join("service_catalogue.md")).unwrap();
    assert_eq!(before, pack.snapshot());
}

#[test]
fn export_writes_every_builtin_template_and_refuses_to_overwrite() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("tpl");
    smskit()
        .args(["templates", "export"])
        .arg(&target)
        .assert()
        .success();
    let catalogue = fs::read_to_string(crate::repo("catalog/documents.yaml")).unwrap();
    for key in catalogue.lines().filter_map(|l| l.strip_prefix("- key: ")) {
        let file = target.join(format!("en/{key}.md"));
        assert!(file.is_file(), "{key} was not exported");
    }
    assert!(target.join("en/_vocabulary.yaml").is_file());
    smskit()
        .args(["templates", "export"])
        .arg(&target)
        .assert()
        .code(1);
    smskit()
        .args(["templates", "export", "--force"])
        .arg(&target)
        .assert()
        .success();
}

#[test]
fn exported_templates_used_as_overrides_give_the_same_pack() {
    let plain = Pack::new();
    plain.run(&["init", "--example", "--date", DATE]).success();
    let custom = Pack::new();
    smskit()
        .args(["templates", "export"])
        .arg(custom.dir().join("templates"))
        .assert()
        .success();
    custom.run(&["init", "--example", "--date", DATE]).success();
    assert_eq!(plain.documents(), custom.documents());
}

#[test]
fn what_a_word_file_cannot_show_is_reported_when_generating() {
    let pack = Pack::new();
    pack.run(&["init", "--example", "--date", DATE]).success();
    let dir = pack.dir().join("templates/en");
    fs::create_dir_all(&dir).unwrap();
    let builtin = fs::read_to_string(crate::repo("templates/en/knowledge_management.md")).unwrap();
    fs::write(
        dir.join("knowledge_management.md"),
        format!("{builtin}\n<div>raw html</div>\n"),
    )
    .unwrap();
    pack.run(&["generate", "--date", DATE])
        .success()
        .stderr(predicate::str::contains("W001").and(predicate::str::contains("NW-SMS-PRC-003")));
}
