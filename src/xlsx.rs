//! Spreadsheet registers: the RACI matrix and the document register as XLSX (for the
//! people who filter and sort) and CSV (for scripts), both reproducible byte for byte.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatBorder, Workbook};

/// One table: a header row and data rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub name: String,
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The workbook of one sheet, in the house colours, dated `date` (YYYY-MM-DD).
pub fn workbook(
    sheet: &Sheet,
    organisation: &str,
    author: &str,
    date: &str,
    accent: &str,
) -> Result<Vec<u8>, String> {
    let fail = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut book = Workbook::new();
    let created = ExcelDateTime::parse_from_str(date).map_err(fail)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(&sheet.title)
            .set_author(author)
            .set_company(organisation)
            .set_creation_datetime(&created),
    );
    let head = Format::new()
        .set_bold()
        .set_font_color("FFFFFF")
        .set_background_color(accent)
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let ws = book.add_worksheet();
    let name: String = sheet
        .name
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    ws.set_name(if name.is_empty() { "Sheet1" } else { &name })
        .map_err(fail)?;
    for (c, text) in sheet.header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, text, &head)
            .map_err(fail)?;
        let longest = std::iter::once(text)
            .chain(sheet.rows.iter().filter_map(|r| r.get(c)))
            .map(|t| t.chars().count())
            .max()
            .unwrap_or(8);
        ws.set_column_width(c as u16, (longest as f64 + 2.0).clamp(6.0, 60.0))
            .map_err(fail)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            ws.write_string_with_format(r as u32 + 1, c as u16, text, &cell)
                .map_err(fail)?;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(fail)?;
    if !sheet.header.is_empty() {
        ws.autofilter(0, 0, sheet.rows.len() as u32, sheet.header.len() as u16 - 1)
            .map_err(fail)?;
    }
    book.save_to_buffer().map_err(fail)
}

/// RFC 4180 CSV with CRLF line ends; every field quoted when it needs to be.
pub fn csv(sheet: &Sheet) -> String {
    let field = |f: &str| {
        let f: String = f
            .chars()
            .filter(|c| crate::escape::xml_allowed(*c))
            .collect();
        if f.contains([',', '"', '\n', '\r']) || f.starts_with(['=', '+', '-', '@']) {
            // A leading formula character is quoted and prefixed so that spreadsheet
            // programs show it as text rather than run it.
            let f = if f.starts_with(['=', '+', '-', '@']) {
                format!("'{f}")
            } else {
                f
            };
            format!("\"{}\"", f.replace('"', "\"\""))
        } else {
            f
        }
    };
    let mut out = String::new();
    for row in std::iter::once(&sheet.header).chain(&sheet.rows) {
        out.push_str(&row.iter().map(|f| field(f)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet() -> Sheet {
        Sheet {
            name: "RACI".into(),
            title: "RACI Matrix".into(),
            header: vec!["Process".into(), "Owner".into()],
            rows: vec![
                vec!["Change, \"normal\"".into(), "=cmd|' /C calc'!A0".into()],
                vec!["Line\nbreak".into(), "A".into()],
            ],
        }
    }

    #[test]
    fn csv_quotes_what_needs_quoting_and_defuses_formulas() {
        assert_eq!(
            csv(&sheet()),
            "Process,Owner\r\n\"Change, \"\"normal\"\"\",\"'=cmd|' /C calc'!A0\"\r\n\"Line\nbreak\",A\r\n"
        );
    }

    #[test]
    fn workbooks_are_reproducible() {
        let a = workbook(&sheet(), "Acme", "Ann", "2026-11-25", "1F4E79").unwrap();
        let b = workbook(&sheet(), "Acme", "Ann", "2026-11-25", "1F4E79").unwrap();
        assert_eq!(a, b);
        assert!(a.starts_with(b"PK"));
    }
}
