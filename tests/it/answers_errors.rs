//! Every class of mistake in an answers file: a message naming the file, the line, the
//! field and the fix; exit code 2; nothing written.

use crate::Pack;

const VALID: &str = "schema: 1
organisation:
  name: Acme Services
services:
  - id: desk
    name: Service Desk
";

/// Runs `init --answers` on `text` and returns stderr, after checking exit 2 and that
/// the pack folder stayed empty.
fn rejected(text: &str) -> String {
    let (stderr, file) = crate::rejected_answers(text.as_bytes());
    assert!(
        stderr.contains(&file),
        "the message names the file: {stderr}"
    );
    assert!(stderr.contains("fix:"), "the message gives a fix: {stderr}");
    stderr
}

fn with(extra: &str) -> String {
    format!("{VALID}{extra}")
}

#[test]
fn the_minimal_valid_file_is_accepted() {
    Pack::from_answers(VALID);
}

#[test]
fn unknown_key_suggests_the_nearest() {
    let err = rejected(&VALID.replace("organisation:", "organisaton:\n  name: x\norganisation:"));
    assert!(err.contains(":2: `organisaton` unknown field"), "{err}");
    assert!(err.contains("did you mean `organisation`?"), "{err}");
    let err = rejected(&with("tools:\n  itsm_tool: Jira\n"));
    assert!(
        err.contains(":8: `tools.itsm_tool`") && err.contains("`itsm`"),
        "{err}"
    );
}

#[test]
fn unknown_key_far_from_any_lists_the_allowed_ones() {
    let err = rejected(&with("zebra: 1\n"));
    assert!(
        err.contains("`zebra` unknown field") && err.contains("organisation, scope"),
        "{err}"
    );
}

#[test]
fn wrong_type_names_what_was_expected() {
    let err = rejected(&VALID.replace("name: Service Desk", "name: [a, b]"));
    assert!(
        err.contains(":6: `services[1].name` expected text, found a list"),
        "{err}"
    );
    let err =
        rejected(&with("organisation_extra: 1\n").replace("services:\n", "services: none\nx:\n"));
    assert!(err.contains("`services` expected a list"), "{err}");
}

#[test]
fn missing_required_fields_are_named() {
    let err = rejected("schema: 1\norganisation:\n  short_name: A\nservices:\n  - name: X\n");
    assert!(
        err.contains("`organisation.name` this field is required"),
        "{err}"
    );
    assert!(
        err.contains("`services[1].id` this field is required"),
        "{err}"
    );
    let err = rejected("organisation:\n  name: A\nservices:\n  - {id: a, name: A}\n");
    assert!(err.contains(":1: `schema` this field is required"), "{err}");
    let err = rejected("schema: 1\norganisation:\n  name: A\n");
    assert!(
        err.contains("`services` at least one service is required"),
        "{err}"
    );
}

#[test]
fn out_of_range_values_are_refused() {
    let err = rejected(&VALID.replace(
        "name: Service Desk",
        "name: Service Desk\n    availability_target: 100.5",
    ));
    assert!(
        err.contains(":7: `services[1].availability_target` 100.5 is out of range"),
        "{err}"
    );
    let err = rejected(&with("document_control:\n  review_months: 0\n"));
    assert!(
        err.contains("`document_control.review_months` 0 is out of range"),
        "{err}"
    );
}

#[test]
fn duplicate_ids_are_refused() {
    let err = rejected(&with("  - id: desk\n    name: Other\n"));
    assert!(
        err.contains(":7: `services[2].id` the id `desk` is used twice"),
        "{err}"
    );
    let err = rejected(&with(
        "suppliers:\n  - {id: s, name: A, type: external}\n  - {id: s, name: B, type: internal}\n",
    ));
    assert!(
        err.contains("`suppliers[2].id` the id `s` is used twice"),
        "{err}"
    );
}

#[test]
fn references_to_missing_ids_are_refused() {
    let err = rejected(&with(
        "processes:\n  capacity_management:\n    operated_by: supplier:cloudko\nsuppliers:\n  - {id: cloudco, name: C, type: external}\n",
    ));
    assert!(err.contains(":9: `processes.capacity_management.operated_by` there is no supplier with the id `cloudko`"), "{err}");
    assert!(err.contains("supplier:cloudco"), "{err}");
    let err = rejected(&VALID.replace(
        "name: Service Desk",
        "name: Service Desk\n    owner: servce_owner",
    ));
    assert!(
        err.contains("there is no role with the id `servce_owner`")
            && err.contains("`service_owner`"),
        "{err}"
    );
}

#[test]
fn unsupported_schema_and_locale_are_refused() {
    let err = rejected(&VALID.replace("schema: 1", "schema: 7"));
    assert!(err.contains("schema 7 is not supported"), "{err}");
    let err = rejected(&with("locale: xx\n"));
    assert!(
        err.contains("`locale` `xx` is not one of the allowed values") && err.contains("en"),
        "{err}"
    );
}

#[test]
fn paths_that_reach_outside_the_pack_are_refused() {
    let err = rejected(&with("branding:\n  logo: ../../secret.png\n"));
    assert!(
        err.contains("`branding.logo`") && err.contains("outside the pack folder"),
        "{err}"
    );
    let err = rejected(&with("branding:\n  logo: /etc/logo.png\n"));
    assert!(err.contains("`branding.logo`"), "{err}");
    let err = rejected(&with("document_control:\n  id_prefix: ../../x\n"));
    assert!(err.contains("`document_control.id_prefix`"), "{err}");
}

#[test]
fn a_process_can_never_be_excluded() {
    let err = rejected(&with(
        "processes:\n  incident_management:\n    excluded: true\n",
    ));
    assert!(
        err.contains("cannot be excluded") && err.contains("8.6.1"),
        "{err}"
    );
    let err = rejected(&with(
        "scope:\n  exclusions:\n    - item: Change management\n      reason: We do not do changes\n",
    ));
    assert!(
        err.contains("`scope.exclusions[1].item`") && err.contains("cannot be excluded"),
        "{err}"
    );
}

#[test]
fn custom_roles_need_a_title() {
    let err = rejected(&with("roles:\n  - id: night_shift\n    holder: Ann\n"));
    assert!(
        err.contains("`roles[1].title`") && err.contains("needs a title"),
        "{err}"
    );
}

#[test]
fn every_problem_is_reported_at_once_in_line_order() {
    let err = rejected(
        "schema: 1\norganisation:\n  name: A\n  size: huge\nservices:\n  - id: Bad Id\n    name: X\n    availability_target: high\nbranding:\n  accent_colour: blue\n",
    );
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("  /")).collect();
    assert_eq!(lines.len(), 4, "{err}");
    for (line, expect) in lines.iter().zip([":4:", ":6:", ":8:", ":10:"]) {
        assert!(line.contains(expect), "{line} should be at {expect}");
    }
    assert!(
        err.contains("did you mean") || err.contains("use one of: small, medium, large"),
        "{err}"
    );
}

#[test]
fn a_custom_raci_row_must_keep_one_accountable_and_a_responsible() {
    let err = rejected(&with(
        "raci:\n  change_management:\n    change_authority: A\n    sms_manager: A\n",
    ));
    assert!(err.contains("`raci.change_management`"), "{err}");
    assert!(err.contains("2 accountable and 0 responsible"), "{err}");
    let err = rejected(&with("raci:\n  change_mgmt:\n    sms_manager: A/R\n"));
    assert!(err.contains("did you mean `change_management`?"), "{err}");
    let err = rejected(&with(
        "raci:\n  change_management:\n    sms_manager: X\n    nobody: R\n",
    ));
    assert!(
        err.contains("`raci.change_management.sms_manager` `X`"),
        "{err}"
    );
    assert!(
        err.contains("`raci.change_management.nobody` unknown field"),
        "{err}"
    );
}

#[test]
fn suppliers_may_name_only_existing_services() {
    let err = rejected(&with(
        "suppliers:\n  - id: s\n    name: S\n    type: external\n    services: [dsk]\n",
    ));
    assert!(
        err.contains("`suppliers[1].services[1]` there is no service with the id `dsk`"),
        "{err}"
    );
    assert!(err.contains("did you mean `desk`?"), "{err}");
}
