//! The interactive wizard: plain questions, each with a default and a line saying why
//! ISO/IEC 20000-1 cares, answered in a terminal (inquire) or by a script in tests. It
//! builds the same `Answers` an answers file gives, validated the same way, and writes
//! them as a commented `smskit.yaml`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::answers::{self, Answers, Operator, PROCESSES};
use crate::i18n::tr;

/// The person pressed Esc or Ctrl-C: nothing is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cancelled;

/// How the wizard asks. `key` names the question (`wizard.<key>` and
/// `wizard.<key>.help` in the locale files); answers are plain text, option ids or
/// yes/no.
pub trait Prompter {
    fn text(
        &mut self,
        key: &str,
        question: &str,
        help: &str,
        default: &str,
    ) -> Result<String, Cancelled>;
    fn select(
        &mut self,
        key: &str,
        question: &str,
        help: &str,
        options: &[(String, String)],
        default: &str,
    ) -> Result<String, Cancelled>;
    fn multi(
        &mut self,
        key: &str,
        question: &str,
        help: &str,
        options: &[(String, String)],
        defaults: &[String],
    ) -> Result<Vec<String>, Cancelled>;
    fn confirm(
        &mut self,
        key: &str,
        question: &str,
        help: &str,
        default: bool,
    ) -> Result<bool, Cancelled>;
    /// Says why an answer was not accepted, before the question is asked again.
    fn reject(&mut self, message: &str);
}

fn q(key: &str, args: &[(&str, &str)]) -> (String, String) {
    (
        tr(&format!("wizard.{key}"), args),
        tr(&format!("wizard.{key}.help"), &[]),
    )
}

fn ask_text(
    p: &mut dyn Prompter,
    key: &str,
    args: &[(&str, &str)],
    default: &str,
    check: &dyn Fn(&str) -> Option<String>,
) -> Result<String, Cancelled> {
    let (question, help) = q(key, args);
    loop {
        let answer = p.text(key, &question, &help, default)?;
        let answer = crate::escape::clean_text(&answer);
        match check(&answer) {
            None => return Ok(answer),
            Some(problem) => p.reject(&problem),
        }
    }
}

fn any(_: &str) -> Option<String> {
    None
}

fn required(s: &str) -> Option<String> {
    s.is_empty().then(|| tr("wizard.required", &[]))
}

fn list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

fn options(pairs: &[&str], prefix: &str) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|id| (id.to_string(), tr(&format!("{prefix}.{id}"), &[])))
        .collect()
}

/// The roles whose holders the wizard asks for, in this order.
const KEY_ROLES: [&str; 7] = [
    "top_management",
    "sms_manager",
    "service_owner",
    "information_security_manager",
    "business_relationship_manager",
    "supplier_manager",
    "internal_auditor",
];

/// Asks every question, starting from `current` (a pack's answers) or from nothing.
pub fn ask(
    p: &mut dyn Prompter,
    current: Option<&Answers>,
    locales: &[String],
    dir: &Path,
) -> Result<Answers, Cancelled> {
    let mut a = current.cloned().unwrap_or_else(blank);
    let org = &mut a.organisation;
    org.name = ask_text(p, "name", &[], &org.name, &required)?;
    let short_default = org
        .short_name
        .clone()
        .unwrap_or_else(|| short_name(&org.name));
    let short = ask_text(p, "short_name", &[], &short_default, &any)?;
    org.short_name = (!short.is_empty() && short != org.name).then_some(short);
    let (question, help) = q("sector", &[]);
    org.sector = p.select(
        "sector",
        &question,
        &help,
        &options(&answers::SECTORS, "wizard.sectors"),
        &org.sector,
    )?;
    let (question, help) = q("size", &[]);
    org.size = p.select(
        "size",
        &question,
        &help,
        &options(&answers::SIZES, "wizard.sizes"),
        &org.size,
    )?;
    org.locations = list(&ask_text(
        p,
        "locations",
        &[],
        &org.locations.join(", "),
        &any,
    )?);
    let (question, help) = q("frameworks", &[]);
    let framework_options: Vec<(String, String)> = answers::FRAMEWORKS
        .iter()
        .map(|f| (f.to_string(), f.to_string()))
        .collect();
    org.frameworks = p.multi(
        "frameworks",
        &question,
        &help,
        &framework_options,
        &org.frameworks,
    )?;

    let customers_default = if a.scope.customers.is_empty() {
        tr("wizard.default_customers", &[])
    } else {
        a.scope.customers.join(", ")
    };
    a.scope.customers = list(&ask_text(
        p,
        "customers",
        &[],
        &customers_default,
        &required,
    )?);

    ask_exclusions(p, &mut a)?;
    ask_services(p, &mut a)?;
    ask_other_parties(p, &mut a)?;

    for role in KEY_ROLES {
        let title = tr(&format!("wizard.roles.{role}"), &[]);
        let existing = a
            .roles
            .iter()
            .find(|r| r.id == role)
            .and_then(|r| r.holder.clone())
            .unwrap_or_default();
        let holder = ask_text(p, "holder", &[("role", &title)], &existing, &any)?;
        match a.roles.iter_mut().find(|r| r.id == role) {
            Some(r) => r.holder = (!holder.is_empty()).then_some(holder),
            None if !holder.is_empty() => a.roles.push(answers::RoleAnswer {
                id: role.into(),
                title: None,
                holder: Some(holder),
                description: None,
            }),
            None => {}
        }
    }

    let itsm = ask_text(p, "itsm", &[], a.tools.itsm.as_deref().unwrap_or(""), &any)?;
    a.tools.itsm = (!itsm.is_empty()).then_some(itsm);
    let prefix_default = if current.is_some() {
        a.document_control.id_prefix.clone()
    } else {
        default_prefix(
            a.organisation
                .short_name
                .as_deref()
                .unwrap_or(&a.organisation.name),
        )
    };
    a.document_control.id_prefix = ask_text(p, "id_prefix", &[], &prefix_default, &|s| {
        (!answers::valid_prefix(s)).then(|| tr("answers.fix_prefix", &[]))
    })?;
    a.document_control.classification = ask_text(
        p,
        "classification",
        &[],
        &a.document_control.classification,
        &required,
    )?;
    let months = ask_text(
        p,
        "review_months",
        &[],
        &a.document_control.review_months.to_string(),
        &|s| {
            (!matches!(s.parse::<i64>(), Ok(1..=60))).then(|| tr("answers.fix_review_months", &[]))
        },
    )?;
    a.document_control.review_months = months.parse().unwrap_or(12);
    let author_default = a
        .document_control
        .author
        .clone()
        .or_else(|| {
            a.roles
                .iter()
                .find(|r| r.id == "sms_manager")
                .and_then(|r| r.holder.clone())
        })
        .unwrap_or_default();
    let author = ask_text(p, "author", &[], &author_default, &any)?;
    a.document_control.author = (!author.is_empty()).then_some(author);
    let colour = ask_text(p, "accent_colour", &[], &a.branding.accent_colour, &|s| {
        answers::colour_of(s)
            .is_none()
            .then(|| tr("wizard.bad_colour", &[]))
    })?;
    a.branding.accent_colour = answers::colour_of(&colour).unwrap_or(colour);
    let logo_default = a.branding.logo.clone().unwrap_or_default();
    let logo = ask_text(p, "logo", &[], &logo_default, &|s| logo_problem(dir, s))?;
    a.branding.logo = (!logo.is_empty()).then_some(logo);
    let (question, help) = q("locale", &[]);
    let locale_options: Vec<(String, String)> = locales
        .iter()
        .map(|l| (l.clone(), tr(&format!("wizard.locales.{l}"), &[])))
        .collect();
    a.locale = p.select("locale", &question, &help, &locale_options, &a.locale)?;
    Ok(a)
}

/// What is left out of the scope, each with its reason; SMS processes cannot be.
fn ask_exclusions(p: &mut dyn Prompter, a: &mut Answers) -> Result<(), Cancelled> {
    let existing = std::mem::take(&mut a.scope.exclusions);
    let default = existing
        .iter()
        .map(|e| e.item.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let items = list(&ask_text(p, "exclusions", &[], &default, &|s| {
        list(s).iter().find_map(|item| {
            answers::excluded_process(item).map(|(id, clause)| {
                tr(
                    "answers.process_excluded",
                    &[("process", id), ("clause", clause)],
                )
            })
        })
    })?);
    for item in items {
        let reason_default = existing
            .iter()
            .find(|e| e.item == item)
            .map(|e| e.reason.clone())
            .unwrap_or_default();
        let reason = ask_text(
            p,
            "exclusion_reason",
            &[("item", &item)],
            &reason_default,
            &required,
        )?;
        a.scope.exclusions.push(answers::Exclusion { item, reason });
    }
    Ok(())
}

/// Why `logo` cannot serve as the title-page logo of the pack in `dir`, if it cannot.
fn logo_problem(dir: &Path, logo: &str) -> Option<String> {
    if logo.is_empty() {
        return None;
    }
    let png = answers::inside_pack(logo)
        && std::fs::read(dir.join(logo)).is_ok_and(|bytes| crate::docx::png_size(&bytes).is_some());
    (!png).then(|| {
        tr(
            "wizard.bad_logo",
            &[("value", logo), ("dir", &dir.display().to_string())],
        )
    })
}

fn ask_services(p: &mut dyn Prompter, a: &mut Answers) -> Result<(), Cancelled> {
    let mut services = Vec::new();
    let existing = std::mem::take(&mut a.services);
    let mut index = 0;
    loop {
        let old = existing.get(index);
        let n = (index + 1).to_string();
        let name_default = old.map(|s| s.name.clone()).unwrap_or_else(|| {
            if index == 0 {
                tr(
                    &format!("wizard.default_service.{}", a.organisation.sector),
                    &[],
                )
            } else {
                String::new()
            }
        });
        let name = ask_text(p, "service_name", &[("n", &n)], &name_default, &required)?;
        let description = ask_text(
            p,
            "service_description",
            &[("name", &name)],
            old.map_or("", |s| s.description.as_str()),
            &any,
        )?;
        let customers_default = old.map(|s| s.customers.join(", ")).unwrap_or_default();
        let customers = list(&ask_text(
            p,
            "service_customers",
            &[("name", &name)],
            &customers_default,
            &any,
        )?);
        let hours_default = old.and_then(|s| s.hours.clone()).unwrap_or_default();
        let hours = ask_text(p, "service_hours", &[("name", &name)], &hours_default, &any)?;
        let target_default = old
            .and_then(|s| s.availability_target)
            .map(|t| t.to_string())
            .unwrap_or_else(|| "99.5".into());
        let target = ask_text(
            p,
            "service_availability",
            &[("name", &name)],
            &target_default,
            &|s| {
                let ok = s
                    .replace(',', ".")
                    .parse::<f64>()
                    .is_ok_and(|v| v > 0.0 && v <= 100.0);
                (!ok).then(|| tr("answers.fix_availability", &[]))
            },
        )?;
        let mut id = old
            .map(|s| s.id.clone())
            .unwrap_or_else(|| answers::id_from(&name));
        while services.iter().any(|s: &answers::Service| s.id == id) {
            id.push_str("-2");
        }
        services.push(answers::Service {
            id,
            name,
            description,
            customers,
            hours: (!hours.is_empty()).then_some(hours),
            availability_target: target.replace(',', ".").parse().ok(),
            owner: old.map_or_else(|| "service_owner".into(), |s| s.owner.clone()),
        });
        index += 1;
        let (question, help) = q("another_service", &[]);
        if !p.confirm("another_service", &question, &help, index < existing.len())? {
            break;
        }
    }
    a.services = services;
    Ok(())
}

fn ask_other_parties(p: &mut dyn Prompter, a: &mut Answers) -> Result<(), Cancelled> {
    let process_options: Vec<(String, String)> = PROCESSES
        .iter()
        .map(|(id, clause)| {
            (
                id.to_string(),
                format!("{} ({clause})", tr(&format!("wizard.processes.{id}"), &[])),
            )
        })
        .collect();
    let outsourced: Vec<String> = a
        .processes
        .iter()
        .filter(|(_, op)| matches!(op, Operator::Supplier(_)))
        .map(|(id, _)| id.clone())
        .collect();
    let (question, help) = q("outsourced", &[]);
    let chosen = p.multi(
        "outsourced",
        &question,
        &help,
        &process_options,
        &outsourced,
    )?;
    let mut processes = BTreeMap::new();
    for (id, op) in &a.processes {
        if matches!(op, Operator::Internal) {
            processes.insert(id.clone(), op.clone());
        }
    }
    for process in &chosen {
        let name = tr(&format!("wizard.processes.{process}"), &[]);
        let current = match a.processes.get(process) {
            Some(Operator::Supplier(s)) => a
                .suppliers
                .iter()
                .find(|x| &x.id == s)
                .map(|x| x.name.clone())
                .unwrap_or_default(),
            _ => String::new(),
        };
        let supplier_name = ask_text(p, "operator", &[("process", &name)], &current, &required)?;
        let id = supplier(p, a, &supplier_name)?;
        processes.insert(process.clone(), Operator::Supplier(id));
    }
    a.processes = processes;
    loop {
        let (question, help) = q("more_suppliers", &[]);
        if !p.confirm("more_suppliers", &question, &help, false)? {
            break;
        }
        let name = ask_text(p, "supplier_name", &[], "", &required)?;
        supplier(p, a, &name)?;
    }
    Ok(())
}

/// The supplier of that name, asked about (type, what it supplies) if it is new.
fn supplier(p: &mut dyn Prompter, a: &mut Answers, name: &str) -> Result<String, Cancelled> {
    if let Some(existing) = a.suppliers.iter().find(|s| s.name == name) {
        return Ok(existing.id.clone());
    }
    let (question, help) = q("supplier_type", &[("name", name)]);
    let kind = p.select(
        "supplier_type",
        &question,
        &help,
        &options(&answers::SUPPLIER_TYPES, "wizard.supplier_types"),
        "external",
    )?;
    let supplies = ask_text(p, "supplies", &[("name", name)], "", &any)?;
    let mut id = answers::id_from(name);
    while a.suppliers.iter().any(|s| s.id == id) {
        id.push_str("-2");
    }
    a.suppliers.push(answers::Supplier {
        id: id.clone(),
        name: name.to_string(),
        kind,
        supplies,
        services: Vec::new(),
    });
    Ok(id)
}

fn blank() -> Answers {
    Answers {
        schema: answers::SCHEMA,
        locale: "en".into(),
        organisation: answers::Organisation {
            name: String::new(),
            short_name: None,
            sector: "it".into(),
            size: "small".into(),
            locations: Vec::new(),
            frameworks: Vec::new(),
        },
        scope: answers::Scope {
            statement: None,
            customers: Vec::new(),
            exclusions: Vec::new(),
        },
        services: Vec::new(),
        processes: BTreeMap::new(),
        roles: Vec::new(),
        suppliers: Vec::new(),
        tools: answers::Tools::default(),
        document_control: answers::DocumentControl {
            id_prefix: "SMS".into(),
            classification: "Internal".into(),
            review_months: 12,
            author: None,
        },
        branding: answers::Branding {
            logo: None,
            accent_colour: "#1F4E79".into(),
        },
        raci: Vec::new(),
    }
}

/// The first word of a name, without a legal form: "Northwind Managed Services Ltd" → "Northwind".
fn short_name(name: &str) -> String {
    name.split_whitespace().next().unwrap_or(name).to_string()
}

/// Up to four capitals of the short name and "-SMS": "Northwind" → "NORT-SMS".
fn default_prefix(short: &str) -> String {
    let letters: String = short
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(4)
        .collect::<String>()
        .to_uppercase();
    if letters.is_empty() {
        "SMS".into()
    } else {
        format!("{letters}-SMS")
    }
}

/// YAML for a string: JSON's quoted form, which YAML reads the same way.
fn s(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

fn seq(items: &[String]) -> String {
    format!(
        "[{}]",
        items.iter().map(|i| s(i)).collect::<Vec<_>>().join(", ")
    )
}

/// The answers as a commented `smskit.yaml`, so that a person can edit it later.
pub fn to_yaml(a: &Answers) -> String {
    let c = |key: &str| format!("# {}\n", tr(&format!("yaml.{key}"), &[]));
    let mut y = c("header");
    y += "schema: 1\n";
    y += &format!("locale: {}\n\n", a.locale);
    y += &c("organisation");
    y += "organisation:\n";
    y += &format!("  name: {}\n", s(&a.organisation.name));
    if let Some(short) = &a.organisation.short_name {
        y += &format!("  short_name: {}\n", s(short));
    }
    y += &format!(
        "  sector: {}            # it | facilities | business\n",
        a.organisation.sector
    );
    y += &format!(
        "  size: {}              # small | medium | large\n",
        a.organisation.size
    );
    y += &format!("  locations: {}\n", seq(&a.organisation.locations));
    y += &format!(
        "  frameworks: {}        # itil4, devops, agile, lean, siam, verism\n\n",
        seq(&a.organisation.frameworks)
    );
    y += &c("scope");
    y += "scope:\n";
    if let Some(statement) = &a.scope.statement {
        y += &format!("  statement: {}\n", s(statement));
    }
    y += &format!("  customers: {}\n", seq(&a.scope.customers));
    y += "  exclusions:\n";
    if a.scope.exclusions.is_empty() {
        y.pop();
        y += " []\n";
    }
    for e in &a.scope.exclusions {
        y += &format!(
            "    - item: {}\n      reason: {}\n",
            s(&e.item),
            s(&e.reason)
        );
    }
    y += "\n";
    y += &c("services");
    y += "services:\n";
    for sv in &a.services {
        y += &format!("  - id: {}\n    name: {}\n", sv.id, s(&sv.name));
        if !sv.description.is_empty() {
            y += &format!("    description: {}\n", s(&sv.description));
        }
        if !sv.customers.is_empty() {
            y += &format!("    customers: {}\n", seq(&sv.customers));
        }
        if let Some(h) = &sv.hours {
            y += &format!("    hours: {}\n", s(h));
        }
        if let Some(t) = sv.availability_target {
            y += &format!("    availability_target: {t}\n");
        }
        if sv.owner != "service_owner" {
            y += &format!("    owner: {}\n", sv.owner);
        }
    }
    y += "\n";
    y += &c("processes");
    if a.processes.is_empty() {
        y += "processes: {}\n\n";
    } else {
        y += "processes:\n";
        for (id, op) in &a.processes {
            let op = match op {
                Operator::Internal => "internal".to_string(),
                Operator::Supplier(s) => format!("supplier:{s}"),
            };
            y += &format!("  {id}:\n    operated_by: {op}\n");
        }
        y += "\n";
    }
    y += &c("roles");
    if a.roles.is_empty() {
        y += "roles: []\n\n";
    } else {
        y += "roles:\n";
        for r in &a.roles {
            y += &format!("  - id: {}\n", r.id);
            if let Some(t) = &r.title {
                y += &format!("    title: {}\n", s(t));
            }
            if let Some(h) = &r.holder {
                y += &format!("    holder: {}\n", s(h));
            }
            if let Some(d) = &r.description {
                y += &format!("    description: {}\n", s(d));
            }
        }
        y += "\n";
    }
    y += &c("suppliers");
    if a.suppliers.is_empty() {
        y += "suppliers: []\n\n";
    } else {
        y += "suppliers:\n";
        for sp in &a.suppliers {
            y += &format!(
                "  - id: {}\n    name: {}\n    type: {}\n",
                sp.id,
                s(&sp.name),
                sp.kind
            );
            if !sp.supplies.is_empty() {
                y += &format!("    supplies: {}\n", s(&sp.supplies));
            }
            if !sp.services.is_empty() {
                y += &format!("    services: [{}]\n", sp.services.join(", "));
            }
        }
        y += "\n";
    }
    y += &c("tools");
    y += "tools:\n";
    let t = &a.tools;
    let mut any_tool = false;
    for (k, v) in [
        ("itsm", &t.itsm),
        ("monitoring", &t.monitoring),
        ("knowledge_base", &t.knowledge_base),
        ("document_repository", &t.document_repository),
    ] {
        if let Some(v) = v {
            y += &format!("  {k}: {}\n", s(v));
            any_tool = true;
        }
    }
    if !any_tool {
        y.truncate(y.len() - 1);
        y += " {}\n";
    }
    y += "\n";
    y += &c("document_control");
    y += "document_control:\n";
    y += &format!("  id_prefix: {}\n", s(&a.document_control.id_prefix));
    y += &format!(
        "  classification: {}\n",
        s(&a.document_control.classification)
    );
    y += &format!("  review_months: {}\n", a.document_control.review_months);
    if let Some(author) = &a.document_control.author {
        y += &format!("  author: {}\n", s(author));
    }
    y += "\n";
    y += &c("branding");
    y += "branding:\n";
    if let Some(logo) = &a.branding.logo {
        y += &format!("  logo: {}\n", s(logo));
    }
    y += &format!("  accent_colour: {}\n", s(&a.branding.accent_colour));
    if !a.raci.is_empty() {
        y += "\n";
        y += &c("raci");
        y += "raci:\n";
        for row in &a.raci {
            y += &format!("  {}:\n", row.row);
            for (role, letter) in &row.cells {
                y += &format!("    {role}: {}\n", s(letter));
            }
        }
    }
    y
}

/// Answers given in advance, for tests and scripted use: question key → answers in
/// order (an empty string accepts the default). Unscripted questions take the default.
pub struct Scripted {
    pub answers: BTreeMap<String, Vec<String>>,
    pub rejections: Vec<String>,
    pub asked: Vec<String>,
}

impl Scripted {
    pub fn new(pairs: &[(&str, &str)]) -> Scripted {
        let mut answers: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, v) in pairs {
            answers
                .entry(k.to_string())
                .or_default()
                .push(v.to_string());
        }
        Scripted {
            answers,
            rejections: Vec::new(),
            asked: Vec::new(),
        }
    }

    fn next(&mut self, key: &str) -> Option<String> {
        self.asked.push(key.to_string());
        let queue = self.answers.get_mut(key)?;
        (!queue.is_empty())
            .then(|| queue.remove(0))
            .filter(|a| !a.is_empty())
    }
}

impl Prompter for Scripted {
    fn text(&mut self, key: &str, _: &str, _: &str, default: &str) -> Result<String, Cancelled> {
        match self.next(key).as_deref() {
            Some("<esc>") => Err(Cancelled),
            Some(a) => Ok(a.to_string()),
            None => Ok(default.to_string()),
        }
    }
    fn select(
        &mut self,
        key: &str,
        _: &str,
        _: &str,
        options: &[(String, String)],
        default: &str,
    ) -> Result<String, Cancelled> {
        let answer = self.next(key).unwrap_or_else(|| default.to_string());
        if answer == "<esc>" {
            return Err(Cancelled);
        }
        Ok(if options.iter().any(|(id, _)| *id == answer) {
            answer
        } else {
            default.to_string()
        })
    }
    fn multi(
        &mut self,
        key: &str,
        _: &str,
        _: &str,
        _: &[(String, String)],
        defaults: &[String],
    ) -> Result<Vec<String>, Cancelled> {
        Ok(match self.next(key) {
            Some(a) => list(&a),
            None => defaults.to_vec(),
        })
    }
    fn confirm(&mut self, key: &str, _: &str, _: &str, default: bool) -> Result<bool, Cancelled> {
        Ok(match self.next(key).as_deref() {
            Some("y") => true,
            Some("n") => false,
            _ => default,
        })
    }
    fn reject(&mut self, message: &str) {
        self.rejections.push(message.to_string());
    }
}

/// The terminal: inquire's prompts.
pub struct Terminal;

/// Esc, Ctrl-C or a lost terminal: in every case nothing is written.
fn cancelled(_: inquire::InquireError) -> Cancelled {
    Cancelled
}

impl Prompter for Terminal {
    fn text(
        &mut self,
        _: &str,
        question: &str,
        help: &str,
        default: &str,
    ) -> Result<String, Cancelled> {
        let mut prompt = inquire::Text::new(question).with_help_message(help);
        if !default.is_empty() {
            prompt = prompt.with_default(default);
        }
        prompt.prompt().map_err(cancelled)
    }
    fn select(
        &mut self,
        _: &str,
        question: &str,
        help: &str,
        options: &[(String, String)],
        default: &str,
    ) -> Result<String, Cancelled> {
        let labels: Vec<String> = options.iter().map(|(_, l)| l.clone()).collect();
        let start = options
            .iter()
            .position(|(id, _)| id == default)
            .unwrap_or(0);
        let chosen = inquire::Select::new(question, labels)
            .with_help_message(help)
            .with_starting_cursor(start)
            .raw_prompt()
            .map_err(cancelled)?;
        Ok(options[chosen.index].0.clone())
    }
    fn multi(
        &mut self,
        _: &str,
        question: &str,
        help: &str,
        options: &[(String, String)],
        defaults: &[String],
    ) -> Result<Vec<String>, Cancelled> {
        let labels: Vec<String> = options.iter().map(|(_, l)| l.clone()).collect();
        let selected: Vec<usize> = options
            .iter()
            .enumerate()
            .filter(|(_, (id, _))| defaults.contains(id))
            .map(|(i, _)| i)
            .collect();
        let chosen = inquire::MultiSelect::new(question, labels)
            .with_help_message(help)
            .with_default(&selected)
            .raw_prompt()
            .map_err(cancelled)?;
        Ok(chosen
            .into_iter()
            .map(|c| options[c.index].0.clone())
            .collect())
    }
    fn confirm(
        &mut self,
        _: &str,
        question: &str,
        help: &str,
        default: bool,
    ) -> Result<bool, Cancelled> {
        inquire::Confirm::new(question)
            .with_help_message(help)
            .with_default(default)
            .prompt()
            .map_err(cancelled)
    }
    fn reject(&mut self, message: &str) {
        eprintln!("{message}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locales() -> Vec<String> {
        vec!["en".into()]
    }

    #[test]
    fn a_name_and_enter_everywhere_gives_valid_answers() {
        let mut p = Scripted::new(&[("name", "Acme Services Ltd")]);
        let a = ask(&mut p, None, &locales(), Path::new(".")).unwrap();
        assert_eq!(
            p.asked.first().map(String::as_str),
            Some("name"),
            "the name comes first"
        );
        let text = to_yaml(&a);
        let back = answers::parse(&text, "smskit.yaml", &locales()).unwrap();
        assert_eq!(back, a);
        assert_eq!(back.organisation.name, "Acme Services Ltd");
        assert_eq!(back.services.len(), 1);
        assert_eq!(back.document_control.id_prefix, "ACME-SMS");
    }

    #[test]
    fn invalid_answers_are_explained_and_asked_again() {
        let mut p = Scripted::new(&[
            ("name", "Acme"),
            ("service_availability", "120"),
            ("service_availability", "99.9"),
            ("id_prefix", "../x"),
            ("id_prefix", "AC"),
            ("review_months", "0"),
        ]);
        let a = ask(&mut p, None, &locales(), Path::new(".")).unwrap();
        assert_eq!(p.rejections.len(), 3, "{:?}", p.rejections);
        assert_eq!(a.services[0].availability_target, Some(99.9));
        assert_eq!(a.document_control.id_prefix, "AC");
        assert_eq!(a.document_control.review_months, 12);
    }

    #[test]
    fn services_loop_and_other_parties_are_asked() {
        let mut p = Scripted::new(&[
            ("name", "Harbour FM"),
            ("sector", "facilities"),
            ("service_name", "Cleaning"),
            ("another_service", "y"),
            ("service_name", "Security"),
            ("service_availability", ""),
            ("service_availability", "99,9"),
            ("another_service", "n"),
            ("outsourced", "capacity_management, asset_management"),
            ("operator", "Sparkle Ltd"),
            ("supplier_type", "external"),
            ("supplies", "Cleaning staff"),
            ("operator", "Sparkle Ltd"),
            ("holder", "Ann Lee"),
        ]);
        let a = ask(&mut p, None, &locales(), Path::new(".")).unwrap();
        assert_eq!(
            a.services.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
            vec!["cleaning", "security"]
        );
        assert_eq!(a.services[1].availability_target, Some(99.9));
        assert_eq!(a.suppliers.len(), 1, "the same party is asked about once");
        assert_eq!(a.processes.len(), 2);
        assert_eq!(a.roles[0].holder.as_deref(), Some("Ann Lee"));
        answers::parse(&to_yaml(&a), "x", &locales()).unwrap();
    }

    #[test]
    fn starting_from_a_pack_every_default_is_the_current_answer() {
        let text = include_str!("../examples/meridian.yaml");
        let current = answers::parse(text, "x", &locales()).unwrap();
        let mut p = Scripted::new(&[]);
        let a = ask(&mut p, Some(&current), &locales(), Path::new(".")).unwrap();
        assert_eq!(a, current, "accepting every default changes nothing");
        assert_eq!(
            answers::parse(&to_yaml(&a), "x", &locales()).unwrap(),
            current
        );
    }

    #[test]
    fn escape_cancels() {
        let mut p = Scripted::new(&[("name", "Acme"), ("locations", "<esc>")]);
        assert_eq!(
            ask(&mut p, None, &locales(), Path::new(".")),
            Err(Cancelled)
        );
    }

    #[test]
    fn exclusions_colour_and_logo_are_asked_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend([0, 0, 0, 40, 0, 0, 0, 20]);
        std::fs::write(dir.path().join("logo.png"), png).unwrap();
        std::fs::write(dir.path().join("fake.png"), b"GIF89a").unwrap();
        let mut p = Scripted::new(&[
            ("name", "Acme"),
            ("exclusions", "Legacy hosting, Incident management"),
            ("exclusions", "Legacy hosting, Leeds office"),
            ("exclusion_reason", ""),
            ("exclusion_reason", "Decommissioned in 2027"),
            ("exclusion_reason", "Run by the parent company"),
            ("accent_colour", "blue"),
            ("accent_colour", "#7a1f5c"),
            ("logo", "../logo.png"),
            ("logo", "fake.png"),
            ("logo", "missing.png"),
            ("logo", "logo.png"),
        ]);
        let a = ask(&mut p, None, &locales(), dir.path()).unwrap();
        assert_eq!(p.rejections.len(), 6, "{:#?}", p.rejections);
        assert!(
            p.rejections[0].contains("incident_management"),
            "{}",
            p.rejections[0]
        );
        let excluded: Vec<(&str, &str)> = a
            .scope
            .exclusions
            .iter()
            .map(|e| (e.item.as_str(), e.reason.as_str()))
            .collect();
        assert_eq!(
            excluded,
            vec![
                ("Legacy hosting", "Decommissioned in 2027"),
                ("Leeds office", "Run by the parent company")
            ]
        );
        assert_eq!(a.branding.accent_colour, "#7A1F5C");
        assert_eq!(a.branding.logo.as_deref(), Some("logo.png"));
        let back = answers::parse(&to_yaml(&a), "x", &locales()).unwrap();
        assert_eq!(back, a);
    }
}
