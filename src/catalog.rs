//! The document catalogue and the requirement map, both data embedded from `catalog/`:
//! which documents a pack holds, which sections satisfy which requirement, and which
//! documents a given set of answers calls for.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use include_dir::{Dir, include_dir};
use serde::{Deserialize, Serialize};

use crate::answers::Answers;

// Unknown fields are refused: in a flow mapping an unquoted comma would otherwise start
// a new key silently and cut a value short.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentSpec {
    pub key: String,
    pub code: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub owner: String,
    #[serde(default)]
    pub when: Option<String>,
    #[serde(default)]
    pub each: Option<String>,
    pub sections: Vec<SectionSpec>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SectionSpec {
    pub id: String,
    pub covers: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    pub id: String,
    pub clause: String,
    pub kind: String,
    pub level: String,
    pub name: String,
    #[serde(default)]
    pub when: Option<String>,
}

/// One RACI row: the activity, its clause, and a letter (R, A, C, I or A/R) per role.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct RaciRow {
    pub row: String,
    pub clause: String,
    #[serde(flatten)]
    pub cells: std::collections::BTreeMap<String, String>,
}

#[derive(Debug)]
pub struct Catalog {
    pub documents: Vec<DocumentSpec>,
    pub requirements: Vec<Requirement>,
    pub raci: Vec<RaciRow>,
    /// Requirement names in other languages than English: locale → id → name
    /// (`catalog/requirement-names/<locale>.yaml`).
    pub requirement_names: BTreeMap<String, BTreeMap<String, String>>,
}

static REQUIREMENT_NAMES: Dir<'static> =
    include_dir!("$CARGO_MANIFEST_DIR/catalog/requirement-names");

impl Catalog {
    /// The name of a requirement in `locale`; English where it has none.
    pub fn requirement_name<'a>(&'a self, req: &'a Requirement, locale: &str) -> &'a str {
        self.requirement_names
            .get(locale)
            .and_then(|names| names.get(&req.id))
            .map_or(req.name.as_str(), String::as_str)
    }
}

/// The catalogue built into the binary. A test proves it loads and is consistent, so a
/// failure here is a build defect, not a user error.
pub fn builtin() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let parse = |name: &str, text: &str| -> String { format!("catalog/{name}: {text}") };
        Catalog {
            documents: serde_saphyr::from_str(include_str!("../catalog/documents.yaml"))
                .unwrap_or_else(|e| panic!("{}", parse("documents.yaml", &e.to_string()))),
            requirements: serde_saphyr::from_str(include_str!("../catalog/requirements.yaml"))
                .unwrap_or_else(|e| panic!("{}", parse("requirements.yaml", &e.to_string()))),
            raci: serde_saphyr::from_str(include_str!("../catalog/raci.yaml"))
                .unwrap_or_else(|e| panic!("{}", parse("raci.yaml", &e.to_string()))),
            requirement_names: REQUIREMENT_NAMES
                .files()
                .filter_map(|f| {
                    let name = f.path().file_name()?.to_str()?;
                    let locale = name.strip_suffix(".yaml")?;
                    let names = serde_saphyr::from_str(f.contents_utf8()?).unwrap_or_else(|e| {
                        panic!(
                            "{}",
                            parse(&format!("requirement-names/{name}"), &e.to_string())
                        )
                    });
                    Some((locale.to_string(), names))
                })
                .collect(),
        }
    })
}

/// Sort key for clause numbers, so that 8.10 follows 8.9 and 10.1 follows 9.4.
pub fn clause_key(clause: &str) -> Vec<u32> {
    clause.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

/// Whether a condition from the catalogue holds for these answers.
pub fn holds(condition: Option<&str>, answers: &Answers) -> bool {
    match condition {
        None | Some("always") => true,
        Some("any_external_supplier") => answers.suppliers.iter().any(|s| s.kind == "external"),
        Some("any_internal_supplier") => answers.suppliers.iter().any(|s| s.kind != "external"),
        Some(_) => false,
    }
}

/// What a per-item document is written for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Service(usize),
    Supplier(usize),
}

/// One document the answers call for.
#[derive(Debug, Clone)]
pub struct Planned<'c> {
    pub spec: &'c DocumentSpec,
    pub code: String,
    pub item: Option<Item>,
}

impl Catalog {
    pub fn requirement(&self, id: &str) -> Option<&Requirement> {
        self.requirements.iter().find(|r| r.id == id)
    }

    /// The clauses a document covers, in clause order.
    pub fn clauses(&self, spec: &DocumentSpec) -> Vec<String> {
        let mut clauses: Vec<String> = spec
            .sections
            .iter()
            .flat_map(|s| &s.covers)
            .filter_map(|id| self.requirement(id))
            .map(|r| r.clause.clone())
            .collect();
        clauses.sort_by_key(|c| clause_key(c));
        clauses.dedup();
        clauses
    }

    /// The documents of the pack for these answers, in catalogue order, numbering
    /// per-item documents in the order of the answers.
    pub fn plan(&self, answers: &Answers) -> Vec<Planned<'_>> {
        self.plan_pinned(answers, &Pins::new())
    }

    /// The same, keeping the codes `pins` gives to items seen before (key and item id
    /// to code), so that a document keeps its id however the answers are reordered;
    /// new items take the next number never used.
    pub fn plan_pinned(&self, answers: &Answers, pins: &Pins) -> Vec<Planned<'_>> {
        let mut out = Vec::new();
        for spec in &self.documents {
            if !holds(spec.when.as_deref(), answers) {
                continue;
            }
            let items: Vec<(Item, &str)> = match spec.each.as_deref() {
                None => {
                    out.push(Planned {
                        spec,
                        code: spec.code.clone(),
                        item: None,
                    });
                    continue;
                }
                Some("service") => answers
                    .services
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (Item::Service(i), s.id.as_str()))
                    .collect(),
                Some("internal_supplier") => answers
                    .suppliers
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.kind != "external")
                    .map(|(i, s)| (Item::Supplier(i), s.id.as_str()))
                    .collect(),
                Some(_) => Vec::new(),
            };
            let code_of = |n: usize| spec.code.replace("{n}", &format!("{n:03}"));
            let pinned: Vec<&String> = pins
                .iter()
                .filter(|((key, _), _)| key == &spec.key)
                .map(|(_, code)| code)
                .collect();
            let mut next = 1;
            for (item, id) in items {
                let code = match pins.get(&(spec.key.clone(), id.to_string())) {
                    Some(code) => code.clone(),
                    None => {
                        while pinned.contains(&&code_of(next))
                            || out.iter().any(|p: &Planned| p.code == code_of(next))
                        {
                            next += 1;
                        }
                        code_of(next)
                    }
                };
                out.push(Planned {
                    spec,
                    code,
                    item: Some(item),
                });
            }
        }
        out
    }
}

/// Codes already given to per-item documents: (catalogue key, item id) → code.
pub type Pins = std::collections::BTreeMap<(String, String), String>;

#[cfg(test)]
mod tests {
    use super::*;

    /// `check` speaks the pack's language: every locale with templates names every
    /// requirement, and names nothing else.
    #[test]
    fn every_locale_names_every_requirement() {
        let c = builtin();
        for locale in crate::templates::TemplateSet::builtin().locales() {
            if locale == "en" {
                continue;
            }
            let names = c
                .requirement_names
                .get(&locale)
                .unwrap_or_else(|| panic!("no catalog/requirement-names/{locale}.yaml"));
            for r in &c.requirements {
                let name = names.get(&r.id).map(String::as_str).unwrap_or_default();
                assert!(!name.trim().is_empty(), "{locale}: no name for {}", r.id);
                assert_ne!(name, r.name, "{locale}: {} is not translated", r.id);
            }
            for id in names.keys() {
                assert!(
                    c.requirement(id).is_some(),
                    "{locale}: unknown requirement {id}"
                );
            }
        }
        let scope = c.requirement("sms_scope_statement").unwrap();
        assert_eq!(
            c.requirement_name(scope, "xx"),
            scope.name,
            "English otherwise"
        );
    }

    #[test]
    fn catalogue_is_consistent() {
        let c = builtin();
        let mut codes = Vec::new();
        let mut keys = Vec::new();
        for d in &c.documents {
            assert!(!keys.contains(&d.key), "duplicate key {}", d.key);
            assert!(!codes.contains(&d.code), "duplicate code {}", d.code);
            keys.push(d.key.clone());
            codes.push(d.code.clone());
            assert!(
                crate::answers::STANDARD_ROLES.contains(&d.owner.as_str()),
                "{}",
                d.key
            );
            assert!(d.each.is_some() == d.code.contains("{n}"), "{}", d.key);
            for s in &d.sections {
                for id in &s.covers {
                    assert!(c.requirement(id).is_some(), "{} covers unknown {id}", d.key);
                }
            }
        }
        for r in &c.requirements {
            let covered = c
                .documents
                .iter()
                .any(|d| d.sections.iter().any(|s| s.covers.contains(&r.id)));
            assert!(covered, "requirement {} is covered by no document", r.id);
        }
    }

    #[test]
    fn every_raci_row_has_one_accountable_and_a_responsible() {
        for row in &builtin().raci {
            let a = row.cells.values().filter(|v| v.contains('A')).count();
            let r = row.cells.values().filter(|v| v.contains('R')).count();
            assert_eq!(a, 1, "{}", row.row);
            assert!(r >= 1, "{}", row.row);
        }
    }

    #[test]
    fn per_item_codes_stay_with_their_items() {
        let text = include_str!("../examples/northwind.yaml");
        let answers = crate::answers::parse(text, "x", &["en".to_string()]).unwrap();
        let c = builtin();
        let codes = |plan: &[Planned]| -> Vec<String> {
            plan.iter()
                .filter(|p| p.spec.key == "service_level_agreement")
                .map(|p| p.code.clone())
                .collect()
        };
        assert_eq!(
            codes(&c.plan(&answers)),
            vec!["SLA-001", "SLA-002", "SLA-003"]
        );
        // The first service was SLA-002 before and a withdrawn one held SLA-001.
        let mut pins = Pins::new();
        pins.insert(
            ("service_level_agreement".into(), "managed-desktop".into()),
            "SLA-002".into(),
        );
        pins.insert(
            ("service_level_agreement".into(), "retired".into()),
            "SLA-001".into(),
        );
        assert_eq!(
            codes(&c.plan_pinned(&answers, &pins)),
            vec!["SLA-002", "SLA-003", "SLA-004"]
        );
    }

    #[test]
    fn clause_order_is_numeric() {
        let mut v = vec!["10.1", "8.10", "8.2.2", "9.4", "8.9"];
        v.sort_by_key(|c| clause_key(c));
        assert_eq!(v, vec!["8.2.2", "8.9", "8.10", "9.4", "10.1"]);
    }
}
