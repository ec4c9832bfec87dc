//! `check`: clause coverage, and the gaps a user can cause by deleting a section or a
//! document.

use std::fs;

use predicates::prelude::*;

use crate::{DATE, Pack, example};

fn example_pack() -> Pack {
    let pack = Pack::new();
    pack.run(&["init", "--example", "--date", DATE]).success();
    pack
}

#[test]
fn a_deleted_section_is_named_as_a_gap() {
    let pack = example_pack();
    let (path, text) = pack.document("NW-SMS-MAN-001");
    let heading = text
        .lines()
        .find(|l| l.ends_with("{#exclusions}"))
        .unwrap()
        .to_string();
    fs::write(&path, text.replace(&heading, "## Things we left out")).unwrap();
    pack.run(&["check"])
        .code(1)
        .stdout(
            predicate::str::contains("4.3").and(predicate::str::contains(
                "NW-SMS-MAN-001 has no section {#exclusions}",
            )),
        );
}

#[test]
fn a_deleted_document_is_named_as_a_gap() {
    let pack = example_pack();
    let (path, _) = pack.document("NW-SMS-PRC-009");
    fs::remove_file(path).unwrap();
    pack.run(&["check"])
        .code(1)
        .stdout(predicate::str::contains("8.6.1").and(predicate::str::contains("NW-SMS-PRC-009")));
}

#[test]
fn json_output_lists_every_requirement_with_its_places() {
    let pack = example_pack();
    let report = pack.json(&["check", "--json"]);
    let reqs = report["requirements"].as_array().unwrap();
    assert!(reqs.len() > 60);
    assert!(report["gaps"].as_array().unwrap().is_empty());
    for r in reqs {
        assert_eq!(r["covered"], true, "{r}");
        assert!(!r["covered_by"].as_array().unwrap().is_empty());
    }
    let scope = reqs
        .iter()
        .find(|r| r["id"] == "sms_scope_statement")
        .unwrap();
    assert_eq!(scope["clause"], "4.3");
    assert_eq!(scope["covered_by"][0]["document"], "NW-SMS-MAN-001");
}

#[test]
fn internal_agreements_are_required_only_where_internal_suppliers_exist() {
    let with_internal = Pack::from_answers(&example("harbourside.yaml"));
    let text = with_internal.json(&["check", "--json"]).to_string();
    assert!(text.contains("\"internal_supplier_agreements\""));
    assert!(
        with_internal
            .documents()
            .iter()
            .any(|(n, _)| n.starts_with("HFG-AGR-001-"))
    );

    let without = example_pack();
    assert!(
        !without
            .json(&["check", "--json"])
            .to_string()
            .contains("\"internal_supplier_agreements\"")
    );
}

/// Every item the requirement map marks as documented information or as a record
/// (tests/fixtures/requirement_map.yaml, the ids of ../shared/iso20000/requirements.yaml)
/// is covered by a section of some document of the example pack.
#[test]
fn every_mandatory_item_of_the_requirement_map_is_covered() {
    let map: serde_json::Value = serde_saphyr::from_str(
        &fs::read_to_string(crate::repo("tests/fixtures/requirement_map.yaml")).unwrap(),
    )
    .unwrap();
    let pack = Pack::from_answers(&example("harbourside.yaml"));
    let report = pack.json(&["check", "--json"]);
    let covered: Vec<&str> = report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["covered"] == true)
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for item in map["mandatory"].as_array().unwrap() {
        let id = item["id"].as_str().unwrap();
        let ours = item["covered_as"].as_str().unwrap_or(id);
        assert!(
            covered.contains(&ours),
            "{} ({}) is not covered",
            id,
            item["clause"]
        );
    }
}

/// Requirement names are whole (a comma in the catalogue once cut them short) and in the
/// pack's language.
#[test]
fn requirement_names_are_whole_and_in_the_packs_language() {
    let pack = example_pack();
    pack.run(&["check"])
        .success()
        .stdout(predicate::str::contains(
            "Internal and external issues, including the climate-change decision",
        ));
    let german = Pack::new();
    german
        .run(&["init", "--example", "--locale", "de", "--date", DATE])
        .success();
    german.run(&["check"]).success().stdout(
        predicate::str::contains("Anwendungsbereich des SMS (7.5.4 a)").and(
            predicate::str::contains(
                "Interne und externe Themen, einschließlich der Entscheidung zum Klimawandel",
            ),
        ),
    );
    german
        .run(&["check", "--json"])
        .success()
        .stdout(predicate::str::contains(
            "\"name\": \"Anwendungsbereich des SMS (7.5.4 a)\"",
        ));
}
