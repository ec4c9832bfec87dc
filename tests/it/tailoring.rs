//! Tailoring: three contrasting organisations give packs that differ where they should —
//! roles, the change board, the other parties of 8.2.3, services and their targets, and
//! the wording of the sector.

use crate::{Pack, example};

struct Packs {
    small_it: Pack,
    large_it: Pack,
    facilities: Pack,
}

fn packs() -> Packs {
    Packs {
        small_it: Pack::from_answers(&example("northwind.yaml")),
        large_it: Pack::from_answers(&example("meridian.yaml")),
        facilities: Pack::from_answers(&example("harbourside.yaml")),
    }
}

fn doc(pack: &Pack, prefix: &str, code: &str) -> String {
    pack.document(&format!("{prefix}-{code}")).1
}

fn section<'a>(text: &'a str, id: &str) -> &'a str {
    let start = text
        .find(&format!("{{#{id}}}"))
        .unwrap_or_else(|| panic!("no section {id}"));
    let rest = &text[start..];
    let end = rest[1..].find("\n## ").map_or(rest.len(), |i| i + 1);
    &rest[..end]
}

#[test]
fn roles_follow_size_and_answers() {
    let p = packs();
    let large = doc(&p.large_it, "MDS-SMS", "MAN-003");
    assert!(large.contains("Service Integration Manager") && large.contains("Lukas Meyer"));
    assert!(large.contains("Chief Information Security Officer") && large.contains("Marta Nowak"));
    let small = doc(&p.small_it, "NW-SMS", "MAN-003");
    assert!(!small.contains("Service Integration Manager"));
    assert!(small.contains("Tom Baker") && small.contains("Jane Smith"));
    let raci = doc(&p.small_it, "NW-SMS", "MAN-004");
    assert!(
        raci.contains("Service Delivery Manager (Tom Baker)"),
        "RACI columns name the holders"
    );
}

#[test]
fn a_change_advisory_board_exists_only_where_size_calls_for_one() {
    let p = packs();
    let small = doc(&p.small_it, "NW-SMS", "POL-002");
    let large = doc(&p.large_it, "MDS-SMS", "POL-002");
    assert!(small.contains("Change Authority"));
    assert!(
        !small.contains("Change Advisory Board"),
        "a small provider has no CAB"
    );
    assert!(large.contains("Change Advisory Board"));
    assert!(
        large
            .to_lowercase()
            .contains("emergency change advisory board")
            || large.contains("ECAB")
    );
}

#[test]
fn support_is_tiered_only_in_a_large_organisation() {
    let p = packs();
    let large = doc(&p.large_it, "MDS-SMS", "PRO-861").to_lowercase();
    let small = doc(&p.small_it, "NW-SMS", "PRO-861").to_lowercase();
    assert!(
        large.contains("third-line"),
        "a large organisation has three support tiers"
    );
    assert!(!small.contains("third-line"), "a small one does not");
}

#[test]
fn the_other_parties_register_names_who_runs_what() {
    let p = packs();
    let large = doc(&p.large_it, "MDS-SMS", "REG-003");
    let register = section(&large, "register");
    for name in [
        "NorthStar Service Desk",
        "Hyperscale Cloud EMEA",
        "Meridian Group Finance",
        "CarrierLink Networks",
    ] {
        assert!(
            register.contains(name),
            "{name} missing from the 8.2.3 register"
        );
    }
    for process in [
        "Incident management",
        "Service request management",
        "Capacity management",
        "Budgeting and accounting",
    ] {
        assert!(
            register.contains(process),
            "{process} missing from the 8.2.3 register"
        );
    }
    let small = doc(&p.small_it, "NW-SMS", "REG-003");
    assert!(section(&small, "register").contains("CloudCo Hosting"));
    assert!(!small.contains("NorthStar"));
    let facilities = doc(&p.facilities, "HFG", "REG-003");
    assert!(section(&facilities, "register").contains("Harbourside Engineering Division"));
    assert!(section(&facilities, "register").contains("Asset management"));

    let incident = doc(&p.large_it, "MDS-SMS", "PRO-861");
    assert!(section(&incident, "other-party-control").contains("NorthStar"));
    let small_incident = doc(&p.small_it, "NW-SMS", "PRO-861");
    assert!(!small_incident.contains("{#other-party-control}"));
}

#[test]
fn internal_suppliers_get_agreements_not_contracts() {
    let p = packs();
    let agreement = doc(&p.facilities, "HFG", "AGR-001");
    assert!(agreement.contains("Harbourside Engineering Division"));
    assert!(doc(&p.large_it, "MDS-SMS", "AGR-001").contains("Meridian Group Finance"));
    assert!(
        !p.small_it
            .documents()
            .iter()
            .any(|(n, _)| n.contains("-AGR-"))
    );
}

#[test]
fn every_service_appears_with_its_targets() {
    let p = packs();
    let catalogue = doc(&p.large_it, "MDS-SMS", "CAT-001");
    let availability = doc(&p.large_it, "MDS-SMS", "PLN-006");
    for (name, target) in [
        ("Digital Workplace", "99.7"),
        ("ERP Platform", "99.9"),
        ("Shipment Tracking Portal", "99.95"),
        ("Site Network and Connectivity", "99.8"),
    ] {
        assert!(catalogue.contains(name), "{name} not in the catalogue");
        assert!(catalogue.contains(target), "{target} not in the catalogue");
        assert!(
            availability.contains(name) && availability.contains(target),
            "{name} {target} not in the availability plan"
        );
        let sla = p
            .large_it
            .documents()
            .into_iter()
            .find(|(file, text)| {
                file.contains("-SLA-")
                    && text.contains(&format!("title: \"Service Level Agreement: {name}\""))
            })
            .unwrap_or_else(|| panic!("no SLA for {name}"));
        assert!(sla.1.contains(target), "SLA for {name} lacks {target}");
    }
    assert!(!catalogue.contains("Managed Desktop"));
}

#[test]
fn exclusions_are_stated_with_reasons_and_nowhere_in_scope() {
    let p = packs();
    let scope = doc(&p.facilities, "HFG", "MAN-001");
    let exclusions = section(&scope, "exclusions");
    assert!(
        exclusions.contains("Residential property management")
            && exclusions.contains("separate subsidiary")
    );
    assert!(exclusions.contains("Swansea marina site"));
    // Elsewhere an exclusion may only be named as being outside the scope.
    for code in ["CAT-001", "REQ-001", "SLA-001", "SLA-002", "SLA-003"] {
        let text = doc(&p.facilities, "HFG", code);
        let outside = text
            .find("{#exclusions}")
            .map(|_| section(&text, "exclusions"))
            .unwrap_or("");
        let rest = text.replace(outside, "");
        assert!(!rest.contains("Residential property management"), "{code}");
    }
}

#[test]
fn a_facilities_pack_reads_like_facilities_management() {
    let p = packs();
    let it_words = [
        "server",
        "software",
        "patch",
        "laptop",
        "firewall",
        "data centre",
        "it department",
        "cmdb",
        "end user",
    ];
    for (name, text) in p.facilities.documents() {
        let lower = text.to_lowercase();
        for word in it_words {
            assert!(!lower.contains(word), "{name} uses IT wording: {word}");
        }
    }
    let incidents = doc(&p.facilities, "HFG", "PRO-861");
    assert!(
        incidents.contains("work order") || incidents.contains("building"),
        "facilities examples"
    );
    let it_incidents = doc(&p.small_it, "NW-SMS", "PRO-861");
    assert!(it_incidents.to_lowercase().contains("server") || it_incidents.contains("outage"));
}

#[test]
fn the_plan_maps_processes_to_the_named_frameworks() {
    let p = packs();
    let large = doc(&p.large_it, "MDS-SMS", "PLN-002");
    let mapping = section(&large, "framework-mapping");
    for framework in ["ITIL 4", "DevOps", "SIAM"] {
        assert!(mapping.contains(framework), "{framework}");
    }
    // One table per framework, each with a row for every clause-8 process.
    for process in [
        "Service planning (8.2.2)",
        "Incident management (8.6.1)",
        "Information security management (8.7.3)",
    ] {
        let rows = mapping
            .lines()
            .filter(|l| l.starts_with(&format!("| {process} |")))
            .count();
        assert_eq!(rows, 3, "{process} is not mapped for every framework");
    }
    let small = doc(&p.small_it, "NW-SMS", "PLN-002");
    assert!(small.contains("ITIL 4") && !small.contains("SIAM"));
    let facilities = doc(&p.facilities, "HFG", "PLN-002");
    assert!(facilities.contains("Lean") && !facilities.contains("ITIL 4"));
}

#[test]
fn a_custom_raci_row_replaces_the_builtin_one() {
    let answers = example("northwind.yaml")
        + "raci:\n  change_management:\n    top_management: A\n    change_authority: R\n    service_desk: I\n";
    let pack = Pack::from_answers(&answers);
    let raci = doc(&pack, "NW-SMS", "MAN-004");
    let row = raci
        .lines()
        .find(|l| l.starts_with("| Change management |"))
        .unwrap();
    let cells: Vec<&str> = row
        .split('|')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(cells.iter().filter(|c| c.contains('A')).count(), 1, "{row}");
    assert_eq!(cells[2], "A", "top management is accountable: {row}");
}
