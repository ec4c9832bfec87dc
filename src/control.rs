//! Document control across regenerations: which documents changed and get a new
//! version, which were edited by hand and are merged, which conflict, which disappeared.
//! It reads the pack folder first, renders in memory, and writes the register last, so
//! that an interrupted run leaves the previous pack consistent.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::answers::Answers;
use crate::error::Error;
use crate::i18n::tr;
use crate::pack;
use crate::register::{self, Entry, FileRecord, Register};
use crate::render::{self, Approval, Decision, Document, Revision};
use crate::templates::TemplateSet;

/// What a regeneration would do, or did, to one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// The files match what the answers produce.
    Current,
    /// The answers or templates changed the document: a new version is due.
    Outdated,
    /// A person edited the Markdown; their edits merge cleanly with the new rendering.
    Edited,
    /// A person's edits clash with the new rendering: they must resolve it.
    Conflict,
    /// A file of the document is missing.
    Missing,
}

#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub id: String,
    pub title: String,
    pub version: String,
    pub status: String,
    pub state: State,
    pub owner: String,
    pub clauses: Vec<String>,
    pub files: BTreeMap<String, String>,
}

pub struct Options<'a> {
    pub today: &'a str,
    pub message: Option<&'a str>,
    pub force: bool,
    pub reset: &'a [String],
    pub dry_run: bool,
    pub logo: Option<&'a [u8]>,
}

#[derive(Default)]
pub struct Outcome {
    pub statuses: Vec<Status>,
    /// Files written (relative names), in the order written.
    pub written: Vec<String>,
    /// Word files a person changed that were kept (no --force).
    pub kept_docx: Vec<String>,
    pub withdrawn: Vec<String>,
    /// The proposed text of every document in conflict, with its file name.
    pub proposals: Vec<(String, String)>,
    /// Files left behind by a document whose title (and so file name) changed.
    pub renamed: Vec<String>,
    /// What the Word files could not show as written, by document id.
    pub warnings: Vec<(String, crate::docx::Warning)>,
    /// What `generate` would write as Markdown, by document id (for `diff`).
    pub markdown: BTreeMap<String, (String, String)>,
}

impl Outcome {
    pub fn from_statuses(statuses: Vec<Status>) -> Outcome {
        Outcome {
            statuses,
            ..Outcome::default()
        }
    }

    pub fn needs_attention(&self) -> bool {
        self.statuses.iter().any(|s| s.state == State::Conflict) || !self.kept_docx.is_empty()
    }
}

/// The body of a Markdown file the tool wrote: what follows the document-control
/// section. None if the file no longer has that shape.
pub fn body_of(markdown: &str) -> Option<String> {
    let control = markdown.find("{#document-control}")?;
    let rest = &markdown[control..];
    let next = rest.find("\n## ")?;
    Some(rest[next + 1..].to_string())
}

/// A body without its table rows: what stays of the document register when only the
/// listed documents' versions change.
fn list_free(body: &str) -> String {
    body.lines()
        .filter(|l| !l.starts_with("| "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The files a document had on disk before this run.
struct OnDisk {
    markdown: Option<String>,
    docx_hash: Option<String>,
}

fn read_on_disk(dir: &Path, entry: &Entry) -> OnDisk {
    let file = |kind: &str| entry.files.get(kind).map(|f| dir.join(&f.name));
    OnDisk {
        markdown: file("markdown").and_then(|p| pack::read_text(&p).ok()),
        docx_hash: file("docx")
            .and_then(|p| std::fs::read(p).ok())
            .map(|b| register::hash(&b)),
    }
}

/// What was added, renamed, changed or removed in a list of items with ids, in words
/// from `change.<kind>_…` in the locale.
fn list_changes<T: PartialEq>(
    old: &[T],
    new: &[T],
    id_name: impl Fn(&T) -> (&String, &String),
    kind: &str,
    changes: &mut Vec<String>,
) {
    let key = |what: &str| format!("change.{kind}_{what}");
    for item in new {
        let (id, name) = id_name(item);
        match old.iter().find(|o| id_name(o).0 == id) {
            None => changes.push(tr(&key("added"), &[("name", name)])),
            Some(o) if id_name(o).1 != name => {
                changes.push(tr(&key("renamed"), &[("old", id_name(o).1), ("new", name)]))
            }
            Some(o) if o != item => changes.push(tr(&key("changed"), &[("name", name)])),
            _ => {}
        }
    }
    for o in old
        .iter()
        .filter(|o| !new.iter().any(|n| id_name(n).0 == id_name(o).0))
    {
        changes.push(tr(&key("removed"), &[("name", id_name(o).1)]));
    }
}

/// A short account of what changed in the answers, for the revision history.
pub fn answers_changes(old: &str, new: &Answers, locales: &[String]) -> String {
    let Ok(old) = crate::answers::parse(old, "previous answers", locales) else {
        return String::new();
    };
    let mut changes = Vec::new();
    list_changes(
        &old.services,
        &new.services,
        |s| (&s.id, &s.name),
        "service",
        &mut changes,
    );
    list_changes(
        &old.suppliers,
        &new.suppliers,
        |s| (&s.id, &s.name),
        "supplier",
        &mut changes,
    );
    let parts: [(&str, bool); 7] = [
        ("organisation", old.organisation != new.organisation),
        ("scope", old.scope != new.scope),
        ("processes", old.processes != new.processes),
        ("roles", old.roles != new.roles || old.raci != new.raci),
        ("tools", old.tools != new.tools),
        (
            "document_control",
            old.document_control != new.document_control,
        ),
        ("branding", old.branding != new.branding),
    ];
    for (part, changed) in parts {
        if changed {
            changes.push(tr("change.part_changed", &[("part", part)]));
        }
    }
    changes.join("; ")
}

/// The codes the register gave to per-item documents, withdrawn ones included, so that
/// no id is ever given to another item.
pub fn pins(reg: &Register) -> crate::catalog::Pins {
    reg.documents
        .iter()
        .filter_map(|(id, e)| {
            let item = e.item.clone()?;
            let spec = crate::catalog::builtin()
                .documents
                .iter()
                .find(|d| d.key == e.key)?;
            let prefix = spec.code.split("{n}").next().unwrap_or("");
            let code = id.rfind(prefix).map(|at| id[at..].to_string())?;
            Some(((e.key.clone(), item), code))
        })
        .collect()
}

/// A hash of what the documents are rendered from.
pub fn inputs_hash(answers_text: &str, set: &TemplateSet) -> String {
    let all = format!(
        "smskit {}\n{answers_text}\n{}",
        env!("CARGO_PKG_VERSION"),
        set.fingerprint()
    );
    register::hash(all.as_bytes())
}

/// The state of every document when the inputs have not changed since the last
/// generation: read from the files alone, without rendering. None when a rendering is
/// needed to tell.
pub fn quick_status(
    dir: &Path,
    answers_text: &str,
    set: &TemplateSet,
) -> Result<Option<Vec<Status>>, Error> {
    let reg = register::load(dir).map_err(|e| Error::Register {
        path: dir.join(register::FILE),
        detail: e.0,
    })?;
    if reg.inputs.is_empty()
        || reg.inputs != inputs_hash(answers_text, set)
        || reg.documents.values().any(|e| e.refresh)
    {
        return Ok(None);
    }
    let catalog = crate::catalog::builtin();
    let mut out = Vec::new();
    for (id, entry) in reg
        .documents
        .iter()
        .filter(|(_, e)| e.status != "withdrawn")
    {
        let file = |kind: &str| {
            entry
                .files
                .get(kind)
                .map(|f| (dir.join(&f.name), f.hash.clone(), f.name.clone()))
        };
        let state_of = |kind: &str| -> (bool, bool) {
            match file(kind) {
                Some((path, hash, _)) => match std::fs::read(&path) {
                    Ok(bytes) => (true, register::hash(&bytes) != hash),
                    Err(_) => (false, false),
                },
                None => (false, false),
            }
        };
        let (md_exists, md_edited) = state_of("markdown");
        let (docx_exists, docx_edited) = state_of("docx");
        let proposal =
            file("markdown").is_some_and(|(p, _, _)| p.with_extension("proposed.md").exists());
        let state = if proposal {
            State::Conflict
        } else if !md_exists || !docx_exists {
            State::Missing
        } else if md_edited || docx_edited {
            State::Edited
        } else {
            State::Current
        };
        let spec = catalog.documents.iter().find(|d| d.key == entry.key);
        let mut files = BTreeMap::new();
        for (kind, record) in &entry.files {
            files.insert(kind.clone(), record.name.clone());
        }
        out.push(Status {
            id: id.clone(),
            title: entry.title.clone(),
            version: entry.version.clone(),
            status: entry.status.clone(),
            state,
            owner: spec.map(|s| s.owner.clone()).unwrap_or_default(),
            clauses: spec.map(|s| catalog.clauses(s)).unwrap_or_default(),
            files,
        });
    }
    // Catalogue order, as `generate` reports them.
    let rank = |key: &str| {
        catalog
            .documents
            .iter()
            .position(|d| d.key == key)
            .unwrap_or(usize::MAX)
    };
    out.sort_by_key(|s| {
        (
            reg.documents
                .get(&s.id)
                .map_or(usize::MAX, |e| rank(&e.key)),
            s.id.clone(),
        )
    });
    Ok(Some(out))
}

/// Regenerates the pack in `dir` under document control. With `dry_run` nothing is
/// written and the outcome says what would happen.
pub fn generate(
    dir: &Path,
    answers: &Answers,
    answers_text: &str,
    set: &TemplateSet,
    options: &Options,
) -> Result<Outcome, Error> {
    let reg = register::load(dir).map_err(|e| Error::Register {
        path: dir.join(register::FILE),
        detail: e.0,
    })?;
    let vocab = render::vocabulary(set, &answers.locale)?;
    let author = crate::context::author(answers, &vocab);
    let disk: BTreeMap<String, OnDisk> = reg
        .documents
        .iter()
        .map(|(id, entry)| (id.clone(), read_on_disk(dir, entry)))
        .collect();
    let summary = if reg.answers.is_empty() {
        String::new()
    } else {
        answers_changes(&reg.answers, answers, &set.locales())
    };
    let description = options.message.map(str::to_string).unwrap_or_else(|| {
        if summary.is_empty() {
            tr("change.templates", &[])
        } else {
            summary.clone()
        }
    });

    let decide = |doc: &Document| -> Decision {
        let revise = |entry: &Entry, body: String, what: &str| {
            let mut control = entry.control();
            control.version = register::next_minor(&entry.version);
            control.status = "draft".into();
            control.revisions.push(Revision {
                version: control.version.clone(),
                date: options.today.to_string(),
                author: author.clone(),
                description: what.to_string(),
            });
            Decision {
                control,
                body,
                conflict: false,
            }
        };
        let Some(entry) = reg
            .documents
            .get(&doc.id)
            .filter(|e| e.status != "withdrawn")
        else {
            return Decision {
                control: render::first_draft(options.today, &author, &vocab),
                body: doc.body.clone(),
                conflict: false,
            };
        };
        let on_disk = &disk[&doc.id];
        let recorded = |kind: &str| entry.files.get(kind).map(|f| f.hash.clone());
        let edited = on_disk
            .markdown
            .as_ref()
            .is_some_and(|md| Some(register::hash(md.as_bytes())) != recorded("markdown"));
        if options.reset.contains(&doc.id) {
            return revise(entry, doc.body.clone(), &tr("change.reset", &[]));
        }
        // The document register is a living list: rows that only follow the other
        // documents' versions and approvals are not a new version of the register.
        let same =
            on_disk.markdown.as_deref().and_then(body_of).as_deref() == Some(doc.body.as_str());
        if doc.key == "document_register"
            && (!edited || same)
            && list_free(&doc.body) == list_free(&entry.base)
        {
            return Decision {
                control: entry.control(),
                body: doc.body.clone(),
                conflict: false,
            };
        }
        // The file's body holds whatever people added since the document was created;
        // the base is the tool's own rendering last time. A three-way merge keeps both
        // the people's words and the new rendering.
        let Some(person) = on_disk.markdown.as_deref() else {
            return Decision {
                control: entry.control(),
                body: doc.body.clone(),
                conflict: false,
            };
        };
        let Some(person) = body_of(person) else {
            // The document-control section was removed: nothing safe to merge into.
            return Decision {
                control: entry.control(),
                body: doc.body.clone(),
                conflict: true,
            };
        };
        match diffy::merge(&entry.base, &person, &doc.body) {
            Err(proposal) => Decision {
                control: entry.control(),
                body: proposal,
                conflict: true,
            },
            Ok(merged) if merged == person && !edited => Decision {
                control: entry.control(),
                body: merged,
                conflict: false,
            },
            Ok(merged) => {
                // The register changes whenever another document's version does.
                let own = if doc.key == "document_register"
                    && options.message.is_none()
                    && summary.is_empty()
                {
                    tr("change.register", &[])
                } else {
                    description.clone()
                };
                // A file equal to the new rendering was written by an interrupted run,
                // not edited by a person.
                let by_hand = edited && person != doc.body;
                let what = match (by_hand, doc.body == entry.base) {
                    (true, true) => tr("change.hand_edits", &[]),
                    (true, false) => format!("{}; {}", own, tr("change.merged", &[])),
                    _ => own,
                };
                revise(entry, merged, &what)
            }
        }
    };
    let created = if reg.created.is_empty() {
        options.today.to_string()
    } else {
        reg.created.clone()
    };
    let pins = pins(&reg);
    let rendered = render::render_controlled(answers, set, &created, options.logo, &pins, &decide)?;

    let mut outcome = Outcome::default();
    let mut writes: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut new_reg = Register {
        format: register::FORMAT,
        inputs: inputs_hash(answers_text, set),
        created: created.clone(),
        answers: answers_text.to_string(),
        documents: BTreeMap::new(),
    };
    for doc in &rendered.documents {
        let entry = reg.documents.get(&doc.id);
        let on_disk = disk.get(&doc.id);
        let docx_name = doc.docx_name();
        let md_hash = doc.markdown_hash.clone();
        let person = on_disk.and_then(|d| d.markdown.clone());
        let edited = entry.is_some_and(|e| {
            person.as_ref().is_some_and(|md| {
                e.files.get("markdown").map(|f| &f.hash) != Some(&register::hash(md.as_bytes()))
            })
        });
        let conflict = doc.conflict;
        let md_file_differs = person.as_deref() != Some(doc.markdown.as_str());
        let docx_missing =
            on_disk.is_none_or(|d| d.docx_hash.is_none()) || !dir.join(&docx_name).exists();
        // The Word file on disk against the one recorded and the one just built. One
        // that differs from both was edited by a person (one equal to the new one was
        // written by an interrupted run); one equal to the recorded one is outdated when
        // its frame changed (a new name, colour or logo) though the Markdown did not.
        let on_disk_docx = on_disk.and_then(|d| d.docx_hash.as_deref());
        let recorded_docx = entry
            .and_then(|e| e.files.get("docx"))
            .map(|f| f.hash.as_str());
        let docx_differs = !doc.docx.is_empty() && on_disk_docx != Some(doc.docx_hash.as_str());
        let docx_by_hand = docx_differs && on_disk_docx.is_some() && on_disk_docx != recorded_docx;
        let docx_outdated = docx_differs && on_disk_docx.is_some() && !docx_by_hand;
        let state = if conflict {
            State::Conflict
        } else if entry.is_some() && (person.is_none() || docx_missing) {
            State::Missing
        } else if edited {
            State::Edited
        } else if entry.is_none() || md_file_differs || docx_outdated {
            State::Outdated
        } else {
            State::Current
        };
        let mut files = BTreeMap::new();
        files.insert("markdown".to_string(), doc.file_name.clone());
        files.insert("docx".to_string(), docx_name.clone());
        outcome.statuses.push(Status {
            id: doc.id.clone(),
            title: doc.title.clone(),
            version: doc.control.version.clone(),
            status: doc.control.status.clone(),
            state,
            owner: doc.owner.clone(),
            clauses: doc.clauses.clone(),
            files,
        });
        if conflict {
            let proposal = format!("{}.proposed.md", doc.file_name.trim_end_matches(".md"));
            outcome
                .proposals
                .push((proposal.clone(), doc.markdown.clone()));
            writes.push((dir.join(&proposal), doc.markdown.clone().into_bytes()));
            if let Some(e) = entry {
                new_reg.documents.insert(doc.id.clone(), e.clone());
            }
            continue;
        }
        outcome.markdown.insert(
            doc.id.clone(),
            (doc.file_name.clone(), doc.markdown.clone()),
        );
        outcome
            .warnings
            .extend(doc.warnings.iter().map(|w| (doc.id.clone(), w.clone())));
        // A new title gives new file names: the old files go once the new ones exist.
        for (kind, new_name) in [("markdown", &doc.file_name), ("docx", &docx_name)] {
            if let Some(old) = entry
                .and_then(|e| e.files.get(kind))
                .filter(|f| &f.name != new_name)
            {
                outcome.renamed.push(old.name.clone());
            }
        }
        if md_file_differs {
            writes.push((dir.join(&doc.file_name), doc.markdown.clone().into_bytes()));
        }
        let mut docx_hash = recorded_docx.unwrap_or_default().to_string();
        if docx_by_hand && !options.force {
            outcome.kept_docx.push(docx_name.clone());
        } else if !doc.docx.is_empty() {
            if docx_differs {
                if docx_by_hand {
                    let backup = format!("{docx_name}.{}.bak", options.today);
                    if let Ok(bytes) = std::fs::read(dir.join(&docx_name)) {
                        writes.push((dir.join(backup), bytes));
                    }
                }
                writes.push((dir.join(&docx_name), doc.docx.clone()));
            }
            docx_hash = doc.docx_hash.clone();
        }
        let written_body = body_of(&doc.markdown).unwrap_or_default();
        let mut record = BTreeMap::new();
        record.insert(
            "markdown".to_string(),
            FileRecord {
                name: doc.file_name.clone(),
                hash: md_hash,
            },
        );
        record.insert(
            "docx".to_string(),
            FileRecord {
                name: docx_name,
                hash: docx_hash,
            },
        );
        new_reg.documents.insert(
            doc.id.clone(),
            Entry {
                key: doc.key.clone(),
                item: doc.item_id.clone(),
                title: doc.title.clone(),
                version: doc.control.version.clone(),
                status: doc.control.status.clone(),
                body_hash: register::hash(written_body.as_bytes()),
                files: record,
                // The base of the next merge is the tool's own rendering, not the merge.
                base: doc.body.clone(),
                revisions: doc.control.revisions.clone(),
                approvals: doc.control.approvals.clone(),
                refresh: false,
            },
        );
    }
    // Documents the answers no longer call for are withdrawn, not forgotten.
    for (id, entry) in &reg.documents {
        if new_reg.documents.contains_key(id) {
            continue;
        }
        let mut entry = entry.clone();
        if entry.status != "withdrawn" {
            entry.status = "withdrawn".into();
            entry.revisions.push(Revision {
                version: entry.version.clone(),
                date: options.today.to_string(),
                author: author.clone(),
                description: tr("change.withdrawn", &[]),
            });
            outcome.withdrawn.push(id.clone());
        }
        new_reg.documents.insert(id.clone(), entry);
    }
    for (name, bytes) in &rendered.registers {
        if std::fs::read(dir.join(name)).ok().as_deref() != Some(bytes.as_slice()) {
            writes.push((dir.join(name), bytes.clone()));
        }
    }
    if options.dry_run {
        return Ok(outcome);
    }
    pack::write_all(&writes)?;
    for (path, _) in &writes {
        outcome
            .written
            .push(path.strip_prefix(dir).unwrap_or(path).display().to_string());
    }
    for old in &outcome.renamed {
        let _ = std::fs::remove_file(dir.join(old));
    }
    // Last: a run interrupted before this line leaves the previous register, which
    // still describes a consistent pack (the files it wrote are detected as changes).
    let text = register::to_json(&new_reg);
    if pack::read_text(&dir.join(register::FILE)).ok().as_deref() != Some(text.as_str()) {
        pack::write_durable(&dir.join(register::FILE), text.as_bytes())?;
    }
    Ok(outcome)
}

/// Records approvals in the register: next major version, approved, next review date.
pub fn approve(
    dir: &Path,
    ids: &[String],
    all: bool,
    name: &str,
    role: &str,
    date: &str,
    review_months: i64,
) -> Result<Vec<String>, Error> {
    let mut reg = register::load(dir).map_err(|e| Error::Register {
        path: dir.join(register::FILE),
        detail: e.0,
    })?;
    let mut approved = Vec::new();
    for id in ids {
        if !reg.documents.contains_key(id) {
            return Err(Error::UnknownDocument { id: id.clone() });
        }
    }
    for (id, entry) in reg.documents.iter_mut() {
        let wanted = all || ids.contains(id);
        if !wanted || entry.status != "draft" {
            continue;
        }
        entry.version = register::next_major(&entry.version);
        entry.status = "approved".into();
        entry.approvals.push(Approval {
            version: entry.version.clone(),
            name: name.to_string(),
            role: role.to_string(),
            date: date.to_string(),
            next_review: crate::dates::add_months(date, review_months),
        });
        entry.revisions.push(Revision {
            version: entry.version.clone(),
            date: date.to_string(),
            author: name.to_string(),
            description: tr("change.approved", &[("name", name)]),
        });
        // The frame changes: the next generation writes both files again.
        entry.refresh = true;
        approved.push(id.clone());
    }
    pack::write_durable(
        &dir.join(register::FILE),
        register::to_json(&reg).as_bytes(),
    )?;
    Ok(approved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_follows_the_document_control_section() {
        let md = "---\nid: x\n---\n\n# T\n\n## Document control {#document-control}\n\n| a | b |\n\n### Approvals\n\n## 1. Purpose {#purpose}\n\nText.\n";
        assert_eq!(body_of(md).unwrap(), "## 1. Purpose {#purpose}\n\nText.\n");
        assert!(body_of("# no frame").is_none());
    }
}
