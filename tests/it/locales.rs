//! Locales: every template and every message exists in every locale, and a German pack
//! is German — the same documents as the English one, passing the same checks, with no
//! English template text left.

use std::collections::BTreeSet;
use std::fs;

use crate::{Pack, example, repo};

fn files(dir: &str) -> BTreeSet<String> {
    fs::read_dir(repo(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect()
}

fn keys(locale: &str) -> BTreeSet<String> {
    let text = fs::read_to_string(repo(&format!("locales/{locale}.yml"))).unwrap();
    let map: std::collections::BTreeMap<String, String> = serde_saphyr::from_str(&text).unwrap();
    map.into_keys().collect()
}

fn locales() -> Vec<String> {
    files("locales")
        .into_iter()
        .filter_map(|f| f.strip_suffix(".yml").map(str::to_string))
        .collect()
}

#[test]
fn every_locale_has_every_template_and_every_message() {
    let all = locales();
    assert!(all.contains(&"en".to_string()) && all.contains(&"de".to_string()));
    let en_templates = files("templates/en");
    let en_keys = keys("en");
    for locale in &all {
        assert_eq!(
            files(&format!("templates/{locale}")),
            en_templates,
            "templates of {locale}"
        );
        assert_eq!(keys(locale), en_keys, "messages of {locale}");
    }
}

/// English words that German prose does not use; a few in a document come from the
/// answers (names of services and roles), many mean English template text.
const ENGLISH: [&str; 12] = [
    "the", "and", "of", "is", "are", "which", "with", "must", "should", "each", "when", "this",
];

#[test]
fn a_german_pack_has_the_same_documents_and_no_english_template_text() {
    let english = Pack::from_answers(&example("harbourside.yaml"));
    let german =
        Pack::from_answers(&example("harbourside.yaml").replace("locale: en", "locale: de"));
    let ids = |p: &Pack| -> Vec<String> {
        p.documents()
            .iter()
            .map(|(n, _)| n[..n.find('-').map_or(0, |_| 11)].to_string())
            .collect()
    };
    assert_eq!(ids(&english), ids(&german));
    // The answers are English (their values stay as the user wrote them): remove them.
    let answers = example("harbourside.yaml");
    let mut values: Vec<String> = answers
        .lines()
        .filter_map(|l| l.split_once(": ").map(|(_, v)| v.trim().to_string()))
        .flat_map(|v| {
            let v = v.trim_start_matches('[').trim_end_matches(']').to_string();
            v.split(", ")
                .map(|x| x.trim_matches('"').to_string())
                .collect::<Vec<_>>()
        })
        .filter(|v| v.len() > 3)
        .collect();
    values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    for (name, text) in german.documents() {
        let mut text = text;
        for v in &values {
            text = text.replace(v.as_str(), " ");
        }
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            // As written: prose uses these words in lower case ("IS-01" is an id).
            .map(str::to_string)
            .collect();
        let english_words = words
            .iter()
            .filter(|w| ENGLISH.contains(&w.as_str()))
            .count();
        assert!(
            english_words * 200 < words.len().max(1),
            "{name}: {english_words} English words in {} — English template text?",
            words.len()
        );
    }
    german.run(&["check"]).success();
    let (_, policy) = german.document("HFG-POL-001");
    assert!(
        policy.contains("| 0.1 | 25.11.2026 |"),
        "dates in German form"
    );
    assert!(policy.contains("Änderungshistorie"));
}

#[test]
fn the_command_line_speaks_the_packs_language() {
    let german =
        Pack::from_answers(&example("harbourside.yaml").replace("locale: en", "locale: de"));
    let out = german
        .run(&["status"])
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("Entwurf") || text.contains("aktuell"),
        "{text}"
    );
}

#[test]
fn every_german_example_passes_check_and_document_control() {
    for name in ["northwind.yaml", "harbourside.yaml", "meridian.yaml"] {
        let german = Pack::from_answers(&example(name).replace("locale: en", "locale: de"));
        german.run(&["check"]).success();
        german.run(&["generate", "--date", "2027-01-02"]).success();
        german.run(&["status", "--check"]).success();
    }
    let german = Pack::from_answers(&example("northwind.yaml").replace("locale: en", "locale: de"));
    german
        .run(&[
            "approve",
            "--all",
            "--by",
            "Jane Smith",
            "--date",
            "2026-12-01",
        ])
        .success();
    let (_, policy) = german.document("NW-SMS-POL-001");
    assert!(
        policy.contains("| 1.0 | Jane Smith | Managing Director | 01.12.2026 | 01.12.2027 |"),
        "{policy}"
    );
    assert!(policy.contains("Freigegeben"));
}
