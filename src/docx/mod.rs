//! Markdown to DOCX in the house style. `convert` turns Markdown into docx-rs's document
//! model; `write` writes that model as WordprocessingML and is where every docx-rs gap is
//! closed (schema order, ids, header-row repeat, the table of contents, illegal
//! characters); `parts` writes the fixed parts of the house style; `package` assembles
//! the package and `container` zips it reproducibly. Nothing else in smskit knows about
//! Word.

mod container;
mod convert;
mod package;
mod parts;
mod write;

use docx_rs::{
    BreakType, NumPages, PageNum, Paragraph, Pic, Run, Table, TableCell, TableRow, WidthType,
};
use serde::Serialize;

pub use convert::{Images, png_size};

/// Something the Markdown holds that Word cannot show as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub code: &'static str,
    pub message: String,
}

/// The words of the document frame, in the pack's language.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    pub document_id: String,
    pub version: String,
    pub status: String,
    pub classification: String,
    pub owner: String,
    pub date: String,
    pub contents: String,
    pub page: String,
    pub of: String,
}

/// What the frame around a document shows: title page, header, footer, properties.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub organisation: String,
    pub title: String,
    pub id: String,
    pub version: String,
    pub status: String,
    pub classification: String,
    pub owner: String,
    pub date: String,
    pub author: String,
    pub subject: String,
    pub kind: String,
    pub keywords: Vec<String>,
    pub revision: u32,
    /// RRGGBB
    pub accent: String,
    pub logo: Option<Vec<u8>>,
    pub labels: Labels,
}

/// A finished document: the DOCX bytes and what could not be shown.
pub struct Built {
    pub bytes: Vec<u8>,
    pub warnings: Vec<Warning>,
}

/// Why a DOCX could not be written (a defect in smskit, never the user's input).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocxError(pub String);

const TEXT_WIDTH: usize = convert::TEXT_WIDTH;

fn title_page(meta: &Meta) -> Vec<convert::Block> {
    use convert::Block;
    let mut blocks = Vec::new();
    if let Some(logo) = meta.logo.as_deref()
        && let Some((w, h)) = png_size(logo)
    {
        // At most 6 cm wide and 3 cm high.
        let (max_w, max_h) = (2_160_000u64, 1_080_000u64);
        let (w_emu, h_emu) = (w as u64 * 9525, h as u64 * 9525);
        let scale = (max_w as f64 / w_emu as f64)
            .min(max_h as f64 / h_emu as f64)
            .min(1.0);
        let pic = Pic::new_with_dimensions(logo.to_vec(), w, h)
            .size((w_emu as f64 * scale) as u32, (h_emu as f64 * scale) as u32);
        blocks.push(Block::Paragraph(Box::new(
            Paragraph::new().add_run(Run::new().add_image(pic)),
        )));
    }
    blocks.push(Block::Paragraph(Box::new(
        Paragraph::new()
            .style("Subtitle")
            .add_run(Run::new().add_text(clean(&meta.organisation))),
    )));
    blocks.push(Block::Paragraph(Box::new(
        Paragraph::new()
            .style("Title")
            .add_run(Run::new().add_text(clean(&meta.title))),
    )));
    let l = &meta.labels;
    let rows: Vec<TableRow> = [
        (&l.document_id, &meta.id),
        (&l.version, &meta.version),
        (&l.status, &meta.status),
        (&l.classification, &meta.classification),
        (&l.owner, &meta.owner),
        (&l.date, &meta.date),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| {
        TableRow::new(vec![
            TableCell::new().width(2800, WidthType::Dxa).add_paragraph(
                Paragraph::new()
                    .style("TableText")
                    .add_run(Run::new().add_text(clean(k)).bold()),
            ),
            TableCell::new()
                .width(TEXT_WIDTH - 2800, WidthType::Dxa)
                .add_paragraph(
                    Paragraph::new()
                        .style("TableText")
                        .add_run(Run::new().add_text(clean(v))),
                ),
        ])
    })
    .collect();
    if !rows.is_empty() {
        let table = Table::new(rows)
            .style("SmsPlainTable")
            .set_grid(vec![2800, TEXT_WIDTH - 2800])
            .width(TEXT_WIDTH, WidthType::Dxa);
        blocks.push(Block::Table(Box::new(table)));
    }
    blocks.push(Block::Paragraph(Box::new(
        Paragraph::new().add_run(Run::new().add_break(BreakType::Page)),
    )));
    blocks
}

fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| crate::escape::xml_allowed(*c))
        .collect()
}

/// Builds the DOCX of one Markdown document. `title_from_h1`: the document's lone `#`
/// heading is its title (as in smskit's own documents) rather than a chapter.
pub fn build(
    markdown: &str,
    meta: &Meta,
    images: Images,
    title_from_h1: bool,
) -> Result<Built, DocxError> {
    let converted = convert::convert(markdown, &meta.accent, images, title_from_h1);
    let footer = {
        let version =
            (!meta.version.is_empty()).then(|| format!("{} {}", meta.labels.version, meta.version));
        let left: Vec<String> = [
            Some(meta.id.clone()),
            version,
            Some(meta.classification.clone()),
        ]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect();
        Paragraph::new()
            .style("Footer")
            .add_run(Run::new().add_text(clean(&left.join("  |  "))))
            .add_run(Run::new().add_tab())
            .add_run(Run::new().add_text(format!("{} ", clean(&meta.labels.page))))
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(format!(" {} ", clean(&meta.labels.of))))
            .add_num_pages(NumPages::new())
    };
    let frame = write::Frame {
        header: vec![
            Paragraph::new()
                .style("Header")
                .add_run(Run::new().add_text(clean(&meta.organisation)))
                .add_run(Run::new().add_tab())
                .add_run(Run::new().add_text(clean(&meta.title))),
        ],
        first_header: vec![Paragraph::new().style("Header")],
        footer: vec![footer],
        first_footer: vec![Paragraph::new().style("Footer")],
    };
    let mut blocks = title_page(meta);
    blocks.extend(converted.blocks);
    let parts = write::write(&blocks, &frame, &converted.toc, &meta.labels.contents)?;
    let bytes = package::pack(parts, meta, &converted.lists)?;
    Ok(Built {
        bytes,
        warnings: converted.warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_images(_: &str) -> Option<Vec<u8>> {
        None
    }

    /// The text of one part of a built Word file.
    fn part(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
        text
    }

    fn meta() -> Meta {
        Meta {
            organisation: "Acme".into(),
            title: "Policy".into(),
            id: "A-POL-001".into(),
            version: "0.1".into(),
            date: "2026-11-25".into(),
            accent: "1F4E79".into(),
            ..Meta::default()
        }
    }

    /// docx-rs numbers headers, footnotes and pictures from process-wide counters; the
    /// same input must still give the same bytes when built twice in one process.
    #[test]
    fn the_same_document_twice_in_one_process_gives_the_same_bytes() {
        let md = "# Policy\n\n## One\n\nText[^1] with a [link](https://example.com).\n\n[^1]: A note.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        let a = build(md, &meta(), &no_images, true).unwrap();
        let b = build(md, &meta(), &no_images, true).unwrap();
        assert_eq!(a.bytes, b.bytes);
    }

    /// Every style the converter and the frame use is defined in styles.xml.
    #[test]
    fn every_style_used_is_defined() {
        let md = "# T\n\n## H\n\n### H3\n\n#### H4\n\n> quote\n\n```\ncode\n```\n\n- a\n1. b\n\n`c` [l](https://x)[^1]\n\n[^1]: n\n\n---\n\n| a |\n|---|\n| b |\n";
        let built = build(md, &meta(), &no_images, true).unwrap();
        let styles = part(&built.bytes, "word/styles.xml");
        for name in [
            "word/document.xml",
            "word/header1.xml",
            "word/footer1.xml",
            "word/footnotes.xml",
        ] {
            let text = part(&built.bytes, name);
            for tag in [
                "w:pStyle w:val=\"",
                "w:rStyle w:val=\"",
                "w:tblStyle w:val=\"",
            ] {
                for piece in text.split(tag).skip(1) {
                    let id = &piece[..piece.find('"').unwrap()];
                    assert!(
                        styles.contains(&format!("w:styleId=\"{id}\"")),
                        "{name} uses undefined style {id}"
                    );
                }
            }
        }
    }

    #[test]
    fn control_characters_never_reach_the_xml() {
        let mut m = meta();
        m.organisation = "Ac\u{1}me\u{C}".into();
        let built = build("# T\n\nA\u{B}B\n", &m, &no_images, true).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(built.bytes)).unwrap();
        for i in 0..zip.len() {
            let mut file = zip.by_index(i).unwrap();
            let mut text = String::new();
            if std::io::Read::read_to_string(&mut file, &mut text).is_ok() {
                assert!(
                    !text.chars().any(|c| !crate::escape::xml_allowed(c)),
                    "{}",
                    file.name()
                );
            }
        }
    }

    /// docx-rs writes no useful core properties: ours carry title, subject, author,
    /// keywords (the clauses), revision and dates, escaped.
    #[test]
    fn core_properties_describe_the_document() {
        let mut m = meta();
        m.title = "Change & <Release> Policy".into();
        m.subject = "ISO/IEC 20000-1:2018".into();
        m.author = "Tom Baker".into();
        m.keywords = vec!["8.5.1".into(), "8.5.2".into()];
        m.revision = 3;
        let built = build("# T\n\ntext\n", &m, &no_images, true).unwrap();
        let core = part(&built.bytes, "docProps/core.xml");
        for expected in [
            "<dc:title>Change &amp; &lt;Release&gt; Policy</dc:title>",
            "<dc:subject>ISO/IEC 20000-1:2018</dc:subject>",
            "<dc:creator>Tom Baker</dc:creator>",
            "<cp:keywords>8.5.1, 8.5.2</cp:keywords>",
            "<cp:revision>3</cp:revision>",
            "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-11-25T00:00:00Z</dcterms:created>",
        ] {
            assert!(core.contains(expected), "{expected} not in {core}");
        }
    }
}
