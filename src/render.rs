//! Rendering a pack: answers in, one Markdown text per document out. Pure: no file
//! system and no clock ("today" is passed in), so it can be tested and repeated.

use serde::Serialize;
use serde_json::{Value, json};

use crate::answers::Answers;
use crate::catalog::{self, Item, Planned};
use crate::context;
use crate::error::Error;
use crate::escape::escape_markdown;
use crate::raci;
use crate::templates::{TemplateSet, VOCABULARY, restore_heading_ids, template_error};

#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Revision {
    pub version: String,
    pub date: String,
    pub author: String,
    pub description: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Approval {
    pub version: String,
    pub name: String,
    pub role: String,
    pub date: String,
    pub next_review: String,
}

/// The document-control state of one document, which the tool owns.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Control {
    pub version: String,
    pub status: String,
    pub revisions: Vec<Revision>,
    pub approvals: Vec<Approval>,
}

/// One rendered document.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub key: String,
    pub id: String,
    pub title: String,
    pub kind: String,
    pub owner: String,
    pub clauses: Vec<String>,
    pub file_name: String,
    /// The body the template produced (what a person may edit and a merge works on).
    pub body: String,
    /// The whole file: front matter, title, document control and body.
    pub markdown: String,
    /// The Word file built from `markdown`.
    pub docx: Vec<u8>,
    /// Register hashes of `markdown` and `docx` (empty when no Word file was built),
    /// taken on the rendering threads.
    pub markdown_hash: String,
    pub docx_hash: String,
    /// What the Word file could not show as written.
    pub warnings: Vec<crate::docx::Warning>,
    /// The service or supplier id of a per-item document.
    pub item_id: Option<String>,
    /// The document-control state the frame shows.
    pub control: Control,
    /// The Markdown is a proposal with conflict markers (see `Decision`).
    pub conflict: bool,
}

/// What document control decided for one rendered document: the state its frame
/// shows and the body to write (the rendering, or a merge with a person's edits). Its
/// Word file is always built, unless in conflict: the Word file shows more than the
/// Markdown (the organisation's name, accent colour, logo), and built from the same
/// inputs it has the same bytes, so document control writes it only when it differs.
pub struct Decision {
    pub control: Control,
    pub body: String,
    /// The body is a proposal with conflict markers; the person's file stays.
    pub conflict: bool,
}

/// Decides, per document, what to write; called from several threads.
pub type Decide<'a> = dyn Fn(&Document) -> Decision + Sync + 'a;

/// Every document is new: version 0.1, draft, written in full.
pub fn all_new(today: &str, author: &str, vocab: &Value) -> impl Fn(&Document) -> Decision + Sync {
    let control = first_draft(today, author, vocab);
    move |doc: &Document| Decision {
        control: control.clone(),
        body: doc.body.clone(),
        conflict: false,
    }
}

impl Document {
    pub fn docx_name(&self) -> String {
        format!("{}.docx", self.file_name.trim_end_matches(".md"))
    }
}

/// The document whose content is the list of the others.
const REGISTER_KEY: &str = "document_register";

/// Everything a pack consists of, in memory.
pub struct Rendered {
    pub documents: Vec<Document>,
    /// Spreadsheet registers: (file name, bytes).
    pub registers: Vec<(String, Vec<u8>)>,
}

/// The frame labels and properties of a document's Word file.
pub fn docx_meta(
    doc: &Document,
    control: &Control,
    answers: &Answers,
    vocab: &Value,
    date: &str,
    author: &str,
    logo: Option<&[u8]>,
) -> crate::docx::Meta {
    let label = |k: &str| vocab["frame"][k].as_str().unwrap_or(k).to_string();
    crate::docx::Meta {
        organisation: answers.organisation.name.clone(),
        title: doc.title.clone(),
        id: doc.id.clone(),
        version: control.version.clone(),
        status: vocab["statuses"][&control.status]
            .as_str()
            .unwrap_or(&control.status)
            .to_string(),
        classification: answers.document_control.classification.clone(),
        owner: doc.owner.clone(),
        date: format_date(date, vocab),
        author: author.to_string(),
        subject: label("subject"),
        kind: vocab["document_types"][&doc.kind]
            .as_str()
            .unwrap_or(&doc.kind)
            .to_string(),
        keywords: doc
            .clauses
            .iter()
            .map(|c| format!("ISO/IEC 20000-1 {c}"))
            .collect(),
        revision: control.revisions.len().max(1) as u32,
        accent: answers
            .branding
            .accent_colour
            .trim_start_matches('#')
            .to_string(),
        logo: logo.map(<[u8]>::to_vec),
        labels: frame_labels(vocab),
    }
}

/// The words of a Word file's frame, from the vocabulary.
pub fn frame_labels(vocab: &Value) -> crate::docx::Labels {
    let label = |k: &str| vocab["frame"][k].as_str().unwrap_or(k).to_string();
    crate::docx::Labels {
        document_id: label("document_id"),
        version: label("version"),
        status: label("status"),
        classification: label("classification"),
        owner: label("owner"),
        date: label("date"),
        contents: label("contents"),
        page: label("page"),
        of: label("of"),
    }
}

fn no_images(_: &str) -> Option<Vec<u8>> {
    None
}

/// The vocabulary of a locale, from the template set (so a pack may override it).
pub fn vocabulary(set: &TemplateSet, locale: &str) -> Result<Value, Error> {
    let name = format!("{locale}/{VOCABULARY}");
    let text = set.get(locale, VOCABULARY).ok_or_else(|| Error::Template {
        template: name.clone(),
        detail: "missing".into(),
    })?;
    serde_saphyr::from_str::<Value>(text).map_err(|e| Error::Template {
        template: name,
        detail: e.to_string(),
    })
}

/// A YYYY-MM-DD date as the locale writes it (`date_format` in the vocabulary:
/// %d day, %m month, %Y year). Anything else is returned as it is.
pub fn format_date(iso: &str, vocab: &Value) -> String {
    let format = vocab["date_format"].as_str().unwrap_or("%Y-%m-%d");
    let parts: Vec<&str> = iso.split('-').collect();
    let [y, m, d] = parts[..] else {
        return iso.to_string();
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return iso.to_string();
    }
    format.replace("%Y", y).replace("%m", m).replace("%d", d)
}

/// A file-name-safe form of a title: lower-case ASCII words joined by hyphens.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    let title = title
        .replace('ä', "ae")
        .replace('ö', "oe")
        .replace('ü', "ue")
        .replace('Ä', "Ae")
        .replace('Ö', "Oe")
        .replace('Ü', "Ue")
        .replace('ß', "ss");
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-');
    if out.len() <= 60 {
        return out.to_string();
    }
    // Cut long titles at a word boundary.
    let cut = &out[..60];
    cut[..cut.rfind('-').unwrap_or(60)].to_string()
}

fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// Folds runs of blank lines and trailing spaces that template logic leaves behind.
fn tidy(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut blank = 0;
    for line in body.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The state of a document that has never been generated before.
pub fn first_draft(date: &str, author: &str, vocab: &Value) -> Control {
    Control {
        version: "0.1".into(),
        status: "draft".into(),
        revisions: vec![Revision {
            version: "0.1".into(),
            date: date.into(),
            author: author.into(),
            description: vocab["frame"]["first_draft"]
                .as_str()
                .unwrap_or_default()
                .into(),
        }],
        approvals: Vec::new(),
    }
}

/// The part of a document the tool owns: front matter, title and document control.
pub fn frame(
    doc: &Document,
    control: &Control,
    classification: &str,
    author: &str,
    vocab: &Value,
) -> (String, String) {
    let label = |k: &str| vocab["frame"][k].as_str().unwrap_or(k).to_string();
    let status_name = vocab["statuses"][&control.status]
        .as_str()
        .unwrap_or(&control.status)
        .to_string();
    let clauses: Vec<String> = doc.clauses.iter().map(|c| yaml_string(c)).collect();
    let front = format!(
        "---\nid: {}\ntitle: {}\nversion: {}\nstatus: {}\nowner: {}\nclauses: [{}]\n---\n",
        yaml_string(&doc.id),
        yaml_string(&doc.title),
        yaml_string(&control.version),
        control.status,
        yaml_string(&doc.owner),
        clauses.join(", ")
    );
    let e = escape_markdown;
    let mut md = format!(
        "\n# {}\n\n## {} {{#document-control}}\n\n",
        e(&doc.title),
        label("document_control")
    );
    md += &format!("| {} | {} |\n|---|---|\n", label("document_id"), e(&doc.id));
    for (k, v) in [
        ("version", format!("{} ({status_name})", control.version)),
        ("owner", doc.owner.clone()),
        ("author", author.to_string()),
        ("classification", classification.to_string()),
        ("clauses", doc.clauses.join(", ")),
    ] {
        md += &format!("| {} | {} |\n", label(k), e(&v));
    }
    md += &format!(
        "\n### {}\n\n| {} | {} | {} | {} |\n|---|---|---|---|\n",
        label("revision_history"),
        label("version"),
        label("date"),
        label("author"),
        label("description")
    );
    for r in &control.revisions {
        md += &format!(
            "| {} | {} | {} | {} |\n",
            e(&r.version),
            e(&format_date(&r.date, vocab)),
            e(&r.author),
            e(&r.description)
        );
    }
    md += &format!(
        "\n### {}\n\n| {} | {} | {} | {} | {} |\n|---|---|---|---|---|\n",
        label("approvals"),
        label("version"),
        label("name"),
        label("role"),
        label("date"),
        label("next_review")
    );
    if control.approvals.is_empty() {
        md += &format!("| – | {} | – | – | – |\n", e(&label("not_approved")));
    }
    for a in &control.approvals {
        md += &format!(
            "| {} | {} | {} | {} | {} |\n",
            e(&a.version),
            e(&a.name),
            e(&a.role),
            e(&format_date(&a.date, vocab)),
            e(&format_date(&a.next_review, vocab))
        );
    }
    (front, md)
}

/// Renders every document the answers call for, as first drafts dated `today`.
pub fn render_pack(
    answers: &Answers,
    set: &TemplateSet,
    today: &str,
    logo: Option<&[u8]>,
) -> Result<Rendered, Error> {
    let vocab = vocabulary(set, &answers.locale)?;
    let author = context::author(answers, &vocab);
    let decide = all_new(today, &author, &vocab);
    render_controlled(answers, set, today, logo, &catalog::Pins::new(), &decide)
}

/// Renders every document and lets `decide` say, from the new body, which version it
/// is and what is written.
pub fn render_controlled(
    answers: &Answers,
    set: &TemplateSet,
    today: &str,
    logo: Option<&[u8]>,
    pins: &catalog::Pins,
    decide: &Decide,
) -> Result<Rendered, Error> {
    let catalog = catalog::builtin();
    let locale = answers.locale.as_str();
    let vocab = vocabulary(set, locale)?;
    let tera = set.compile(locale)?;
    let plan = catalog.plan_pinned(answers, pins);
    let mut base = context::base(answers, &vocab, catalog, &plan, today);

    let roles = base["roles"].as_array().cloned().unwrap_or_default();
    let teams = base["terms"]["team"].as_str().unwrap_or("").to_string();
    let teams = capitalise(&teams);
    // The answers may replace whole rows; validation has already checked them.
    let mut rows = catalog.raci.clone();
    for custom in &answers.raci {
        if let Some(row) = rows.iter_mut().find(|r| r.row == custom.row) {
            row.cells = custom.cells.clone();
        }
    }
    let matrix = raci::matrix(&rows, &roles, &vocab, &teams).map_err(|broken| Error::Template {
        template: "catalog/raci.yaml".into(),
        detail: broken
            .iter()
            .map(|b| {
                format!(
                    "row {}: {} accountable, {} responsible",
                    b.row, b.accountable, b.responsible
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
    })?;
    base["raci"] = json!(matrix);
    let author = context::author(answers, &vocab);
    let classification = answers.document_control.classification.clone();

    let context =
        tera::Context::from_value(base.clone()).map_err(|e| template_error("context", &e))?;
    // Each document is independent: render them on every core, then put them back in
    // catalogue order so that the result does not depend on the threads.
    let one = |planned: &Planned, context: &mut tera::Context| -> Result<Document, Error> {
        let doc = render_one(answers, &tera, context, &base, &vocab, catalog, planned)?;
        let decision = decide(&doc);
        let control = decision.control;
        let (front, head) = frame(&doc, &control, &classification, &author, &vocab);
        let markdown = format!("{front}{head}\n{}", decision.body);
        // A proposal in conflict gets no Word file: the person's files stay as they are.
        let (docx, warnings) = if !decision.conflict {
            let date = control.revisions.last().map_or(today, |r| r.date.as_str());
            let date = control.approvals.last().map_or(date, |a| a.date.as_str());
            let meta = docx_meta(&doc, &control, answers, &vocab, date, &author, logo);
            let built = crate::docx::build(&markdown, &meta, &no_images, true).map_err(|e| {
                Error::Docx {
                    document: doc.id.clone(),
                    detail: e.0,
                }
            })?;
            (built.bytes, built.warnings)
        } else {
            (Vec::new(), Vec::new())
        };
        Ok(Document {
            markdown_hash: crate::register::hash(markdown.as_bytes()),
            docx_hash: if docx.is_empty() {
                String::new()
            } else {
                crate::register::hash(&docx)
            },
            markdown,
            docx,
            warnings,
            control,
            conflict: decision.conflict,
            ..doc
        })
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let mut results: Vec<(usize, Result<Document, Error>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|worker| {
                let mut context = context.clone();
                let plan = &plan;
                let one = &one;
                std::thread::Builder::new()
                    // Tera's parser recurses deeply and grows its stack when it runs short.
                    .stack_size(32 << 20)
                    .spawn_scoped(scope, move || {
                        plan.iter()
                            .enumerate()
                            .filter(|(i, _)| i % threads == worker)
                            // The document register lists the others' versions: last.
                            .filter(|(_, p)| p.spec.key != REGISTER_KEY)
                            .map(|(i, planned)| (i, one(planned, &mut context)))
                            .collect::<Vec<_>>()
                    })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.ok().and_then(|h| h.join().ok()).unwrap_or_default())
            .collect()
    });
    if let Some((i, planned)) = plan
        .iter()
        .enumerate()
        .find(|(_, p)| p.spec.key == REGISTER_KEY)
    {
        // Now every other document's version is decided: show them as they will be.
        let mut documents = base["documents"].clone();
        for entry in documents.as_array_mut().into_iter().flatten() {
            let done = results
                .iter()
                .find_map(|(_, r)| r.as_ref().ok().filter(|d| entry["id"] == d.id.as_str()));
            if let Some(doc) = done {
                let approval = doc.control.approvals.last();
                entry["version"] = json!(doc.control.version);
                entry["status"] = json!(
                    vocab["statuses"][&doc.control.status]
                        .as_str()
                        .unwrap_or(&doc.control.status)
                );
                entry["approver"] = json!(approval.map(|a| a.name.as_str()).unwrap_or(""));
                entry["approval_date"] = json!(approval.map(|a| a.date.as_str()).unwrap_or(""));
                entry["next_review"] =
                    json!(approval.map(|a| a.next_review.as_str()).unwrap_or(""));
            }
        }
        let mut context = context.clone();
        context.insert("documents", &documents);
        results.push((i, one(planned, &mut context)));
    }
    if results.len() != plan.len() {
        return Err(Error::Template {
            template: locale.into(),
            detail: "a rendering thread stopped".into(),
        });
    }
    results.sort_by_key(|(i, _)| *i);
    let out = results
        .into_iter()
        .map(|(_, doc)| doc)
        .collect::<Result<Vec<_>, _>>()?;
    let registers = registers(&out, &matrix, answers, &vocab, today, &author)?;
    Ok(Rendered {
        documents: out,
        registers,
    })
}

/// The RACI matrix and the document register as spreadsheets, named after their
/// documents: (file name, bytes).
fn registers(
    docs: &[Document],
    matrix: &raci::Matrix,
    answers: &Answers,
    vocab: &Value,
    today: &str,
    author: &str,
) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let label = |k: &str| vocab["frame"][k].as_str().unwrap_or(k).to_string();
    let mut raci_header = vec![label("process_or_activity"), label("clause")];
    raci_header.extend(matrix.columns.iter().map(|c| c.label.clone()));
    let raci = crate::xlsx::Sheet {
        name: "RACI".into(),
        title: context_title(vocab, "raci_matrix"),
        header: raci_header,
        rows: matrix
            .rows
            .iter()
            .map(|r| {
                let mut row = vec![r.name.clone(), r.clause.clone()];
                row.extend(r.cells.iter().cloned());
                row
            })
            .collect(),
    };
    let draft = vocab["statuses"]["draft"]
        .as_str()
        .unwrap_or("draft")
        .to_string();
    let register = crate::xlsx::Sheet {
        name: label("register"),
        title: context_title(vocab, "document_register"),
        header: [
            "document_id",
            "title",
            "type",
            "version",
            "status",
            "owner",
            "approver",
            "approval_date",
            "next_review",
            "classification",
        ]
        .iter()
        .map(|k| label(k))
        .collect(),
        rows: docs
            .iter()
            .map(|d| {
                vec![
                    d.id.clone(),
                    d.title.clone(),
                    vocab["document_types"][&d.kind]
                        .as_str()
                        .unwrap_or(&d.kind)
                        .to_string(),
                    d.control.version.clone(),
                    vocab["statuses"][&d.control.status]
                        .as_str()
                        .unwrap_or(&draft)
                        .to_string(),
                    d.owner.clone(),
                    d.control
                        .approvals
                        .last()
                        .map(|a| a.name.clone())
                        .unwrap_or_default(),
                    d.control
                        .approvals
                        .last()
                        .map(|a| a.date.clone())
                        .unwrap_or_default(),
                    d.control
                        .approvals
                        .last()
                        .map(|a| a.next_review.clone())
                        .unwrap_or_default(),
                    answers.document_control.classification.clone(),
                ]
            })
            .collect(),
    };
    let accent = answers.branding.accent_colour.trim_start_matches('#');
    let mut files = Vec::new();
    for (key, sheet) in [("raci_matrix", raci), ("document_register", register)] {
        let Some(doc) = docs.iter().find(|d| d.key == key) else {
            continue;
        };
        let stem = doc.file_name.trim_end_matches(".md");
        let book = crate::xlsx::workbook(&sheet, &answers.organisation.name, author, today, accent)
            .map_err(|detail| Error::Docx {
                document: doc.id.clone(),
                detail,
            })?;
        files.push((format!("{stem}.xlsx"), book));
        files.push((format!("{stem}.csv"), crate::xlsx::csv(&sheet).into_bytes()));
    }
    Ok(files)
}

fn context_title(vocab: &Value, key: &str) -> String {
    vocab["documents"][key].as_str().unwrap_or(key).to_string()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn render_one(
    answers: &Answers,
    tera: &crate::templates::Compiled,
    context: &mut tera::Context,
    base: &Value,
    vocab: &Value,
    catalog: &catalog::Catalog,
    planned: &Planned,
) -> Result<Document, Error> {
    let id = context::document_id(answers, planned);
    let title = context::title(planned, answers, vocab);
    let owner = base["role"][&planned.spec.owner].clone();
    let clauses = catalog.clauses(planned.spec);
    context.insert(
        "doc",
        &json!({
            "key": planned.spec.key, "id": id, "title": title, "type": planned.spec.kind,
            "version": "0.1", "status": "draft", "owner": owner, "clauses": clauses,
        }),
    );
    let item = match &planned.item {
        Some(Item::Service(i)) => base["services"][*i].clone(),
        Some(Item::Supplier(i)) => base["suppliers"][*i].clone(),
        None => Value::Null,
    };
    context.insert("item", &item);
    let name = format!("{}/{}.md", answers.locale, planned.spec.key);
    if !tera.has(&name) {
        return Err(Error::Template {
            template: name,
            detail: "missing".into(),
        });
    }
    let body = tera.render(&name, context)?;
    let slug = slug(&title);
    let file_name = if slug.is_empty() {
        format!("{id}.md")
    } else {
        format!("{id}-{slug}.md")
    };
    Ok(Document {
        key: planned.spec.key.clone(),
        id,
        title,
        kind: planned.spec.kind.clone(),
        owner: owner["title"].as_str().unwrap_or_default().to_string(),
        clauses,
        file_name,
        body: tidy(&restore_heading_ids(&body)),
        markdown: String::new(),
        docx: Vec::new(),
        markdown_hash: String::new(),
        docx_hash: String::new(),
        warnings: Vec::new(),
        item_id: match &planned.item {
            Some(Item::Service(i)) => Some(answers.services[*i].id.clone()),
            Some(Item::Supplier(i)) => Some(answers.suppliers[*i].id.clone()),
            None => None,
        },
        control: Control::default(),
        conflict: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_file_name_safe() {
        assert_eq!(
            slug("Service Level Agreement: Managed Desktop"),
            "service-level-agreement-managed-desktop"
        );
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("日本語"), "");
        assert_eq!(
            slug("Überwachungs- und Messplan"),
            "ueberwachungs-und-messplan"
        );
    }

    #[test]
    fn tidy_folds_blank_runs() {
        assert_eq!(tidy("\n\na  \n\n\n\nb\n\n"), "a\n\nb\n");
    }
}
