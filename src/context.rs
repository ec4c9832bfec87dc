//! The values templates see: the answers, completed with defaults from the vocabulary
//! and with everything derived from them (roles by id, who operates each process, the
//! ids of the other documents), as one JSON value.

use serde_json::{Map, Value, json};

use crate::answers::{Answers, Operator, PROCESSES, STANDARD_ROLES};
use crate::catalog::{Catalog, Item, Planned};

/// The availability target of a service whose answers give none, in percent.
pub const DEFAULT_AVAILABILITY: f64 = 99.0;

fn text(v: &Value, path: &[&str]) -> String {
    let mut cur = v;
    for p in path {
        cur = &cur[*p];
    }
    cur.as_str().unwrap_or_default().to_string()
}

/// The roles of the pack: the standard ones titled for the organisation's size, renamed
/// and staffed by the answers, then the organisation's own roles.
pub fn roles(answers: &Answers, vocab: &Value) -> Vec<Value> {
    let size = answers.organisation.size.as_str();
    let given = |id: &str| answers.roles.iter().find(|r| r.id == id);
    let mut out = Vec::new();
    let mut add = |id: &str, title: String, holder: String, description: String, custom: bool| {
        let label = if holder.is_empty() {
            title.clone()
        } else {
            format!("{title} ({holder})")
        };
        out.push(
            json!({"id": id, "title": title, "holder": holder, "label": label,
            "description": description, "custom": custom}),
        );
    };
    for id in STANDARD_ROLES {
        let answer = given(id);
        let title = answer
            .and_then(|r| r.title.clone())
            .unwrap_or_else(|| text(vocab, &["roles", size, id]));
        let holder = answer.and_then(|r| r.holder.clone()).unwrap_or_default();
        let description = answer
            .and_then(|r| r.description.clone())
            .unwrap_or_default();
        add(id, title, holder, description, false);
    }
    for r in answers
        .roles
        .iter()
        .filter(|r| !STANDARD_ROLES.contains(&r.id.as_str()))
    {
        add(
            &r.id,
            r.title.clone().unwrap_or_default(),
            r.holder.clone().unwrap_or_default(),
            r.description.clone().unwrap_or_default(),
            true,
        );
    }
    out
}

fn by_id(items: &[Value]) -> Value {
    let mut map = Map::new();
    for item in items {
        map.insert(text(item, &["id"]), item.clone());
    }
    Value::Object(map)
}

/// The title of a planned document, with the item's name for per-item documents.
pub fn title(planned: &Planned, answers: &Answers, vocab: &Value) -> String {
    let pattern = text(vocab, &["documents", &planned.spec.key]);
    let pattern = if pattern.is_empty() {
        planned.spec.key.replace('_', " ")
    } else {
        pattern
    };
    match &planned.item {
        Some(Item::Service(i)) => pattern.replace("{item}", &answers.services[*i].name),
        Some(Item::Supplier(i)) => pattern.replace("{item}", &answers.suppliers[*i].name),
        None => pattern,
    }
}

/// The document id: the pack's prefix and the catalogue code.
pub fn document_id(answers: &Answers, planned: &Planned) -> String {
    format!("{}-{}", answers.document_control.id_prefix, planned.code)
}

/// Who the documents name as their author: the answers' author, else the SMS manager.
pub fn author(answers: &Answers, vocab: &Value) -> String {
    if let Some(author) = &answers.document_control.author {
        return author.clone();
    }
    let roles = roles(answers, vocab);
    let sms = roles
        .iter()
        .find(|r| r["id"] == "sms_manager")
        .cloned()
        .unwrap_or(Value::Null);
    let holder = text(&sms, &["holder"]);
    if holder.is_empty() {
        text(&sms, &["title"])
    } else {
        holder
    }
}

/// The context shared by every document of the pack.
pub fn base(
    answers: &Answers,
    vocab: &Value,
    catalog: &Catalog,
    plan: &[Planned],
    today: &str,
) -> Value {
    let org = &answers.organisation;
    let roles = roles(answers, vocab);
    let role = by_id(&roles);
    let role_of = |id: &str| role.get(id).cloned().unwrap_or(Value::Null);

    // The id of the document written for one service or supplier ("" if there is none).
    let item_doc = |item: Item| {
        plan.iter()
            .find(|p| p.item.as_ref() == Some(&item))
            .map(|p| document_id(answers, p))
            .unwrap_or_default()
    };
    let service_name = |id: &str| {
        answers
            .services
            .iter()
            .find(|s| s.id == id)
            .map_or("", |s| s.name.as_str())
    };
    let suppliers_plain: Vec<Value> = answers
        .suppliers
        .iter()
        .enumerate()
        .map(|(i, s)| {
            json!({"id": s.id, "name": s.name, "type": s.kind, "supplies": s.supplies,
                "agreement_id": item_doc(Item::Supplier(i)),
                "services": s.services.iter()
                    .map(|id| json!({"id": id, "name": service_name(id)}))
                    .collect::<Vec<_>>()})
        })
        .collect();
    let supplier_plain = by_id(&suppliers_plain);

    let doc_id_of = |key: &str| {
        plan.iter()
            .find(|p| p.spec.key == key)
            .map(|p| document_id(answers, p))
            .unwrap_or_default()
    };
    let processes: Vec<Value> = PROCESSES
        .iter()
        .map(|(id, clause)| {
            let operator = match answers.processes.get(*id) {
                Some(Operator::Supplier(s)) => {
                    supplier_plain.get(s).cloned().unwrap_or(Value::Null)
                }
                _ => Value::Null,
            };
            let owner = catalog
                .documents
                .iter()
                .find(|d| d.key == *id)
                .map_or("process_owner", |d| d.owner.as_str());
            json!({
                "id": id,
                "name": text(vocab, &["processes", id]),
                "clause": clause,
                "doc_id": doc_id_of(id),
                "outsourced": !operator.is_null(),
                "operator": operator,
                "owner": role_of(owner),
            })
        })
        .collect();
    let outsourced: Vec<Value> = processes
        .iter()
        .filter(|p| p["outsourced"] == json!(true))
        .cloned()
        .collect();

    let suppliers: Vec<Value> = answers
        .suppliers
        .iter()
        .zip(&suppliers_plain)
        .map(|(s, plain)| {
            let mut v = plain.clone();
            v["processes"] = processes
                .iter()
                .filter(|p| p["operator"]["id"].as_str() == Some(s.id.as_str()))
                .map(|p| json!({"id": p["id"], "name": p["name"], "clause": p["clause"], "doc_id": p["doc_id"]}))
                .collect();
            v
        })
        .collect();
    let of_type = |external: bool| -> Vec<Value> {
        suppliers
            .iter()
            .filter(|s| (s["type"] == json!("external")) == external)
            .cloned()
            .collect()
    };

    let services: Vec<Value> = answers
        .services
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let customers = if s.customers.is_empty() {
                answers.scope.customers.clone()
            } else {
                s.customers.clone()
            };
            json!({
                "id": s.id,
                "name": s.name,
                "description": s.description,
                "customers": customers,
                "hours": s.hours.clone().unwrap_or_else(|| text(vocab, &["defaults", "hours"])),
                "availability_target": s.availability_target.unwrap_or(DEFAULT_AVAILABILITY),
                "owner": role_of(&s.owner),
                "sla_id": item_doc(Item::Service(i)),
                "suppliers": answers.suppliers.iter().zip(&suppliers_plain)
                    .filter(|(sup, _)| sup.services.contains(&s.id))
                    .map(|(_, plain)| plain.clone())
                    .collect::<Vec<_>>(),
            })
        })
        .collect();

    let mut docs = Map::new();
    let mut documents = Vec::new();
    for p in plan {
        let id = document_id(answers, p);
        let title = title(p, answers, vocab);
        if p.item.is_none() {
            docs.insert(p.spec.key.clone(), json!({"id": id, "title": title}));
        }
        documents.push(json!({
            "key": p.spec.key,
            "id": id,
            "title": title,
            "type": p.spec.kind,
            "type_name": text(vocab, &["document_types", &p.spec.kind]),
            "owner": role_of(&p.spec.owner),
            "clauses": catalog.clauses(p.spec),
            "version": "0.1",
            "status": text(vocab, &["statuses", "draft"]),
            "approver": "",
            "approval_date": "",
            "next_review": "",
        }));
    }

    let tools = &answers.tools;
    let tool = |given: &Option<String>, key: &str| {
        given
            .clone()
            .unwrap_or_else(|| text(vocab, &["tools", key]))
    };
    let sms_manager = &role["sms_manager"];
    let author = answers.document_control.author.clone().unwrap_or_else(|| {
        let holder = text(sms_manager, &["holder"]);
        if holder.is_empty() {
            text(sms_manager, &["title"])
        } else {
            holder
        }
    });

    json!({
        "org": {
            "name": org.name,
            "short_name": org.short_name.clone().unwrap_or_else(|| org.name.clone()),
            "sector": org.sector,
            "size": org.size,
            "locations": org.locations,
            "frameworks": org.frameworks.iter()
                .map(|f| json!({"id": f, "name": text(vocab, &["frameworks", f])}))
                .collect::<Vec<_>>(),
        },
        "scope": answers.scope,
        "services": services,
        "service": by_id(&services),
        "processes": processes,
        "process": by_id(&processes),
        "outsourced_processes": outsourced,
        "roles": roles,
        "role": role,
        "suppliers": suppliers,
        "external_suppliers": of_type(true),
        "internal_suppliers": of_type(false),
        "tools": {
            "itsm": tool(&tools.itsm, "itsm"),
            "monitoring": tools.monitoring.clone().unwrap_or_default(),
            "knowledge_base": tools.knowledge_base.clone().unwrap_or_else(|| match &tools.itsm {
                Some(itsm) => text(vocab, &["tools", "knowledge_base_in"]).replace("{itsm}", itsm),
                None => text(vocab, &["tools", "knowledge_base"]),
            }),
            "document_repository": tool(&tools.document_repository, "document_repository"),
        },
        "dc": {
            "id_prefix": answers.document_control.id_prefix,
            "classification": answers.document_control.classification,
            "review_months": answers.document_control.review_months,
            "author": author,
        },
        "docs": docs,
        "documents": documents,
        "today": today,
        "today_local": crate::render::format_date(today, vocab),
        "terms": vocab["sectors"][org.sector.as_str()].clone(),
        "vocab": vocab.clone(),
    })
}
