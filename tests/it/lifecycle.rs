//! A pack through its life under document control: created, regenerated without change,
//! changed, approved, edited by hand, in conflict, its Word file edited, its register
//! damaged, and two runs at once.

use std::fs;

use predicates::prelude::*;

use crate::{Pack, example};

fn harbourside() -> Pack {
    Pack::from_answers(&example("harbourside.yaml"))
}

fn edit_answers(pack: &Pack, from: &str, to: &str) {
    let path = pack.dir().join("smskit.yaml");
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    fs::write(path, text.replace(from, to)).unwrap();
}

fn register(pack: &Pack) -> serde_json::Value {
    serde_json::from_str(&fs::read_to_string(pack.dir().join("smskit-register.json")).unwrap())
        .unwrap()
}

fn status(pack: &Pack) -> serde_json::Value {
    pack.json(&["status", "--json"])
}

fn state_of(pack: &Pack, id: &str) -> String {
    status(pack)["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .map(|d| d["state"].as_str().unwrap().to_string())
        .unwrap()
}

#[test]
fn a_new_pack_is_all_drafts_at_0_1_and_status_says_current() {
    let pack = harbourside();
    let s = status(&pack);
    let docs = s["documents"].as_array().unwrap();
    assert!(docs.len() > 50);
    for d in docs {
        assert_eq!(d["version"], "0.1");
        assert_eq!(d["status"], "draft");
        assert_eq!(d["state"], "current", "{d}");
        assert!(d["files"]["markdown"].as_str().unwrap().ends_with(".md"));
        assert!(d["files"]["docx"].as_str().unwrap().ends_with(".docx"));
        assert!(!d["clauses"].as_array().unwrap().is_empty());
    }
    pack.run(&["status", "--check"]).success();
}

#[test]
fn regenerating_without_change_writes_nothing_on_any_later_day() {
    let pack = harbourside();
    let before = pack.snapshot();
    pack.run(&["generate", "--date", "2027-03-01"]).success();
    assert_eq!(
        before,
        pack.snapshot(),
        "same answers: same bytes, same versions, same dates"
    );
}

#[test]
fn a_renamed_service_moves_only_the_documents_that_mention_it() {
    let pack = harbourside();
    edit_answers(&pack, "name: Workplace Cleaning", "name: Workplace Hygiene");
    pack.run(&["status", "--check"]).code(1);
    pack.run(&["generate", "--date", "2026-12-01"]).success();
    let reg = register(&pack);
    let mut moved = 0;
    for (id, entry) in reg["documents"].as_object().unwrap() {
        let (_, text) = pack.document(id);
        let mentions = text.contains("Workplace Hygiene");
        if entry["version"] == "0.2" {
            moved += 1;
            let last = entry["revisions"].as_array().unwrap().last().unwrap();
            assert_eq!(
                last["description"], "service 'Workplace Cleaning' renamed to 'Workplace Hygiene'",
                "{id}"
            );
            assert_eq!(last["date"], "2026-12-01");
            assert!(mentions, "{id} moved without mentioning the service");
        } else {
            assert_eq!(entry["version"], "0.1", "{id}");
            // The document register lists the new title but is a living list: its rows
            // follow the other documents without a version of its own.
            assert!(
                !mentions || id == "HFG-REG-001",
                "{id} mentions the service but did not move"
            );
        }
    }
    assert!(
        moved > 3 && moved < reg["documents"].as_object().unwrap().len(),
        "{moved} documents moved"
    );
    let (_, sla) = pack.document("HFG-SLA-001");
    assert!(sla.contains("| 0.2 | 2026-12-01 |"));
    assert!(
        !pack
            .documents()
            .iter()
            .any(|(n, _)| n.contains("workplace-cleaning")),
        "old file names are gone"
    );
    pack.run(&["status", "--check"]).success();
}

#[test]
fn approving_all_records_the_approver_and_the_next_review() {
    let pack = harbourside();
    pack.run(&[
        "approve",
        "--all",
        "--by",
        "Owen Hughes",
        "--date",
        "2026-12-10",
    ])
    .success()
    .stdout(predicate::str::contains("as version 1.0"));
    let reg = register(&pack);
    for (id, entry) in reg["documents"].as_object().unwrap() {
        assert_eq!(entry["version"], "1.0", "{id}");
        assert_eq!(entry["status"], "approved", "{id}");
        let approval = &entry["approvals"][0];
        assert_eq!(approval["name"], "Owen Hughes");
        assert_eq!(approval["role"], "Chief Executive");
        assert_eq!(approval["next_review"], "2027-12-10");
    }
    let (_, policy) = pack.document("HFG-POL-001");
    assert!(policy.contains("version: \"1.0\"") && policy.contains("status: approved"));
    let (_, list) = pack.document("HFG-REG-001");
    assert!(list.contains("| HFG-POL-001 | Service Management Policy | Policy | 1.0 | Approved | Chief Executive | Owen Hughes | 2026-12-10 | 2027-12-10 |"), "the register lists the approval");
    assert!(policy.contains("| 1.0 | Owen Hughes | Chief Executive | 2026-12-10 | 2027-12-10 |"));
    pack.run(&["status", "--check"]).success();
    // A change after approval starts a new draft: 1.0 → 1.1.
    edit_answers(&pack, "name: Workplace Cleaning", "name: Workplace Hygiene");
    pack.run(&[
        "generate",
        "--date",
        "2027-01-05",
        "--message",
        "Service renamed at customer request",
    ])
    .success();
    let (_, sla) = pack.document("HFG-SLA-001");
    assert!(sla.contains("version: \"1.1\"") && sla.contains("status: draft"));
    assert!(
        sla.contains("| 1.1 | 2027-01-05 | Carys Morgan | Service renamed at customer request |")
    );
}

#[test]
fn hand_edits_survive_a_change_of_the_answers() {
    let pack = harbourside();
    let (path, text) = pack.document("HFG-SLA-001");
    let edited = text.replace("## 2. Service description", "## 2. Service description\n\nAgreed in the kick-off meeting of 3 March: window cleaning is included.\n");
    assert_ne!(edited, text);
    fs::write(&path, &edited).unwrap();
    assert_eq!(state_of(&pack, "HFG-SLA-001"), "edited");
    edit_answers(
        &pack,
        "availability_target: 98.5",
        "availability_target: 98.8",
    );
    pack.run(&["generate", "--date", "2026-12-02"]).success();
    let (_, now) = pack.document("HFG-SLA-001");
    assert!(
        now.contains("window cleaning is included"),
        "the person's words are kept"
    );
    assert!(
        now.contains("98.8%") && !now.contains("98.5%"),
        "the new answer is in"
    );
    assert!(now.contains("version: \"0.2\""));
    assert_eq!(state_of(&pack, "HFG-SLA-001"), "current");
}

#[test]
fn a_conflicting_edit_is_kept_and_the_proposal_written_beside_it() {
    let pack = harbourside();
    let (path, text) = pack.document("HFG-SLA-001");
    let line = text
        .lines()
        .find(|l| l.contains("98.5%"))
        .unwrap()
        .to_string();
    let mine = text.replace(
        &line,
        "Availability is whatever the customer and we agree each month.",
    );
    fs::write(&path, &mine).unwrap();
    edit_answers(
        &pack,
        "availability_target: 98.5",
        "availability_target: 98.8",
    );
    pack.run(&["generate", "--date", "2026-12-02"])
        .code(1)
        .stdout(predicate::str::contains("conflict: HFG-SLA-001"));
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        mine,
        "the person's file is untouched"
    );
    let proposal = pack
        .documents()
        .into_iter()
        .find(|(n, _)| n.starts_with("HFG-SLA-001") && n.ends_with(".proposed.md"))
        .expect("a proposal beside it");
    assert!(proposal.1.contains("<<<<<<<") && proposal.1.contains(">>>>>>>"));
    assert_eq!(state_of(&pack, "HFG-SLA-001"), "conflict");
    pack.run(&["status", "--check"]).code(1);
    pack.run(&["generate", "--date", "2026-12-03"]).code(1);
}

#[test]
fn reset_returns_a_document_to_the_template_and_keeps_a_backup() {
    let pack = harbourside();
    let (path, text) = pack.document("HFG-POL-001");
    fs::write(&path, text.replace("## 1.", "My own words.\n\n## 1.")).unwrap();
    pack.run(&["generate", "--reset", "HFG-POL-001", "--date", "2026-12-04"])
        .success();
    let (_, now) = pack.document("HFG-POL-001");
    assert!(!now.contains("My own words."));
    assert!(
        pack.snapshot()
            .iter()
            .any(|(n, b)| n.contains("HFG-POL-001")
                && n.ends_with(".bak")
                && String::from_utf8_lossy(b).contains("My own words."))
    );
    pack.run(&["generate", "--reset", "HFG-NOPE-1"])
        .code(2)
        .stderr(predicate::str::contains("HFG-NOPE-1"));
}

#[test]
fn a_word_file_edited_by_hand_is_kept_unless_forced() {
    let pack = harbourside();
    let docx = pack
        .dir()
        .join("HFG-POL-001-service-management-policy.docx");
    fs::write(&docx, b"PK edited in Word").unwrap();
    edit_answers(
        &pack,
        "name: Harbourside Facilities Group plc",
        "name: Harbourside Facilities Group Ltd",
    );
    pack.run(&["generate", "--date", "2026-12-05"])
        .code(1)
        .stdout(predicate::str::contains(
            "HFG-POL-001-service-management-policy.docx",
        ));
    assert_eq!(fs::read(&docx).unwrap(), b"PK edited in Word");
    pack.run(&["generate", "--force", "--date", "2026-12-05"])
        .success();
    assert_ne!(fs::read(&docx).unwrap(), b"PK edited in Word");
    assert!(
        pack.snapshot()
            .iter()
            .any(|(n, b)| n.ends_with(".bak") && b == b"PK edited in Word")
    );
}

#[test]
fn a_damaged_register_is_a_clear_error_and_nothing_is_written() {
    let pack = harbourside();
    let path = pack.dir().join("smskit-register.json");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, &text[..text.len() / 2]).unwrap();
    let before = pack.snapshot();
    pack.run(&["generate"]).code(2).stderr(
        predicate::str::contains("smskit-register.json").and(predicate::str::contains("line")),
    );
    pack.run(&["status"]).code(2);
    assert_eq!(before, pack.snapshot());
}

#[test]
fn removed_suppliers_documents_are_withdrawn_not_forgotten() {
    let pack = harbourside();
    let path = pack.dir().join("smskit.yaml");
    let text = fs::read_to_string(&path).unwrap();
    let start = text.find("  - id: engineering").unwrap();
    let end = text[start..].find("  - id: sparkle").unwrap() + start;
    let text = format!("{}{}", &text[..start], &text[end..]).replace(
        "    operated_by: supplier:engineering",
        "    operated_by: internal",
    );
    fs::write(&path, text).unwrap();
    pack.run(&["generate", "--date", "2026-12-06"])
        .success()
        .stdout(predicate::str::contains("withdrawn: HFG-AGR-001"));
    assert_eq!(
        register(&pack)["documents"]["HFG-AGR-001"]["status"],
        "withdrawn"
    );
}

#[test]
fn diff_shows_what_generate_would_change() {
    let pack = harbourside();
    pack.run(&["diff"])
        .success()
        .stdout(predicate::str::contains("no changes"));
    edit_answers(
        &pack,
        "availability_target: 98.5",
        "availability_target: 98.8",
    );
    pack.run(&["diff", "HFG-SLA-001", "--date", "2026-12-07"])
        .success()
        .stdout(
            predicate::str::contains("-")
                .and(predicate::str::contains("+"))
                .and(predicate::str::contains("98.8%")),
        );
    pack.run(&["diff", "HFG-XXX-999"]).code(2);
}

#[test]
fn two_generations_at_once_leave_a_consistent_pack() {
    let pack = harbourside();
    edit_answers(
        &pack,
        "availability_target: 98.5",
        "availability_target: 98.8",
    );
    let spawn = || {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("smskit"))
            .args(["generate", "--date", "2026-12-08", "--dir"])
            .arg(pack.dir())
            .output()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(spawn);
        let b = s.spawn(spawn);
        (a.join().unwrap().unwrap(), b.join().unwrap().unwrap())
    });
    assert!(a.status.success() && b.status.success(), "{a:?} {b:?}");
    assert!(!pack.dir().join("smskit.lock").exists());
    // One run versioned the change; the other found nothing left to do.
    let (_, sla) = pack.document("HFG-SLA-001");
    assert!(sla.contains("version: \"0.2\""), "exactly one new version");
    assert!(!sla.contains("| 0.3 |"));
    pack.run(&["status", "--check"]).success();
}

#[test]
fn a_service_keeps_its_sla_id_when_the_answers_are_reordered() {
    let pack = harbourside();
    let sla_of = |pack: &Pack, name: &str| {
        pack.documents()
            .into_iter()
            .find(|(file, text)| {
                file.contains("-SLA-")
                    && file.ends_with(".md")
                    && text.contains(&format!("title: \"Service Level Agreement: {name}\""))
            })
            .map(|(file, _)| file[..11].to_string())
            .unwrap()
    };
    assert_eq!(sla_of(&pack, "Workplace Cleaning"), "HFG-SLA-001");
    let path = pack.dir().join("smskit.yaml");
    let text = fs::read_to_string(&path).unwrap();
    let start = text.find("  - id: workplace-cleaning").unwrap();
    let end = text.find("  - id: planned-maintenance").unwrap();
    let moved = format!("{}{}", &text[..start], &text[end..]);
    let at = moved.find("processes:").unwrap();
    let moved = format!("{}{}{}", &moved[..at], &text[start..end], &moved[at..]);
    fs::write(&path, moved).unwrap();
    pack.run(&["generate", "--date", "2026-12-09"]).success();
    assert_eq!(sla_of(&pack, "Workplace Cleaning"), "HFG-SLA-001");
    assert_eq!(
        sla_of(&pack, "Planned and Reactive Maintenance"),
        "HFG-SLA-002"
    );
    pack.run(&["check"]).success();
}

#[test]
fn a_run_interrupted_before_the_register_is_written_is_completed_by_the_next() {
    let pack = harbourside();
    let register_before = fs::read(pack.dir().join("smskit-register.json")).unwrap();
    edit_answers(
        &pack,
        "availability_target: 98.5",
        "availability_target: 98.8",
    );
    pack.run(&["generate", "--date", "2026-12-11"]).success();
    // As if the run had stopped just before writing the register.
    fs::write(pack.dir().join("smskit-register.json"), register_before).unwrap();
    pack.run(&["generate", "--date", "2026-12-11"]).success();
    let (_, sla) = pack.document("HFG-SLA-001");
    assert!(sla.contains("98.8%"));
    pack.run(&["status", "--check"]).success();
}

/// The Word files show more than the Markdown: a new accent colour reaches every one of
/// them, though no Markdown file and no version changes.
#[test]
fn a_new_accent_colour_reaches_every_word_file_without_a_new_version() {
    let pack = harbourside();
    let before = pack.snapshot();
    edit_answers(
        &pack,
        "accent_colour: \"#006B5E\"",
        "accent_colour: \"#7A1F5C\"",
    );
    let s = status(&pack);
    let docs = s["documents"].as_array().unwrap();
    assert!(
        docs.iter().all(|d| d["state"] == "outdated"),
        "status tells the Word files would change: {s}"
    );
    pack.run(&["diff", "HFG-POL-001"])
        .success()
        .stdout(predicate::str::contains(
            "HFG-POL-001-service-management-policy.docx: only the Word file changes",
        ));
    pack.run(&["generate", "--date", "2026-12-05"]).success();
    let after = pack.snapshot();
    for (name, bytes) in &before {
        let now = &after.iter().find(|(n, _)| n == name).unwrap().1;
        if name.ends_with(".docx") {
            assert_ne!(now, bytes, "{name} still has the old colour");
            let styles = crate::zip_part(now, "word/styles.xml");
            assert!(styles.contains("7A1F5C"), "{name}");
        } else if name.ends_with(".md") {
            assert_eq!(now, bytes, "{name} changed");
        }
    }
    for d in status(&pack)["documents"].as_array().unwrap() {
        assert_eq!(d["version"], "0.1", "{d}");
        assert_eq!(d["state"], "current", "{d}");
    }
    // Built from the same inputs again, nothing is written.
    let settled = pack.snapshot();
    pack.run(&["generate", "--date", "2026-12-06"]).success();
    assert_eq!(pack.snapshot(), settled);
}
