//! The RACI matrix: SMS roles against every process and the clause 9–10 activities, with
//! the rule every row must keep (one Accountable, at least one Responsible) checked on
//! every generation.

use serde::Serialize;
use serde_json::Value;

use crate::catalog::RaciRow;

/// The column for the teams that do the work, which is not one of the SMS roles.
pub const TEAMS: &str = "technical_teams";

#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub id: String,
    pub label: String,
    /// A short code for narrow tables (initials of the title): "SMSM", "CAB" …
    pub code: String,
}

/// Initials of a title's significant words, upper-case: "Head of Service Quality" → "HSQ".
fn initials(title: &str) -> String {
    let code: String = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| {
            !w.is_empty()
                && !["of", "and", "the", "for", "und", "der", "die", "des"]
                    .contains(&w.to_lowercase().as_str())
        })
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect();
    // A one-letter code would read as a RACI letter: use the first two letters instead.
    if code.chars().count() < 2 {
        let two: String = title
            .chars()
            .filter(|c| c.is_alphanumeric())
            .take(2)
            .flat_map(char::to_uppercase)
            .collect();
        return if two.is_empty() { "RO".into() } else { two };
    }
    code
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub id: String,
    pub name: String,
    pub clause: String,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Matrix {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

/// A row that breaks the rule, named for the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenRow {
    pub row: String,
    pub accountable: usize,
    pub responsible: usize,
}

/// Builds the matrix for the pack's roles. Roles without a letter anywhere are left out.
pub fn matrix(
    rows: &[RaciRow],
    roles: &[Value],
    vocab: &Value,
    teams_label: &str,
) -> Result<Matrix, Vec<BrokenRow>> {
    let mut columns: Vec<Column> = roles
        .iter()
        .map(|r| Column {
            id: r["id"].as_str().unwrap_or_default().to_string(),
            label: r["label"].as_str().unwrap_or_default().to_string(),
            code: initials(r["title"].as_str().unwrap_or_default()),
        })
        .collect();
    columns.push(Column {
        id: TEAMS.to_string(),
        label: teams_label.to_string(),
        code: initials(teams_label),
    });
    columns.retain(|c| rows.iter().any(|r| r.cells.contains_key(&c.id)));
    // Codes must tell the columns apart: number any that repeat.
    for i in 0..columns.len() {
        let code = columns[i].code.clone();
        if columns.iter().filter(|c| c.code == code).count() > 1 {
            for (n, c) in (1..).zip(columns.iter_mut().filter(|c| c.code == code)) {
                c.code = format!("{code}{n}");
            }
        }
    }

    let mut broken = Vec::new();
    let mut out = Vec::new();
    for row in rows {
        let cells: Vec<String> = columns
            .iter()
            .map(|c| {
                row.cells
                    .get(&c.id)
                    .cloned()
                    .unwrap_or_else(|| "–".to_string())
            })
            .collect();
        let accountable = cells.iter().filter(|c| c.contains('A')).count();
        let responsible = cells.iter().filter(|c| c.contains('R')).count();
        if accountable != 1 || responsible == 0 {
            broken.push(BrokenRow {
                row: row.row.clone(),
                accountable,
                responsible,
            });
        }
        let name = vocab["processes"][&row.row]
            .as_str()
            .or_else(|| vocab["activities"][&row.row].as_str())
            .unwrap_or(&row.row)
            .to_string();
        out.push(Row {
            id: row.row.clone(),
            name,
            clause: row.clause.clone(),
            cells,
        });
    }
    if broken.is_empty() {
        Ok(Matrix { columns, rows: out })
    } else {
        Err(broken)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn row(id: &str, cells: &[(&str, &str)]) -> RaciRow {
        RaciRow {
            row: id.into(),
            clause: "8.1".into(),
            cells: cells
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn rows_without_one_accountable_or_a_responsible_are_named() {
        let roles = vec![
            json!({"id": "a", "title": "A", "label": "A"}),
            json!({"id": "b", "title": "B", "label": "B"}),
        ];
        let rows = vec![
            row("good", &[("a", "A"), ("b", "R")]),
            row("two_a", &[("a", "A"), ("b", "A/R")]),
            row("no_r", &[("a", "A"), ("b", "C")]),
        ];
        let broken = matrix(&rows, &roles, &json!({}), "Teams").unwrap_err();
        let names: Vec<&str> = broken.iter().map(|b| b.row.as_str()).collect();
        assert_eq!(names, vec!["two_a", "no_r"]);
    }

    #[test]
    fn codes_are_initials_and_unique() {
        assert_eq!(initials("Head of Service Quality"), "HSQ");
        assert_eq!(initials("Change Advisory Board"), "CAB");
        assert_eq!(initials("Informationssicherheitsbeauftragter"), "IN");
        let roles = vec![
            json!({"id": "a", "title": "Service Owner", "label": "Service Owner"}),
            json!({"id": "b", "title": "Supplier Officer", "label": "Supplier Officer"}),
        ];
        let m = matrix(
            &[row("r", &[("a", "A"), ("b", "R")])],
            &roles,
            &json!({}),
            "Teams",
        )
        .unwrap();
        let codes: Vec<&str> = m.columns.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes, vec!["SO1", "SO2"]);
    }

    #[test]
    fn unused_roles_are_left_out_and_gaps_are_dashes() {
        let roles = vec![
            json!({"id": "a", "label": "A"}),
            json!({"id": "z", "label": "Z"}),
        ];
        let m = matrix(&[row("r", &[("a", "A/R")])], &roles, &json!({}), "Teams").unwrap();
        assert_eq!(m.columns.len(), 1);
        assert_eq!(m.rows[0].cells, vec!["A/R"]);
    }
}
