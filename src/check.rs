//! Clause coverage: for every requirement of the map that applies to these answers, the
//! documents and sections that cover it, and whether they are really in the pack folder.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::answers::Answers;
use crate::catalog::{self, Catalog};
use crate::context::document_id;
use crate::markdown::heading_ids;
use crate::pack;

#[derive(Debug, Clone, Serialize)]
pub struct Place {
    pub document: String,
    pub section: String,
    pub file: Option<String>,
    pub present: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub id: String,
    pub clause: String,
    pub kind: String,
    pub level: String,
    pub name: String,
    pub covered: bool,
    pub covered_by: Vec<Place>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum GapKind {
    MissingDocument,
    MissingSection,
    NoDocument,
}

#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    pub requirement: String,
    pub clause: String,
    pub name: String,
    pub kind: GapKind,
    pub document: Option<String>,
    pub section: Option<String>,
    pub file: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub requirements: Vec<Entry>,
    pub gaps: Vec<Gap>,
}

/// Checks the pack in `dir` against the documents these answers call for.
pub fn coverage(answers: &Answers, dir: &Path, catalog: &Catalog) -> Report {
    let pins = crate::register::load(dir)
        .map(|reg| crate::control::pins(&reg))
        .unwrap_or_default();
    let plan = catalog.plan_pinned(answers, &pins);
    // Each planned document once: its id, its file (if any) and the section ids in it.
    let mut files: BTreeMap<String, (Option<String>, Vec<String>)> = BTreeMap::new();
    for p in &plan {
        let id = document_id(answers, p);
        let found = pack::find_document(dir, &id);
        let sections = found
            .as_ref()
            .and_then(|path| pack::read_text(path).ok())
            .map(|text| heading_ids(&text))
            .unwrap_or_default();
        let name = found.and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()));
        files.insert(id, (name, sections));
    }

    let mut requirements = Vec::new();
    let mut gaps = Vec::new();
    let mut sorted: Vec<_> = catalog.requirements.iter().collect();
    sorted.sort_by_key(|r| catalog::clause_key(&r.clause));
    for req in sorted {
        if !catalog::holds(req.when.as_deref(), answers) {
            continue;
        }
        let name = catalog.requirement_name(req, &answers.locale);
        let gap =
            |kind, document: Option<&str>, section: Option<&str>, file: Option<&String>| Gap {
                requirement: req.id.clone(),
                clause: req.clause.clone(),
                name: name.to_string(),
                kind,
                document: document.map(str::to_string),
                section: section.map(str::to_string),
                file: file.cloned(),
            };
        let mut places = Vec::new();
        for p in &plan {
            let id = document_id(answers, p);
            let (file, sections) = &files[&id];
            for s in p
                .spec
                .sections
                .iter()
                .filter(|s| s.covers.contains(&req.id))
            {
                let present = sections.contains(&s.id);
                if file.is_none() {
                    gaps.push(gap(GapKind::MissingDocument, Some(&id), Some(&s.id), None));
                } else if !present {
                    gaps.push(gap(
                        GapKind::MissingSection,
                        Some(&id),
                        Some(&s.id),
                        file.as_ref(),
                    ));
                }
                places.push(Place {
                    document: id.clone(),
                    section: s.id.clone(),
                    file: file.clone(),
                    present,
                });
            }
        }
        if places.is_empty() {
            gaps.push(gap(GapKind::NoDocument, None, None, None));
        }
        requirements.push(Entry {
            id: req.id.clone(),
            clause: req.clause.clone(),
            kind: req.kind.clone(),
            level: req.level.clone(),
            name: name.to_string(),
            covered: !places.is_empty() && places.iter().all(|p| p.present),
            covered_by: places,
        });
    }
    // A missing document is reported once, not once for each of its sections.
    gaps.dedup_by(|a, b| {
        a.kind == GapKind::MissingDocument
            && b.kind == GapKind::MissingDocument
            && a.document == b.document
            && a.requirement == b.requirement
    });
    Report { requirements, gaps }
}
