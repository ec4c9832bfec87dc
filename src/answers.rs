//! The answers file (`smskit.yaml`): its schema, and a validation that collects every
//! problem with its line, field and fix before anything is written.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::escape::clean_text;
use crate::i18n::tr;
use crate::yaml::{self, Node, Value};

pub const SCHEMA: i64 = 1;

/// The clause-8 processes, in clause order: (id, clause).
pub const PROCESSES: [(&str, &str); 19] = [
    ("service_planning", "8.2.2"),
    ("service_catalogue_management", "8.2.4"),
    ("asset_management", "8.2.5"),
    ("configuration_management", "8.2.6"),
    ("business_relationship_management", "8.3.2"),
    ("service_level_management", "8.3.3"),
    ("supplier_management", "8.3.4"),
    ("budgeting_and_accounting", "8.4.1"),
    ("demand_management", "8.4.2"),
    ("capacity_management", "8.4.3"),
    ("change_management", "8.5.1"),
    ("service_design_and_transition", "8.5.2"),
    ("release_and_deployment_management", "8.5.3"),
    ("incident_management", "8.6.1"),
    ("service_request_management", "8.6.2"),
    ("problem_management", "8.6.3"),
    ("service_availability_management", "8.7.1"),
    ("service_continuity_management", "8.7.2"),
    ("information_security_management", "8.7.3"),
];

/// The roles every pack has; the answers may rename them and add more.
pub const STANDARD_ROLES: [&str; 11] = [
    "top_management",
    "sms_manager",
    "service_owner",
    "process_owner",
    "change_authority",
    "service_desk",
    "business_relationship_manager",
    "supplier_manager",
    "information_security_manager",
    "internal_auditor",
    "document_controller",
];

pub const SECTORS: [&str; 3] = ["it", "facilities", "business"];
pub const SIZES: [&str; 3] = ["small", "medium", "large"];
pub const FRAMEWORKS: [&str; 6] = ["itil4", "devops", "agile", "lean", "siam", "verism"];
pub const SUPPLIER_TYPES: [&str; 3] = ["external", "internal", "customer"];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Answers {
    pub schema: i64,
    pub locale: String,
    pub organisation: Organisation,
    pub scope: Scope,
    pub services: Vec<Service>,
    /// Process id → who operates it; only the processes the answers name.
    pub processes: BTreeMap<String, Operator>,
    pub roles: Vec<RoleAnswer>,
    pub suppliers: Vec<Supplier>,
    pub tools: Tools,
    pub document_control: DocumentControl,
    pub branding: Branding,
    /// RACI rows the organisation sets itself, replacing the built-in rows of those ids.
    pub raci: Vec<RaciOverride>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RaciOverride {
    pub row: String,
    /// Role id → R, A, C, I or A/R; roles not named are not involved.
    pub cells: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Organisation {
    pub name: String,
    pub short_name: Option<String>,
    pub sector: String,
    pub size: String,
    pub locations: Vec<String>,
    pub frameworks: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scope {
    pub statement: Option<String>,
    pub customers: Vec<String>,
    pub exclusions: Vec<Exclusion>,
}

/// The SMS process an exclusion names, with its clause: processes cannot be excluded.
pub fn excluded_process(item: &str) -> Option<(&'static str, &'static str)> {
    let lower = item.to_lowercase().replace([' ', '-'], "_");
    PROCESSES
        .iter()
        .find(|(id, _)| lower == *id || lower == id.replace("_management", ""))
        .copied()
}

/// A relative path that stays inside the pack folder.
pub fn inside_pack(path: &str) -> bool {
    !path.starts_with('/')
        && !path.starts_with('\\')
        && !path.contains(':')
        && std::path::Path::new(path)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

/// `#RRGGBB` in capitals, from a colour as written; None if it is not one.
pub fn colour_of(text: &str) -> Option<String> {
    let hex = text.strip_prefix('#').unwrap_or("");
    (hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()))
        .then(|| format!("#{}", hex.to_uppercase()))
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Exclusion {
    pub item: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Service {
    pub id: String,
    pub name: String,
    pub description: String,
    pub customers: Vec<String>,
    pub hours: Option<String>,
    pub availability_target: Option<f64>,
    pub owner: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Operator {
    Internal,
    Supplier(String),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleAnswer {
    pub id: String,
    pub title: Option<String>,
    pub holder: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Supplier {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub supplies: String,
    /// The services this supplier supports (ids from `services`).
    pub services: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Tools {
    pub itsm: Option<String>,
    pub monitoring: Option<String>,
    pub knowledge_base: Option<String>,
    pub document_repository: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentControl {
    pub id_prefix: String,
    pub classification: String,
    pub review_months: i64,
    pub author: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Branding {
    pub logo: Option<String>,
    pub accent_colour: String,
}

/// One thing wrong with the answers, with where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: Option<u64>,
    pub field: String,
    pub message: String,
    pub fix: String,
}

/// Every problem found in one answers file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problems {
    pub file: String,
    pub problems: Vec<Problem>,
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let count = self.problems.len().to_string();
        writeln!(
            f,
            "{}",
            tr(
                "answers.invalid",
                &[("file", &self.file), ("count", &count)]
            )
        )?;
        for p in &self.problems {
            let place = match p.line {
                Some(line) => format!("{}:{}", self.file, line),
                None => self.file.clone(),
            };
            let field = if p.field.is_empty() {
                String::new()
            } else {
                format!(" `{}`", p.field)
            };
            writeln!(f, "  {place}:{field} {}", p.message)?;
            writeln!(f, "      {} {}", tr("answers.fix", &[]), p.fix)?;
        }
        write!(f, "{}", tr("answers.nothing_written", &[]))
    }
}

/// Whether a document id prefix can be used in file names.
pub fn valid_prefix(prefix: &str) -> bool {
    prefix.len() <= 24
        && prefix
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        && prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// An id made from a name: "Managed Desktop" → "managed-desktop".
pub fn id_from(name: &str) -> String {
    let mut id = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id
        .trim_end_matches('-')
        .chars()
        .take(40)
        .collect::<String>();
    if id.is_empty() { "item".into() } else { id }
}

/// Reads and validates answers; `file` is the name used in messages.
pub fn parse(text: &str, file: &str, locales: &[String]) -> Result<Answers, Problems> {
    let fail = |problems| Problems {
        file: file.to_string(),
        problems,
    };
    let root = yaml::parse(text).map_err(|e| {
        fail(vec![Problem {
            line: e.line,
            field: String::new(),
            message: tr("answers.not_yaml", &[("detail", &e.message)]),
            fix: tr("answers.fix_yaml", &[]),
        }])
    })?;
    let mut v = Validator {
        problems: Vec::new(),
    };
    let answers = v.answers(&root, locales);
    if v.problems.is_empty() {
        answers.ok_or_else(|| fail(Vec::new()))
    } else {
        v.problems.sort_by_key(|p| p.line.unwrap_or(0));
        Err(fail(v.problems))
    }
}

struct Validator {
    problems: Vec<Problem>,
}

/// The entries of a mapping, after unknown and repeated keys have been reported.
struct Fields<'a> {
    line: u64,
    path: String,
    entries: Vec<(String, &'a Node)>,
}

impl<'a> Fields<'a> {
    fn get(&self, key: &str) -> Option<&'a Node> {
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, n)| *n)
            .filter(|n| n.value != Value::Null)
    }
    fn path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }
}

fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

impl Validator {
    fn problem(&mut self, line: u64, field: &str, message: String, fix: String) {
        self.problems.push(Problem {
            line: (line > 0).then_some(line),
            field: field.to_string(),
            message,
            fix,
        });
    }

    fn wrong_type(&mut self, node: &Node, field: &str, expected_key: &str) {
        let expected = tr(expected_key, &[]);
        self.problem(
            node.line,
            field,
            tr(
                "answers.wrong_type",
                &[("expected", &expected), ("found", node.value.kind())],
            ),
            tr("answers.fix_type", &[("expected", &expected)]),
        );
    }

    fn missing(&mut self, line: u64, field: &str, example: &str) {
        self.problem(
            line,
            field,
            tr("answers.missing", &[]),
            tr(
                "answers.fix_missing",
                &[("field", field), ("example", example)],
            ),
        );
    }

    fn fields<'a>(&mut self, node: &'a Node, path: &str, allowed: &[&str]) -> Option<Fields<'a>> {
        let Value::Map(entries) = &node.value else {
            self.wrong_type(node, path, "type.mapping");
            return None;
        };
        let mut fields = Fields {
            line: node.line,
            path: path.to_string(),
            entries: Vec::new(),
        };
        for (key, value) in entries {
            let name = key.scalar_text();
            let field = fields.path(&name);
            if !allowed.contains(&name.as_str()) {
                let fix = match nearest(&name, allowed) {
                    Some(near) => tr("answers.fix_unknown_near", &[("near", near)]),
                    None => tr("answers.fix_unknown", &[("allowed", &allowed.join(", "))]),
                };
                self.problem(key.line, &field, tr("answers.unknown_key", &[]), fix);
            } else if fields.entries.iter().any(|(k, _)| *k == name) {
                self.problem(
                    key.line,
                    &field,
                    tr("answers.repeated_key", &[]),
                    tr("answers.fix_repeated_key", &[]),
                );
            } else {
                fields.entries.push((name, value));
            }
        }
        Some(fields)
    }

    /// Free text: any scalar is accepted as its text; lists and mappings are not.
    fn text(&mut self, node: &Node, field: &str) -> Option<String> {
        match &node.value {
            Value::Str(_) | Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
                Some(clean_text(&node.scalar_text()))
            }
            Value::Null => None,
            _ => {
                self.wrong_type(node, field, "type.text");
                None
            }
        }
    }

    fn opt_text(&mut self, fields: &Fields, key: &str) -> Option<String> {
        let node = fields.get(key)?;
        self.text(node, &fields.path(key)).filter(|s| !s.is_empty())
    }

    fn required_text(&mut self, fields: &Fields, key: &str, example: &str) -> Option<String> {
        let text = self.opt_text(fields, key);
        if text.is_none() && fields.get(key).is_none_or(|n| n.as_str().is_some()) {
            let line = fields.get(key).map_or(fields.line, |n| n.line);
            self.missing(line, &fields.path(key), example);
        }
        text
    }

    fn choice(&mut self, fields: &Fields, key: &str, allowed: &[&str], default: &str) -> String {
        let Some(node) = fields.get(key) else {
            return default.to_string();
        };
        let field = fields.path(key);
        let Some(text) = self.text(node, &field) else {
            return default.to_string();
        };
        if allowed.contains(&text.as_str()) {
            return text;
        }
        let fix = match nearest(&text, allowed) {
            Some(near) => tr("answers.fix_choice_near", &[("near", near)]),
            None => tr("answers.fix_choice", &[("allowed", &allowed.join(", "))]),
        };
        self.problem(
            node.line,
            &field,
            tr("answers.bad_choice", &[("value", &text)]),
            fix,
        );
        default.to_string()
    }

    fn list<'a>(&mut self, fields: &Fields<'a>, key: &str) -> Vec<&'a Node> {
        match fields.get(key) {
            None => Vec::new(),
            Some(Node {
                value: Value::Seq(items),
                ..
            }) => items.iter().collect(),
            Some(node) => {
                self.wrong_type(node, &fields.path(key), "type.list");
                Vec::new()
            }
        }
    }

    fn text_list(&mut self, fields: &Fields, key: &str) -> Vec<String> {
        let items = self.list(fields, key);
        let field = fields.path(key);
        items
            .iter()
            .enumerate()
            .filter_map(|(i, n)| self.text(n, &format!("{field}[{}]", i + 1)))
            .filter(|s| !s.is_empty())
            .collect()
    }

    fn number(&mut self, fields: &Fields, key: &str) -> Option<f64> {
        let node = fields.get(key)?;
        match node.value {
            Value::Int(i) => Some(i as f64),
            Value::Float(f) if f.is_finite() => Some(f),
            _ => {
                self.wrong_type(node, &fields.path(key), "type.number");
                None
            }
        }
    }

    fn id(&mut self, fields: &Fields, key: &str, seen: &mut Vec<String>) -> Option<String> {
        let id = self.required_text(fields, key, "managed-desktop")?;
        let node = fields.get(key)?;
        let field = fields.path(key);
        if !is_id(&id) {
            self.problem(
                node.line,
                &field,
                tr("answers.bad_id", &[("value", &id)]),
                tr("answers.fix_id", &[]),
            );
            return None;
        }
        if seen.contains(&id) {
            self.problem(
                node.line,
                &field,
                tr("answers.duplicate_id", &[("value", &id)]),
                tr("answers.fix_duplicate_id", &[]),
            );
            return None;
        }
        seen.push(id.clone());
        Some(id)
    }

    fn answers(&mut self, root: &Node, locales: &[String]) -> Option<Answers> {
        let top = [
            "schema",
            "locale",
            "organisation",
            "scope",
            "services",
            "processes",
            "roles",
            "suppliers",
            "tools",
            "document_control",
            "branding",
            "raci",
        ];
        if matches!(root.value, Value::Null) {
            self.problem(
                1,
                "",
                tr("answers.empty", &[]),
                tr("answers.fix_empty", &[]),
            );
            return None;
        }
        let f = self.fields(root, "", &top)?;

        let schema = match f.get("schema") {
            None => {
                self.missing(f.line, "schema", "1");
                SCHEMA
            }
            Some(node) => match node.value {
                Value::Int(SCHEMA) => SCHEMA,
                Value::Int(other) => {
                    self.problem(
                        node.line,
                        "schema",
                        tr("answers.bad_schema", &[("value", &other.to_string())]),
                        tr("answers.fix_schema", &[]),
                    );
                    other
                }
                _ => {
                    self.wrong_type(node, "schema", "type.number");
                    SCHEMA
                }
            },
        };

        let locale_refs: Vec<&str> = locales.iter().map(String::as_str).collect();
        let locale = self.choice(&f, "locale", &locale_refs, "en");

        let organisation = match f.get("organisation") {
            Some(node) => self.organisation(node),
            None => {
                self.missing(f.line, "organisation", "{ name: Northwind Ltd }");
                None
            }
        };

        let scope = match f.get("scope") {
            Some(node) => self.scope(node),
            None => Some(Scope {
                statement: None,
                customers: Vec::new(),
                exclusions: Vec::new(),
            }),
        };

        let roles = self.roles(&f);
        let mut role_ids: Vec<String> = STANDARD_ROLES.iter().map(|r| r.to_string()).collect();
        role_ids.extend(roles.iter().map(|r| r.id.clone()));
        let services = self.services(&f, &role_ids);
        let service_ids: Vec<String> = services.iter().map(|s| s.id.clone()).collect();
        let suppliers = self.suppliers(&f, &service_ids);
        let supplier_ids: Vec<String> = suppliers.iter().map(|s| s.id.clone()).collect();
        let processes = self.processes(&f, &supplier_ids);

        let tools = match f.get("tools") {
            None => Some(Tools::default()),
            Some(node) => self
                .fields(
                    node,
                    "tools",
                    &[
                        "itsm",
                        "monitoring",
                        "knowledge_base",
                        "document_repository",
                    ],
                )
                .map(|t| Tools {
                    itsm: self.opt_text(&t, "itsm"),
                    monitoring: self.opt_text(&t, "monitoring"),
                    knowledge_base: self.opt_text(&t, "knowledge_base"),
                    document_repository: self.opt_text(&t, "document_repository"),
                }),
        };
        let document_control = self.document_control(&f);
        let branding = self.branding(&f);
        let raci = self.raci(&f, &role_ids);

        Some(Answers {
            schema,
            locale,
            organisation: organisation?,
            scope: scope?,
            services,
            processes,
            roles,
            suppliers,
            tools: tools?,
            document_control: document_control?,
            branding: branding?,
            raci,
        })
    }

    fn organisation(&mut self, node: &Node) -> Option<Organisation> {
        let f = self.fields(
            node,
            "organisation",
            &[
                "name",
                "short_name",
                "sector",
                "size",
                "locations",
                "frameworks",
            ],
        )?;
        let name = self.required_text(&f, "name", "Northwind Managed Services Ltd");
        let short_name = self.opt_text(&f, "short_name");
        let sector = self.choice(&f, "sector", &SECTORS, "it");
        let size = self.choice(&f, "size", &SIZES, "small");
        let locations = self.text_list(&f, "locations");
        let mut frameworks = Vec::new();
        for (i, item) in self.list(&f, "frameworks").into_iter().enumerate() {
            let field = format!("organisation.frameworks[{}]", i + 1);
            let Some(text) = self.text(item, &field) else {
                continue;
            };
            let id = text.to_lowercase().replace([' ', '-'], "");
            if FRAMEWORKS.contains(&id.as_str()) {
                if !frameworks.contains(&id) {
                    frameworks.push(id);
                }
            } else {
                let fix = match nearest(&id, &FRAMEWORKS) {
                    Some(near) => tr("answers.fix_choice_near", &[("near", near)]),
                    None => tr("answers.fix_choice", &[("allowed", &FRAMEWORKS.join(", "))]),
                };
                self.problem(
                    item.line,
                    &field,
                    tr("answers.bad_choice", &[("value", &text)]),
                    fix,
                );
            }
        }
        Some(Organisation {
            name: name?,
            short_name,
            sector,
            size,
            locations,
            frameworks,
        })
    }

    fn scope(&mut self, node: &Node) -> Option<Scope> {
        let f = self.fields(node, "scope", &["statement", "customers", "exclusions"])?;
        let statement = self.opt_text(&f, "statement");
        let customers = self.text_list(&f, "customers");
        let mut exclusions = Vec::new();
        for (i, item) in self.list(&f, "exclusions").into_iter().enumerate() {
            let path = format!("scope.exclusions[{}]", i + 1);
            let Some(e) = self.fields(item, &path, &["item", "reason"]) else {
                continue;
            };
            let what = self.required_text(&e, "item", "Legacy mainframe hosting");
            let reason = self.required_text(&e, "reason", "Decommissioned in 2027");
            if let Some((id, clause)) = what.as_deref().and_then(excluded_process) {
                self.problem(
                    e.get("item").map_or(item.line, |n| n.line),
                    &e.path("item"),
                    tr(
                        "answers.process_excluded",
                        &[("process", id), ("clause", clause)],
                    ),
                    tr("answers.fix_process_excluded", &[("process", id)]),
                );
                continue;
            }
            if let (Some(item), Some(reason)) = (what, reason) {
                exclusions.push(Exclusion { item, reason });
            }
        }
        Some(Scope {
            statement,
            customers,
            exclusions,
        })
    }

    fn services(&mut self, f: &Fields, role_ids: &[String]) -> Vec<Service> {
        let items = self.list(f, "services");
        if items.is_empty() && !self.problems.iter().any(|p| p.field == "services") {
            let line = f.get("services").map_or(f.line, |n| n.line);
            self.problem(
                line,
                "services",
                tr("answers.no_services", &[]),
                tr("answers.fix_no_services", &[]),
            );
        }
        let mut seen = Vec::new();
        let mut services = Vec::new();
        for (i, item) in items.into_iter().enumerate() {
            let path = format!("services[{}]", i + 1);
            let Some(s) = self.fields(
                item,
                &path,
                &[
                    "id",
                    "name",
                    "description",
                    "customers",
                    "hours",
                    "availability_target",
                    "owner",
                ],
            ) else {
                continue;
            };
            let id = self.id(&s, "id", &mut seen);
            let name = self.required_text(&s, "name", "Managed Desktop");
            let description = self.opt_text(&s, "description").unwrap_or_default();
            let customers = self.text_list(&s, "customers");
            let hours = self.opt_text(&s, "hours");
            let availability_target = self.number(&s, "availability_target");
            if let (Some(target), Some(node)) = (availability_target, s.get("availability_target"))
                && !(target > 0.0 && target <= 100.0)
            {
                self.problem(
                    node.line,
                    &s.path("availability_target"),
                    tr("answers.out_of_range", &[("value", &target.to_string())]),
                    tr("answers.fix_availability", &[]),
                );
            }
            let owner = self.reference(&s, "owner", role_ids, "answers.unknown_role");
            if let (Some(id), Some(name)) = (id, name) {
                services.push(Service {
                    id,
                    name,
                    description,
                    customers,
                    hours,
                    availability_target,
                    owner: owner.unwrap_or_else(|| "service_owner".into()),
                });
            }
        }
        services
    }

    /// An optional field that must name one of `known` (roles, suppliers …).
    fn reference(
        &mut self,
        f: &Fields,
        key: &str,
        known: &[String],
        message: &str,
    ) -> Option<String> {
        let node = f.get(key)?;
        let value = self.text(node, &f.path(key))?;
        if known.contains(&value) {
            return Some(value);
        }
        let refs: Vec<&str> = known.iter().map(String::as_str).collect();
        let fix = match nearest(&value, &refs) {
            Some(near) => tr("answers.fix_reference_near", &[("near", near)]),
            None => tr("answers.fix_reference", &[("allowed", &refs.join(", "))]),
        };
        self.problem(
            node.line,
            &f.path(key),
            tr(message, &[("value", &value)]),
            fix,
        );
        None
    }

    fn processes(&mut self, f: &Fields, supplier_ids: &[String]) -> BTreeMap<String, Operator> {
        let mut out = BTreeMap::new();
        let Some(node) = f.get("processes") else {
            return out;
        };
        let ids: Vec<&str> = PROCESSES.iter().map(|(id, _)| *id).collect();
        let Some(p) = self.fields(node, "processes", &ids) else {
            return out;
        };
        for (id, node) in &p.entries {
            let path = p.path(id);
            let Some(entry) = self.fields(node, &path, &["operated_by", "excluded"]) else {
                continue;
            };
            if let Some(excluded) = entry.get("excluded") {
                let clause = PROCESSES.iter().find(|(p, _)| p == id).map_or("8", |p| p.1);
                self.problem(
                    excluded.line,
                    &entry.path("excluded"),
                    tr(
                        "answers.process_excluded",
                        &[("process", id), ("clause", clause)],
                    ),
                    tr("answers.fix_process_excluded", &[("process", id)]),
                );
                continue;
            }
            let Some(op_node) = entry.get("operated_by") else {
                self.missing(entry.line, &entry.path("operated_by"), "supplier:cloudco");
                continue;
            };
            let Some(op) = self.text(op_node, &entry.path("operated_by")) else {
                continue;
            };
            let operator = if op == "internal" {
                Some(Operator::Internal)
            } else if let Some(sid) = op.strip_prefix("supplier:") {
                if supplier_ids.iter().any(|s| s == sid) {
                    Some(Operator::Supplier(sid.to_string()))
                } else {
                    let refs: Vec<&str> = supplier_ids.iter().map(String::as_str).collect();
                    let fix = match nearest(sid, &refs) {
                        Some(near) => tr(
                            "answers.fix_reference_near",
                            &[("near", &format!("supplier:{near}"))],
                        ),
                        None => tr("answers.fix_unknown_supplier", &[("id", sid)]),
                    };
                    self.problem(
                        op_node.line,
                        &entry.path("operated_by"),
                        tr("answers.unknown_supplier", &[("value", sid)]),
                        fix,
                    );
                    None
                }
            } else {
                self.problem(
                    op_node.line,
                    &entry.path("operated_by"),
                    tr("answers.bad_operator", &[("value", &op)]),
                    tr("answers.fix_operator", &[]),
                );
                None
            };
            if let Some(operator) = operator {
                out.insert(id.clone(), operator);
            }
        }
        out
    }

    fn roles(&mut self, f: &Fields) -> Vec<RoleAnswer> {
        let mut seen = Vec::new();
        let mut roles = Vec::new();
        for (i, item) in self.list(f, "roles").into_iter().enumerate() {
            let path = format!("roles[{}]", i + 1);
            let Some(r) = self.fields(item, &path, &["id", "title", "holder", "description"])
            else {
                continue;
            };
            let Some(id) = self.id(&r, "id", &mut seen) else {
                continue;
            };
            let title = self.opt_text(&r, "title");
            if title.is_none() && !STANDARD_ROLES.contains(&id.as_str()) {
                let fix = match nearest(&id, &STANDARD_ROLES) {
                    Some(near) => tr("answers.fix_custom_role_near", &[("near", near)]),
                    None => tr("answers.fix_custom_role", &[]),
                };
                self.problem(
                    r.line,
                    &r.path("title"),
                    tr("answers.custom_role_title", &[("id", &id)]),
                    fix,
                );
            }
            roles.push(RoleAnswer {
                id,
                title,
                holder: self.opt_text(&r, "holder"),
                description: self.opt_text(&r, "description"),
            });
        }
        roles
    }

    fn suppliers(&mut self, f: &Fields, service_ids: &[String]) -> Vec<Supplier> {
        let mut seen = Vec::new();
        let mut suppliers = Vec::new();
        for (i, item) in self.list(f, "suppliers").into_iter().enumerate() {
            let path = format!("suppliers[{}]", i + 1);
            let Some(s) = self.fields(item, &path, &["id", "name", "type", "supplies", "services"])
            else {
                continue;
            };
            let id = self.id(&s, "id", &mut seen);
            let name = self.required_text(&s, "name", "CloudCo Hosting Ltd");
            if s.get("type").is_none() {
                self.missing(s.line, &s.path("type"), "external");
            }
            let kind = self.choice(&s, "type", &SUPPLIER_TYPES, "external");
            let supplies = self.opt_text(&s, "supplies").unwrap_or_default();
            let mut services = Vec::new();
            for (i, node) in self.list(&s, "services").into_iter().enumerate() {
                let field = format!("{}[{}]", s.path("services"), i + 1);
                let Some(sid) = self.text(node, &field) else {
                    continue;
                };
                if service_ids.contains(&sid) {
                    services.push(sid);
                } else {
                    let refs: Vec<&str> = service_ids.iter().map(String::as_str).collect();
                    let fix = match nearest(&sid, &refs) {
                        Some(near) => tr("answers.fix_reference_near", &[("near", near)]),
                        None => tr("answers.fix_reference", &[("allowed", &refs.join(", "))]),
                    };
                    self.problem(
                        node.line,
                        &field,
                        tr("answers.unknown_service", &[("value", &sid)]),
                        fix,
                    );
                }
            }
            if let (Some(id), Some(name)) = (id, name) {
                suppliers.push(Supplier {
                    id,
                    name,
                    kind,
                    supplies,
                    services,
                });
            }
        }
        suppliers
    }

    fn raci(&mut self, f: &Fields, role_ids: &[String]) -> Vec<RaciOverride> {
        let mut out = Vec::new();
        let Some(node) = f.get("raci") else {
            return out;
        };
        let rows: Vec<&str> = crate::catalog::builtin()
            .raci
            .iter()
            .map(|r| r.row.as_str())
            .collect();
        let Some(table) = self.fields(node, "raci", &rows) else {
            return out;
        };
        let mut columns: Vec<&str> = role_ids.iter().map(String::as_str).collect();
        columns.push(crate::raci::TEAMS);
        for (row, node) in &table.entries {
            let path = table.path(row);
            let Some(cells) = self.fields(node, &path, &columns) else {
                continue;
            };
            let mut letters = BTreeMap::new();
            for (role, cell) in &cells.entries {
                let Some(letter) = self.text(cell, &cells.path(role)) else {
                    continue;
                };
                let letter = letter.to_uppercase();
                if ["R", "A", "C", "I", "A/R", "R/A", "-", "–"].contains(&letter.as_str()) {
                    if !letter.starts_with(['-', '–']) {
                        letters.insert(role.clone(), letter.replace("R/A", "A/R"));
                    }
                } else {
                    self.problem(
                        cell.line,
                        &cells.path(role),
                        tr("answers.bad_choice", &[("value", &letter)]),
                        tr("answers.fix_choice", &[("allowed", "R, A, C, I, A/R, -")]),
                    );
                }
            }
            let accountable = letters.values().filter(|l| l.contains('A')).count();
            let responsible = letters.values().filter(|l| l.contains('R')).count();
            if accountable != 1 || responsible == 0 {
                self.problem(
                    node.line,
                    &path,
                    tr(
                        "answers.raci_row",
                        &[
                            ("row", row),
                            ("a", &accountable.to_string()),
                            ("r", &responsible.to_string()),
                        ],
                    ),
                    tr("answers.fix_raci_row", &[]),
                );
            }
            out.push(RaciOverride {
                row: row.clone(),
                cells: letters,
            });
        }
        out
    }

    fn document_control(&mut self, f: &Fields) -> Option<DocumentControl> {
        let mut dc = DocumentControl {
            id_prefix: "SMS".into(),
            classification: "Internal".into(),
            review_months: 12,
            author: None,
        };
        let Some(node) = f.get("document_control") else {
            return Some(dc);
        };
        let d = self.fields(
            node,
            "document_control",
            &["id_prefix", "classification", "review_months", "author"],
        )?;
        if let Some(prefix) = self.opt_text(&d, "id_prefix") {
            let ok = valid_prefix(&prefix);
            if ok {
                dc.id_prefix = prefix;
            } else {
                self.problem(
                    d.get("id_prefix").map_or(d.line, |n| n.line),
                    "document_control.id_prefix",
                    tr("answers.bad_prefix", &[("value", &prefix)]),
                    tr("answers.fix_prefix", &[]),
                );
            }
        }
        if let Some(c) = self.opt_text(&d, "classification") {
            dc.classification = c;
        }
        if let Some(months) = self.number(&d, "review_months") {
            if months.fract() == 0.0 && (1.0..=60.0).contains(&months) {
                dc.review_months = months as i64;
            } else {
                self.problem(
                    d.get("review_months").map_or(d.line, |n| n.line),
                    "document_control.review_months",
                    tr("answers.out_of_range", &[("value", &months.to_string())]),
                    tr("answers.fix_review_months", &[]),
                );
            }
        }
        dc.author = self.opt_text(&d, "author");
        Some(dc)
    }

    fn branding(&mut self, f: &Fields) -> Option<Branding> {
        let mut branding = Branding {
            logo: None,
            accent_colour: "#1F4E79".into(),
        };
        let Some(node) = f.get("branding") else {
            return Some(branding);
        };
        let b = self.fields(node, "branding", &["logo", "accent_colour"])?;
        if let Some(logo) = self.opt_text(&b, "logo") {
            if inside_pack(&logo) {
                branding.logo = Some(logo);
            } else {
                self.problem(
                    b.get("logo").map_or(b.line, |n| n.line),
                    "branding.logo",
                    tr("answers.logo_outside", &[("value", &logo)]),
                    tr("answers.fix_logo", &[]),
                );
            }
        }
        if let Some(colour) = self.opt_text(&b, "accent_colour") {
            if let Some(colour) = colour_of(&colour) {
                branding.accent_colour = colour;
            } else {
                self.problem(
                    b.get("accent_colour").map_or(b.line, |n| n.line),
                    "branding.accent_colour",
                    tr("answers.bad_colour", &[("value", &colour)]),
                    tr("answers.fix_colour", &[]),
                );
            }
        }
        Some(branding)
    }
}
