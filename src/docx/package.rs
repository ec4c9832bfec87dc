//! Every workaround for docx-rs's output lives here, each with a test that fails
//! without it:
//!
//! - schema order: docx-rs writes children of `pPr`, `rPr`, `sectPr`, `numPr`, `tblPr`
//!   and others out of the order the schema requires; they are sorted;
//! - attributes the schema does not declare (`w:type` on `gridCol`, `w14:paraId`) are
//!   dropped;
//! - header-row repeat: the first row of every body table gets `w:tblHeader`;
//! - the table of contents: a pre-filled TOC field replaces a marker paragraph;
//! - determinism: relationship, footnote, drawing and media ids come from process-wide
//!   counters in docx-rs and are renumbered in document order;
//! - XML-illegal characters are removed from all text;
//! - the package is written by us: fixed entry order, fixed timestamps, our own styles,
//!   numbering, settings (fields updated on open), theme and core properties.

use std::collections::BTreeMap;
use std::io::Write;

use docx_rs::XMLDocx;

use super::convert::{ListInstance, TOC_MARK, TocEntry};
use super::parts::{self, Rel, esc};
use std::borrow::Cow;

use super::xml::{self, Element, Node};
use super::{DocxError, Meta};

/// Child order of the elements docx-rs gets wrong (from the WordprocessingML schema).
const ORDER: &[(&str, &[&str])] = &[
    (
        "w:pPr",
        &[
            "w:pStyle",
            "w:keepNext",
            "w:keepLines",
            "w:pageBreakBefore",
            "w:framePr",
            "w:widowControl",
            "w:numPr",
            "w:suppressLineNumbers",
            "w:pBdr",
            "w:shd",
            "w:tabs",
            "w:suppressAutoHyphens",
            "w:kinsoku",
            "w:wordWrap",
            "w:overflowPunct",
            "w:topLinePunct",
            "w:autoSpaceDE",
            "w:autoSpaceDN",
            "w:bidi",
            "w:adjustRightInd",
            "w:snapToGrid",
            "w:spacing",
            "w:ind",
            "w:contextualSpacing",
            "w:mirrorIndents",
            "w:suppressOverlap",
            "w:jc",
            "w:textDirection",
            "w:textAlignment",
            "w:textboxTightWrap",
            "w:outlineLvl",
            "w:divId",
            "w:cnfStyle",
            "w:rPr",
            "w:sectPr",
            "w:pPrChange",
        ],
    ),
    (
        "w:rPr",
        &[
            "w:ins",
            "w:del",
            "w:moveFrom",
            "w:moveTo",
            "w:rStyle",
            "w:rFonts",
            "w:b",
            "w:bCs",
            "w:i",
            "w:iCs",
            "w:caps",
            "w:smallCaps",
            "w:strike",
            "w:dstrike",
            "w:outline",
            "w:shadow",
            "w:emboss",
            "w:imprint",
            "w:noProof",
            "w:snapToGrid",
            "w:vanish",
            "w:webHidden",
            "w:color",
            "w:spacing",
            "w:w",
            "w:kern",
            "w:position",
            "w:sz",
            "w:szCs",
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
            "w:eastAsianLayout",
            "w:specVanish",
            "w:oMath",
            "w:rPrChange",
        ],
    ),
    (
        "w:sectPr",
        &[
            "w:headerReference",
            "w:footerReference",
            "w:footnotePr",
            "w:endnotePr",
            "w:type",
            "w:pgSz",
            "w:pgMar",
            "w:paperSrc",
            "w:pgBorders",
            "w:lnNumType",
            "w:pgNumType",
            "w:cols",
            "w:formProt",
            "w:vAlign",
            "w:noEndnote",
            "w:titlePg",
            "w:textDirection",
            "w:bidi",
            "w:rtlGutter",
            "w:docGrid",
            "w:printerSettings",
            "w:sectPrChange",
        ],
    ),
    (
        "w:numPr",
        &["w:ilvl", "w:numId", "w:numberingChange", "w:ins"],
    ),
    (
        "w:tblPr",
        &[
            "w:tblStyle",
            "w:tblpPr",
            "w:tblOverlap",
            "w:bidiVisual",
            "w:tblStyleRowBandSize",
            "w:tblStyleColBandSize",
            "w:tblW",
            "w:jc",
            "w:tblCellSpacing",
            "w:tblInd",
            "w:tblBorders",
            "w:shd",
            "w:tblLayout",
            "w:tblCellMar",
            "w:tblLook",
            "w:tblCaption",
            "w:tblDescription",
        ],
    ),
    (
        "w:tcPr",
        &[
            "w:cnfStyle",
            "w:tcW",
            "w:gridSpan",
            "w:hMerge",
            "w:vMerge",
            "w:tcBorders",
            "w:shd",
            "w:noWrap",
            "w:tcMar",
            "w:textDirection",
            "w:tcFitText",
            "w:vAlign",
            "w:hideMark",
        ],
    ),
    (
        "w:tbl",
        &["w:bookmarkStart", "w:tblPr", "w:tblGrid", "w:tr"],
    ),
    ("w:tr", &["w:tblPrEx", "w:trPr", "w:tc"]),
    ("w:tc", &["w:tcPr"]),
    ("w:p", &["w:pPr"]),
    ("w:r", &["w:rPr"]),
];

/// Sorts the children of `e` by the schema's sequence; children the sequence does not
/// name keep their relative order after the named ones (content such as `w:t`).
fn reorder(e: &mut Element) {
    let Some((_, order)) = ORDER.iter().find(|(name, _)| *name == e.name) else {
        return;
    };
    let rank = |n: &Node| match n {
        Node::Element(c) => order
            .iter()
            .position(|o| *o == c.name)
            .unwrap_or(order.len()),
        Node::Text(_) => order.len(),
    };
    // Elements the sequence puts first (pPr in a paragraph) come before content;
    // everything else keeps its place.
    e.children.sort_by_key(rank);
}

/// Drops what the schema does not allow and what makes output differ between runs.
fn clean_element(e: &mut Element) {
    e.attrs
        .retain(|(k, _)| !(k.starts_with("w14:") || (e.name == "w:gridCol" && k == "w:type")));
    // An empty rPr or pPr says nothing; dropping it keeps the XML small and valid.
    e.children.retain(|n| !matches!(n, Node::Element(c) if (c.name == "w:rPr" || c.name == "w:pPr" || c.name == "w:tblPrEx") && c.children.is_empty() && c.attrs.is_empty()));
    for n in e.children.iter_mut() {
        if let Node::Text(t) = n
            && !t.chars().all(crate::escape::xml_allowed)
        {
            t.to_mut().retain(crate::escape::xml_allowed);
        }
    }
    reorder(e);
}

/// Marks the first row of each table as a header row that repeats on every page.
fn repeat_header_rows(e: &mut Element) {
    if e.name != "w:tbl" {
        return;
    }
    let Some(row) = e.child_mut("w:tr") else {
        return;
    };
    if row.child("w:trPr").is_none() {
        row.children
            .insert(0, Node::Element(Element::new("w:trPr")));
    }
    if let Some(tr_pr) = row.child_mut("w:trPr")
        && tr_pr.child("w:tblHeader").is_none()
    {
        tr_pr
            .children
            .push(Node::Element(Element::new("w:tblHeader")));
    }
}

fn w<'a>(name: &str, attrs: &[(&str, &str)], children: Vec<Node<'a>>) -> Node<'a> {
    let mut e = Element::new(name.to_string());
    for (k, v) in attrs {
        e.attrs
            .push((Cow::Owned(k.to_string()), Cow::Owned(v.to_string())));
    }
    e.children = children;
    Node::Element(e)
}

fn text_run<'a>(text: &str) -> Node<'a> {
    w(
        "w:r",
        &[],
        vec![w(
            "w:t",
            &[("xml:space", "preserve")],
            vec![Node::Text(Cow::Owned(esc(text)))],
        )],
    )
}

fn styled<'a>(style: &str, children: Vec<Node<'a>>) -> Node<'a> {
    let mut all = vec![w(
        "w:pPr",
        &[],
        vec![w("w:pStyle", &[("w:val", style)], vec![])],
    )];
    all.extend(children);
    w("w:p", &[], all)
}

fn field_char<'a>(kind: &str, dirty: bool) -> Node<'a> {
    let attrs: &[(&str, &str)] = if dirty {
        &[("w:fldCharType", kind), ("w:dirty", "true")]
    } else {
        &[("w:fldCharType", kind)]
    };
    w("w:r", &[], vec![w("w:fldChar", attrs, vec![])])
}

/// The contents: a heading and a TOC field whose cached result lists the headings, so
/// that LibreOffice shows them at once and Word fills in page numbers on open.
fn toc<'a>(entries: &[TocEntry], heading: &str) -> Vec<Node<'a>> {
    let mut out = vec![styled("TOCHeading", vec![text_run(heading)])];
    let instr = w(
        "w:r",
        &[],
        vec![w(
            "w:instrText",
            &[("xml:space", "preserve")],
            vec![Node::Text(" TOC \\o &quot;1-1&quot; \\h \\z \\u ".into())],
        )],
    );
    let start = vec![
        field_char("begin", true),
        instr,
        field_char("separate", false),
    ];
    if entries.is_empty() {
        let mut children = start.clone();
        children.push(field_char("end", false));
        out.push(styled("TOC1", children));
    }
    for (i, entry) in entries.iter().enumerate() {
        let link = w(
            "w:hyperlink",
            &[("w:anchor", &entry.bookmark), ("w:history", "1")],
            vec![text_run(&entry.text)],
        );
        let mut children = if i == 0 { start.clone() } else { Vec::new() };
        children.push(link);
        if i + 1 == entries.len() {
            children.push(field_char("end", false));
        }
        out.push(styled("TOC1", children));
    }
    out.push(w(
        "w:p",
        &[],
        vec![w(
            "w:r",
            &[],
            vec![w("w:br", &[("w:type", "page")], vec![])],
        )],
    ));
    out
}

/// Replaces the paragraph holding the TOC marker with the contents.
fn insert_toc(body: &mut Element, entries: &[TocEntry], heading: &str) {
    let marker = esc(TOC_MARK);
    if let Some(at) = body
        .children
        .iter()
        .position(|n| matches!(n, Node::Element(p) if p.name == "w:p" && p.text() == marker))
    {
        body.children.splice(at..=at, toc(entries, heading));
    }
}

/// Relationship ids, footnote ids and drawing ids in order of first use, so that the
/// same document gives the same XML however many documents the process built before.
struct Renumber {
    rels: BTreeMap<String, String>,
    order: Vec<String>,
    footnotes: BTreeMap<String, String>,
    drawings: usize,
}

impl Renumber {
    fn visit(&mut self, e: &mut Element) {
        for (k, v) in e.attrs.iter_mut() {
            if k == "r:id" || k == "r:embed" {
                let next = format!("rId{}", 10 + self.rels.len());
                let new = self.rels.entry(v.to_string()).or_insert_with(|| {
                    self.order.push(v.to_string());
                    next
                });
                *v = Cow::Owned(new.clone());
            }
        }
        if e.name == "w:footnoteReference"
            && let Some(id) = e.attr("w:id").map(str::to_string)
        {
            let next = (self.footnotes.len() + 1).to_string();
            let new = self.footnotes.entry(id).or_insert(next).clone();
            e.set_attr("w:id", &new);
        }
        if e.name == "wp:docPr" || e.name == "pic:cNvPr" {
            if e.name == "wp:docPr" {
                self.drawings += 1;
            }
            let id = self.drawings.to_string();
            e.set_attr("id", &id);
            e.set_attr("name", &format!("Picture {id}"));
        }
    }
}

fn parse<'a>(part: &'a [u8], name: &str) -> Result<Element<'a>, DocxError> {
    let text = std::str::from_utf8(part).map_err(|_| DocxError(format!("{name} is not UTF-8")))?;
    xml::parse(text).map_err(|e| DocxError(format!("{name}: {}", e.0)))
}

fn fix_part(root: &mut Element) {
    root.walk_mut(&mut |e| {
        clean_element(e);
        repeat_header_rows(e);
    });
}

/// docx-rs's relationships: id → (type suffix, target, external).
fn old_rels(part: &[u8]) -> Result<BTreeMap<String, (String, String, bool)>, DocxError> {
    let root = parse(part, "document.xml.rels")?;
    let mut out = BTreeMap::new();
    for r in root.elements() {
        let kind = r
            .attr("Type")
            .unwrap_or("")
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_string();
        out.insert(
            r.attr("Id").unwrap_or("").to_string(),
            (
                kind,
                r.attr("Target").unwrap_or("").to_string(),
                r.attr("TargetMode") == Some("External"),
            ),
        );
    }
    Ok(out)
}

/// Writes the finished package.
pub fn pack(
    built: XMLDocx,
    meta: &Meta,
    lists: &[ListInstance],
    toc_entries: &[TocEntry],
) -> Result<Vec<u8>, DocxError> {
    let mut document = parse(&built.document, "document.xml")?;
    let mut headers = built
        .headers
        .iter()
        .map(|h| parse(h, "header"))
        .collect::<Result<Vec<_>, _>>()?;
    let mut footers = built
        .footers
        .iter()
        .map(|f| parse(f, "footer"))
        .collect::<Result<Vec<_>, _>>()?;
    let mut footnotes = parse(&built.footnotes, "footnotes.xml")?;
    let old = old_rels(&built.document_rels)?;

    if let Some(body) = document.child_mut("w:body") {
        insert_toc(body, toc_entries, &meta.labels.contents);
    }
    let mut renumber = Renumber {
        rels: BTreeMap::new(),
        order: Vec::new(),
        footnotes: BTreeMap::new(),
        drawings: 0,
    };
    for part in std::iter::once(&mut document)
        .chain(headers.iter_mut())
        .chain(footers.iter_mut())
    {
        fix_part(part);
        part.walk_mut(&mut |e| renumber.visit(e));
    }
    // Footnotes keep the separators (ids -1 and 0) and take the new numbers.
    footnotes.children.retain(|n| match n {
        Node::Element(f) => f.attr("w:id").is_some_and(|id| {
            id.starts_with('-') || id == "0" || renumber.footnotes.contains_key(id)
        }),
        Node::Text(_) => false,
    });
    for f in footnotes.elements_mut() {
        if let Some(new) = f
            .attr("w:id")
            .and_then(|id| renumber.footnotes.get(id))
            .cloned()
        {
            f.set_attr("w:id", &new);
        }
    }
    fix_part(&mut footnotes);
    footnotes.children.sort_by_key(|n| match n {
        Node::Element(f) => f
            .attr("w:id")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0),
        Node::Text(_) => 0,
    });

    let mut rels = parts::document_rels();
    let mut media: Vec<(String, Vec<u8>)> = Vec::new();
    let mut header_parts = Vec::new();
    let mut footer_parts = Vec::new();
    for old_id in &renumber.order {
        let new_id = renumber.rels[old_id].clone();
        let Some((kind, target, external)) = old.get(old_id) else {
            return Err(DocxError(format!("relationship {old_id} is not declared")));
        };
        let target = match kind.as_str() {
            "header" => {
                let n = header_parts.len() + 1;
                let index = target
                    .trim_start_matches("header")
                    .trim_end_matches(".xml")
                    .parse::<usize>()
                    .unwrap_or(n)
                    - 1;
                header_parts.push(index);
                format!("header{n}.xml")
            }
            "footer" => {
                let n = footer_parts.len() + 1;
                let index = target
                    .trim_start_matches("footer")
                    .trim_end_matches(".xml")
                    .parse::<usize>()
                    .unwrap_or(n)
                    - 1;
                footer_parts.push(index);
                format!("footer{n}.xml")
            }
            "image" => {
                let name = target.trim_start_matches("media/").trim_end_matches(".png");
                let bytes = built
                    .media
                    .iter()
                    .find(|(id, _)| id == name)
                    .map(|(_, b)| b.clone())
                    .unwrap_or_default();
                media.push((format!("image{}.png", media.len() + 1), bytes));
                format!("media/image{}.png", media.len())
            }
            _ => target.clone(),
        };
        rels.push(Rel {
            id: new_id,
            kind: kind.clone(),
            target,
            external: *external,
        });
    }

    let mut files: Vec<(String, Vec<u8>)> = vec![
        (
            "[Content_Types].xml".into(),
            parts::content_types(header_parts.len(), footer_parts.len(), !media.is_empty())
                .into_bytes(),
        ),
        ("_rels/.rels".into(), parts::package_rels().into_bytes()),
        ("docProps/core.xml".into(), parts::core(meta).into_bytes()),
        ("docProps/app.xml".into(), parts::app(meta).into_bytes()),
        (
            "word/document.xml".into(),
            xml::to_string(&document).into_bytes(),
        ),
        (
            "word/_rels/document.xml.rels".into(),
            parts::rels(&rels).into_bytes(),
        ),
        (
            "word/styles.xml".into(),
            parts::styles(&meta.accent).into_bytes(),
        ),
        (
            "word/numbering.xml".into(),
            parts::numbering(lists).into_bytes(),
        ),
        ("word/settings.xml".into(), parts::settings().into_bytes()),
        (
            "word/fontTable.xml".into(),
            parts::font_table().into_bytes(),
        ),
        (
            "word/footnotes.xml".into(),
            xml::to_string(&footnotes).into_bytes(),
        ),
        (
            "word/theme/theme1.xml".into(),
            parts::theme(&meta.accent).into_bytes(),
        ),
    ];
    for (n, index) in header_parts.iter().enumerate() {
        let part = headers
            .get(*index)
            .ok_or_else(|| DocxError("missing header".into()))?;
        files.push((
            format!("word/header{}.xml", n + 1),
            xml::to_string(part).into_bytes(),
        ));
    }
    for (n, index) in footer_parts.iter().enumerate() {
        let part = footers
            .get(*index)
            .ok_or_else(|| DocxError("missing footer".into()))?;
        files.push((
            format!("word/footer{}.xml", n + 1),
            xml::to_string(part).into_bytes(),
        ));
    }
    for (name, bytes) in media {
        files.push((format!("word/media/{name}"), bytes));
    }
    zip(files)
}

/// The zip container: entries in a fixed order with a fixed timestamp, deflated.
fn zip(files: Vec<(String, Vec<u8>)>) -> Result<Vec<u8>, DocxError> {
    let fail = |e: &dyn std::fmt::Display| DocxError(format!("zip: {e}"));
    let mut cursor = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut cursor);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            // The fastest level: a pack is written often, and XML compresses well anyway.
            .compression_level(Some(1))
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        for (name, bytes) in files {
            zip.start_file(name, options).map_err(|e| fail(&e))?;
            zip.write_all(&bytes).map_err(|e| fail(&e))?;
        }
        zip.finish().map_err(|e| fail(&e))?;
    }
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(xml_text: &str) -> String {
        let mut root = xml::parse(xml_text).unwrap();
        fix_part(&mut root);
        let mut out = String::new();
        root.write(&mut out);
        out
    }

    #[test]
    fn paragraph_properties_follow_the_schema_order() {
        let out = fixed(
            "<w:p><w:pPr><w:rPr/><w:numPr><w:numId w:val=\"2\"/><w:ilvl w:val=\"0\"/></w:numPr><w:pStyle w:val=\"X\"/></w:pPr><w:r><w:t>a</w:t></w:r></w:p>",
        );
        assert_eq!(
            out,
            "<w:p><w:pPr><w:pStyle w:val=\"X\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"2\"/></w:numPr></w:pPr><w:r><w:t>a</w:t></w:r></w:p>"
        );
    }

    #[test]
    fn run_and_section_properties_follow_the_schema_order() {
        let out =
            fixed("<w:r><w:rPr><w:sz w:val=\"2\"/><w:b/><w:rStyle w:val=\"H\"/></w:rPr></w:r>");
        assert_eq!(
            out,
            "<w:r><w:rPr><w:rStyle w:val=\"H\"/><w:b/><w:sz w:val=\"2\"/></w:rPr></w:r>"
        );
        let out = fixed("<w:sectPr><w:pgSz/><w:titlePg/><w:headerReference/><w:pgMar/></w:sectPr>");
        assert_eq!(
            out,
            "<w:sectPr><w:headerReference/><w:pgSz/><w:pgMar/><w:titlePg/></w:sectPr>"
        );
    }

    #[test]
    fn undeclared_attributes_and_paragraph_ids_are_dropped() {
        let out = fixed("<w:tblGrid><w:gridCol w:w=\"10\" w:type=\"dxa\"/></w:tblGrid>");
        assert_eq!(out, "<w:tblGrid><w:gridCol w:w=\"10\"/></w:tblGrid>");
        let out = fixed("<w:p w14:paraId=\"00000001\"><w:r><w:t>x</w:t></w:r></w:p>");
        assert_eq!(out, "<w:p><w:r><w:t>x</w:t></w:r></w:p>");
    }

    #[test]
    fn the_first_table_row_repeats_on_every_page() {
        let out = fixed(
            "<w:tbl><w:tblPr/><w:tr><w:tc><w:p/></w:tc></w:tr><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>",
        );
        assert_eq!(
            out,
            "<w:tbl><w:tblPr/><w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:p/></w:tc></w:tr><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>"
        );
    }

    #[test]
    fn illegal_characters_are_removed_from_text() {
        let out = fixed("<w:t>a\u{1}b\u{C}c</w:t>");
        assert_eq!(out, "<w:t>abc</w:t>");
    }

    #[test]
    fn relationship_ids_are_numbered_in_document_order() {
        let mut r = Renumber {
            rels: BTreeMap::new(),
            order: Vec::new(),
            footnotes: BTreeMap::new(),
            drawings: 0,
        };
        let mut root = xml::parse("<w:body><w:hyperlink r:id=\"rIdHyperlink77\"/><w:headerReference r:id=\"rIdHeader5\"/><w:hyperlink r:id=\"rIdHyperlink77\"/></w:body>").unwrap();
        root.walk_mut(&mut |e| r.visit(e));
        let mut out = String::new();
        root.write(&mut out);
        assert_eq!(
            out,
            "<w:body><w:hyperlink r:id=\"rId10\"/><w:headerReference r:id=\"rId11\"/><w:hyperlink r:id=\"rId10\"/></w:body>"
        );
    }

    #[test]
    fn the_toc_marker_becomes_a_filled_field() {
        let source = format!("<w:body><w:p><w:r><w:t>{TOC_MARK}</w:t></w:r></w:p></w:body>");
        let mut body = xml::parse(&source).unwrap();
        let entries = vec![TocEntry {
            text: "Purpose".into(),
            bookmark: "h_purpose".into(),
        }];
        insert_toc(&mut body, &entries, "Contents");
        let mut out = String::new();
        body.write(&mut out);
        assert!(out.contains("TOC \\o"), "{out}");
        assert!(out.contains("w:anchor=\"h_purpose\""), "{out}");
        assert!(
            out.contains(">Contents<") && !out.contains("smskit-toc"),
            "{out}"
        );
    }
}
