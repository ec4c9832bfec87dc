//! Writes the docx-rs document model as WordprocessingML, in one pass.
//!
//! docx-rs builds the model (paragraphs, runs, tables, links, pictures, notes) well, but
//! its own XML writer gets several things wrong and is slow; this module replaces it for
//! the parts we use, and is where every docx-rs gap is closed:
//!
//! - schema order: children of `pPr`, `rPr`, `sectPr`, `numPr`, `tblPr`, `trPr` and
//!   `tcPr` are written in the order the schema requires (docx-rs writes several out of
//!   order);
//! - nothing the schema does not declare (docx-rs adds `w:type` to `gridCol` and
//!   `w14:paraId` to paragraphs);
//! - header-row repeat: the first row of every table gets `w:tblHeader`;
//! - the table of contents: a pre-filled TOC field replaces the marker paragraph;
//! - determinism: relationship, bookmark, footnote and drawing ids are numbered in
//!   document order (docx-rs takes them from process-wide counters);
//! - XML-illegal characters are removed from all text.
//!
//! Only what the converter and the frame use is written. A model element outside that
//! set is an error naming it, never silently dropped (and debug builds check that no
//! property the writer ignores was set).

use docx_rs::{
    BreakType, Drawing, DrawingData, Hyperlink, HyperlinkData, Paragraph, ParagraphChild,
    ParagraphProperty, Pic, Run, RunChild, RunProperty, Table, TableCell, TableCellContent,
    TableCellProperty, TableChild, TableRow, TableRowChild,
};

use super::DocxError;
use super::convert::{Block, TOC_MARK, TocEntry};
use super::parts::{Rel, push_esc};
use crate::escape::xml_allowed;

/// Namespaces of the main document, headers and footers.
const NAMESPACES: &str = concat!(
    " xmlns:o=\"urn:schemas-microsoft-com:office:office\"",
    " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"",
    " xmlns:v=\"urn:schemas-microsoft-com:vml\"",
    " xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"",
    " xmlns:w10=\"urn:schemas-microsoft-com:office:word\"",
    " xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\"",
    " xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\"",
    " xmlns:wpg=\"http://schemas.microsoft.com/office/word/2010/wordprocessingGroup\"",
    " xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"",
    " xmlns:wp14=\"http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing\"",
    " xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\"",
    " xmlns:w15=\"http://schemas.microsoft.com/office/word/2012/wordml\"",
    " mc:Ignorable=\"w14 wp14\""
);

const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// Relationship ids the writer hands out start here; rId1–rId6 are the fixed parts.
const FIRST_REL: usize = 10;

/// Page setup of every document: A4 portrait, margins in twentieths of a point.
const SECTION: &str = concat!(
    "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>",
    "<w:pgMar w:top=\"1417\" w:right=\"1134\" w:bottom=\"1417\" w:left=\"1134\"",
    " w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/>",
    "<w:cols w:space=\"425\" w:num=\"1\"/><w:titlePg/>"
);

/// Header and footer paragraphs: the first page's and the other pages'.
pub struct Frame {
    pub header: Vec<Paragraph>,
    pub first_header: Vec<Paragraph>,
    pub footer: Vec<Paragraph>,
    pub first_footer: Vec<Paragraph>,
}

/// The written parts of one document.
pub struct Parts {
    pub document: String,
    /// header1.xml (other pages), header2.xml (first page)
    pub headers: [String; 2],
    /// footer1.xml (other pages), footer2.xml (first page)
    pub footers: [String; 2],
    pub footnotes: String,
    /// The relationships the writer handed out, after the fixed ones.
    pub rels: Vec<Rel>,
    /// `media/imageN.png` files: (file name, bytes).
    pub media: Vec<(String, Vec<u8>)>,
}

/// Writes the body, header, footer and footnote parts.
pub fn write(
    blocks: &[Block],
    frame: &Frame,
    toc: &[TocEntry],
    contents: &str,
) -> Result<Parts, DocxError> {
    let mut w = Writer {
        out: String::with_capacity(256 * 1024),
        rels: Vec::new(),
        media: Vec::new(),
        notes: Vec::new(),
        drawings: 0,
    };
    w.out.push_str(DECL);
    w.out.push_str("<w:document");
    w.out.push_str(NAMESPACES);
    w.out.push_str("><w:body>");
    for block in blocks {
        match block {
            Block::Paragraph(p) if is_toc_mark(p) => w.toc(toc, contents),
            Block::Paragraph(p) => w.paragraph(p)?,
            Block::Table(t) => w.table(t)?,
        }
    }
    w.out.push_str("<w:sectPr>");
    let parts: [(&str, &str, &str); 4] = [
        ("w:headerReference", "default", "header1.xml"),
        ("w:headerReference", "first", "header2.xml"),
        ("w:footerReference", "default", "footer1.xml"),
        ("w:footerReference", "first", "footer2.xml"),
    ];
    for (element, kind, target) in parts {
        let id = w.rel(
            if element == "w:headerReference" {
                "header"
            } else {
                "footer"
            },
            target.to_string(),
            false,
        );
        w.out
            .push_str(&format!("<{element} w:type=\"{kind}\" r:id=\"{id}\"/>"));
    }
    w.out.push_str(SECTION);
    w.out.push_str("</w:sectPr></w:body></w:document>");
    let document = std::mem::take(&mut w.out);

    let mut part = |root: &str, paragraphs: &[Paragraph]| -> Result<String, DocxError> {
        w.out.push_str(DECL);
        w.out.push_str(&format!("<{root}{NAMESPACES}>"));
        for p in paragraphs {
            w.paragraph(p)?;
        }
        w.out.push_str(&format!("</{root}>"));
        Ok(std::mem::take(&mut w.out))
    };
    let headers = [
        part("w:hdr", &frame.header)?,
        part("w:hdr", &frame.first_header)?,
    ];
    let footers = [
        part("w:ftr", &frame.footer)?,
        part("w:ftr", &frame.first_footer)?,
    ];

    // Notes are written after the body so that a note's own content cannot disturb
    // the numbering of the body's relationships.
    let mut footnotes = String::from(DECL);
    footnotes.push_str("<w:footnotes");
    footnotes.push_str(NAMESPACES);
    footnotes.push('>');
    for (n, content) in std::mem::take(&mut w.notes).iter().enumerate() {
        footnotes.push_str(&format!("<w:footnote w:id=\"{}\">", n + 1));
        for p in content {
            w.paragraph(p)?;
        }
        footnotes.push_str(&std::mem::take(&mut w.out));
        footnotes.push_str("</w:footnote>");
    }
    footnotes.push_str("</w:footnotes>");

    Ok(Parts {
        document,
        headers,
        footers,
        footnotes,
        rels: w.rels,
        media: w.media,
    })
}

fn is_toc_mark(p: &Paragraph) -> bool {
    matches!(p.children.as_slice(), [ParagraphChild::Run(run)]
        if matches!(run.children.as_slice(), [RunChild::Text(t)] if t.text == TOC_MARK))
}

struct Writer {
    out: String,
    rels: Vec<Rel>,
    media: Vec<(String, Vec<u8>)>,
    /// The content of each footnote, in order of reference.
    notes: Vec<Vec<Paragraph>>,
    drawings: usize,
}

fn unsupported(what: &str) -> DocxError {
    DocxError(format!("the Word writer has no support for {what}"))
}

impl Writer {
    fn rel(&mut self, kind: &str, target: String, external: bool) -> String {
        let id = format!("rId{}", FIRST_REL + self.rels.len());
        self.rels.push(Rel {
            id: id.clone(),
            kind: kind.into(),
            target,
            external,
        });
        id
    }

    fn text(&mut self, text: &str) {
        push_esc(&mut self.out, text);
    }

    /// Text docx-rs escaped when it was put into the model (run text, style names,
    /// link targets).
    fn escaped(&mut self, text: &str) {
        if text.chars().all(xml_allowed) {
            self.out.push_str(text);
        } else {
            self.out.extend(text.chars().filter(|c| xml_allowed(*c)));
        }
    }

    fn paragraph(&mut self, p: &Paragraph) -> Result<(), DocxError> {
        self.out.push_str("<w:p>");
        self.paragraph_property(&p.property)?;
        for child in &p.children {
            self.paragraph_child(child)?;
        }
        self.out.push_str("</w:p>");
        Ok(())
    }

    fn paragraph_property(&mut self, pr: &ParagraphProperty) -> Result<(), DocxError> {
        if cfg!(debug_assertions) {
            let mut rest = pr.clone();
            rest.style = None;
            rest.numbering_property = None;
            rest.indent = None;
            rest.alignment = None;
            assert_eq!(rest, ParagraphProperty::new(), "not written: {rest:?}");
        }
        let numbering = pr
            .numbering_property
            .as_ref()
            .map(|n| (n.level.as_ref().map(|l| l.val), n.id.as_ref().map(|i| i.id)));
        if pr.style.is_none()
            && numbering.is_none()
            && pr.indent.is_none()
            && pr.alignment.is_none()
        {
            return Ok(());
        }
        self.out.push_str("<w:pPr>");
        if let Some(style) = &pr.style {
            self.out.push_str("<w:pStyle w:val=\"");
            self.escaped(&style.val);
            self.out.push_str("\"/>");
        }
        if let Some((level, id)) = numbering {
            self.out.push_str("<w:numPr>");
            if let Some(level) = level {
                self.out.push_str(&format!("<w:ilvl w:val=\"{level}\"/>"));
            }
            if let Some(id) = id {
                self.out.push_str(&format!("<w:numId w:val=\"{id}\"/>"));
            }
            self.out.push_str("</w:numPr>");
        }
        if let Some(indent) = &pr.indent {
            if indent.special_indent.is_some() || indent.start_chars.is_some() {
                return Err(unsupported("hanging or character indents"));
            }
            self.out.push_str(&format!(
                "<w:ind w:left=\"{}\" w:right=\"{}\"/>",
                indent.start.unwrap_or(0),
                indent.end.unwrap_or(0)
            ));
        }
        if let Some(jc) = &pr.alignment {
            self.out.push_str("<w:jc w:val=\"");
            self.text(&jc.val);
            self.out.push_str("\"/>");
        }
        self.out.push_str("</w:pPr>");
        Ok(())
    }

    fn paragraph_child(&mut self, child: &ParagraphChild) -> Result<(), DocxError> {
        match child {
            ParagraphChild::Run(run) => self.run(run)?,
            ParagraphChild::Hyperlink(link) => self.hyperlink(link)?,
            ParagraphChild::BookmarkStart(b) => {
                self.out
                    .push_str(&format!("<w:bookmarkStart w:id=\"{}\" w:name=\"", b.id));
                self.text(&b.name);
                self.out.push_str("\"/>");
            }
            ParagraphChild::BookmarkEnd(b) => {
                self.out
                    .push_str(&format!("<w:bookmarkEnd w:id=\"{}\"/>", b.id));
            }
            ParagraphChild::PageNum(_) => self.field("PAGE"),
            ParagraphChild::NumPages(_) => self.field("NUMPAGES"),
            _ => return Err(unsupported("this kind of paragraph content")),
        }
        Ok(())
    }

    /// A simple field whose result Word and LibreOffice compute on display.
    fn field(&mut self, instruction: &str) {
        self.out.push_str(&format!(
            "<w:r><w:fldChar w:fldCharType=\"begin\" w:dirty=\"false\"/>\
             <w:instrText>{instruction}</w:instrText>\
             <w:fldChar w:fldCharType=\"separate\" w:dirty=\"false\"/>\
             <w:t xml:space=\"preserve\">1</w:t>\
             <w:fldChar w:fldCharType=\"end\" w:dirty=\"false\"/></w:r>"
        ));
    }

    fn hyperlink(&mut self, link: &Hyperlink) -> Result<(), DocxError> {
        match &link.link {
            HyperlinkData::External { path, .. } => {
                let target = path.chars().filter(|c| xml_allowed(*c)).collect();
                let id = self.rel("hyperlink", target, true);
                self.out.push_str(&format!("<w:hyperlink r:id=\"{id}\""));
            }
            HyperlinkData::Anchor { anchor } => {
                self.out.push_str("<w:hyperlink w:anchor=\"");
                self.text(anchor);
                self.out.push('"');
            }
        }
        self.out.push_str(" w:history=\"1\">");
        for child in &link.children {
            self.paragraph_child(child)?;
        }
        self.out.push_str("</w:hyperlink>");
        Ok(())
    }

    fn run(&mut self, run: &Run) -> Result<(), DocxError> {
        self.out.push_str("<w:r>");
        self.run_property(&run.run_property);
        for child in &run.children {
            match child {
                RunChild::Text(t) => {
                    self.out.push_str("<w:t xml:space=\"preserve\">");
                    self.escaped(&t.text);
                    self.out.push_str("</w:t>");
                }
                RunChild::Tab(_) => self.out.push_str("<w:tab/>"),
                RunChild::Break(b) => {
                    let kind = if *b == docx_rs::Break::new(BreakType::Page) {
                        "page"
                    } else if *b == docx_rs::Break::new(BreakType::Column) {
                        "column"
                    } else {
                        "textWrapping"
                    };
                    self.out.push_str(&format!("<w:br w:type=\"{kind}\"/>"));
                }
                RunChild::Drawing(d) => self.drawing(d)?,
                RunChild::FootnoteReference(note) => {
                    self.notes.push(note.content.clone());
                    self.out.push_str(&format!(
                        "<w:footnoteReference w:id=\"{}\"/>",
                        self.notes.len()
                    ));
                }
                _ => return Err(unsupported("this kind of run content")),
            }
        }
        self.out.push_str("</w:r>");
        Ok(())
    }

    fn run_property(&mut self, rp: &RunProperty) {
        if cfg!(debug_assertions) {
            let mut rest = rp.clone();
            rest.style = None;
            rest.bold = None;
            rest.bold_cs = None;
            rest.italic = None;
            rest.italic_cs = None;
            rest.strike = None;
            assert_eq!(rest, RunProperty::new(), "not written: {rest:?}");
        }
        let bold = rp.bold == Some(docx_rs::Bold::new());
        let bold_cs = rp.bold_cs == Some(docx_rs::BoldCs::new());
        let italic = rp.italic == Some(docx_rs::Italic::new());
        let italic_cs = rp.italic_cs == Some(docx_rs::ItalicCs::new());
        let strike = rp.strike.as_ref().is_some_and(|s| s.val);
        if rp.style.is_none() && !(bold || bold_cs || italic || italic_cs || strike) {
            return;
        }
        self.out.push_str("<w:rPr>");
        if let Some(style) = &rp.style {
            self.out.push_str("<w:rStyle w:val=\"");
            self.escaped(&style.val);
            self.out.push_str("\"/>");
        }
        for (on, element) in [
            (bold, "<w:b/>"),
            (bold_cs, "<w:bCs/>"),
            (italic, "<w:i/>"),
            (italic_cs, "<w:iCs/>"),
            (strike, "<w:strike/>"),
        ] {
            if on {
                self.out.push_str(element);
            }
        }
        self.out.push_str("</w:rPr>");
    }

    fn drawing(&mut self, drawing: &Drawing) -> Result<(), DocxError> {
        let Some(DrawingData::Pic(pic)) = &drawing.data else {
            return Err(unsupported("drawings other than pictures"));
        };
        self.picture(pic);
        Ok(())
    }

    fn picture(&mut self, pic: &Pic) {
        self.drawings += 1;
        let n = self.drawings;
        self.media
            .push((format!("image{n}.png"), pic.image.clone()));
        let id = self.rel("image", format!("media/image{n}.png"), false);
        let (cx, cy) = pic.size;
        let a = "http://schemas.openxmlformats.org/drawingml/2006/main";
        self.out.push_str(&format!(
            "<w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">\
             <wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:effectExtent b=\"0\" l=\"0\" r=\"0\" t=\"0\"/>\
             <wp:docPr id=\"{n}\" name=\"Picture {n}\"/>\
             <wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a=\"{a}\" noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>\
             <a:graphic xmlns:a=\"{a}\"><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">\
             <pic:pic xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">\
             <pic:nvPicPr><pic:cNvPr id=\"{n}\" name=\"Picture {n}\"/>\
             <pic:cNvPicPr><a:picLocks noChangeAspect=\"1\" noChangeArrowheads=\"1\"/></pic:cNvPicPr></pic:nvPicPr>\
             <pic:blipFill><a:blip r:embed=\"{id}\"/><a:srcRect/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
             <pic:spPr bwMode=\"auto\"><a:xfrm rot=\"0\"><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm>\
             <a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>\
             </a:graphicData></a:graphic></wp:inline></w:drawing>"
        ));
    }

    fn table(&mut self, table: &Table) -> Result<(), DocxError> {
        let pr = &table.property;
        self.out.push_str("<w:tbl><w:tblPr>");
        // The table properties docx-rs offers are private; ours are the same for every
        // table but the style and width, which its serialised form tells.
        let json = serde_json::to_value(pr).map_err(|e| DocxError(e.to_string()))?;
        let mut rest = json.clone();
        let mut default = serde_json::to_value(docx_rs::TableProperty::new())
            .map_err(|e| DocxError(e.to_string()))?;
        for key in ["style", "width"] {
            rest[key] = serde_json::Value::Null;
            default[key] = serde_json::Value::Null;
        }
        if rest != default {
            return Err(unsupported("table properties other than style and width"));
        }
        if let Some(style) = json["style"].as_str() {
            self.out.push_str("<w:tblStyle w:val=\"");
            self.text(style);
            self.out.push_str("\"/>");
        }
        let width = json["width"]["width"].as_u64().unwrap_or(0);
        self.out.push_str(&format!(
            "<w:tblW w:w=\"{width}\" w:type=\"dxa\"/><w:jc w:val=\"left\"/><w:tblBorders>"
        ));
        for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            self.out.push_str(&format!(
                "<w:{side} w:val=\"single\" w:sz=\"2\" w:space=\"0\" w:color=\"000000\"/>"
            ));
        }
        self.out.push_str("</w:tblBorders></w:tblPr><w:tblGrid>");
        for col in &table.grid {
            self.out.push_str(&format!("<w:gridCol w:w=\"{col}\"/>"));
        }
        self.out.push_str("</w:tblGrid>");
        let mut looks = Vec::new();
        for (i, row) in table.rows.iter().enumerate() {
            let TableChild::TableRow(row) = row;
            self.row(row, i == 0, &mut looks)?;
        }
        self.out.push_str("</w:tbl>");
        Ok(())
    }

    fn row(
        &mut self,
        row: &TableRow,
        header: bool,
        looks: &mut Vec<(TableCellProperty, String)>,
    ) -> Result<(), DocxError> {
        self.out.push_str("<w:tr>");
        let cant_split = row.property.cant_split.is_some();
        if cant_split || header {
            self.out.push_str("<w:trPr>");
            if cant_split {
                self.out.push_str("<w:cantSplit/>");
            }
            if header {
                self.out.push_str("<w:tblHeader/>");
            }
            self.out.push_str("</w:trPr>");
        }
        for cell in &row.cells {
            let TableRowChild::TableCell(cell) = cell;
            self.cell(cell, looks)?;
        }
        self.out.push_str("</w:tr>");
        Ok(())
    }

    /// A cell; `looks` remembers the `tcPr` of each distinct cell property of the table,
    /// since docx-rs keeps those properties private and only its serialised form tells.
    fn cell(
        &mut self,
        cell: &TableCell,
        looks: &mut Vec<(TableCellProperty, String)>,
    ) -> Result<(), DocxError> {
        if !looks.iter().any(|(p, _)| *p == cell.property) {
            let look = cell_look(&cell.property)?;
            looks.push((cell.property.clone(), look));
        }
        let look = looks
            .iter()
            .find(|(p, _)| *p == cell.property)
            .map(|(_, look)| look.as_str())
            .unwrap_or_default();
        self.out.push_str("<w:tc>");
        self.out.push_str(look);
        for content in &cell.children {
            match content {
                TableCellContent::Paragraph(p) => self.paragraph(p)?,
                TableCellContent::Table(t) => self.table(t)?,
                _ => return Err(unsupported("this kind of table cell content")),
            }
        }
        self.out.push_str("</w:tc>");
        Ok(())
    }

    /// The contents: a heading and a TOC field whose cached result lists the headings,
    /// so that LibreOffice shows them at once and Word fills in page numbers on open.
    fn toc(&mut self, entries: &[TocEntry], heading: &str) {
        self.out
            .push_str("<w:p><w:pPr><w:pStyle w:val=\"TOCHeading\"/></w:pPr>");
        self.text_run(heading);
        self.out.push_str("</w:p>");
        let start = "<w:r><w:fldChar w:fldCharType=\"begin\" w:dirty=\"true\"/></w:r>\
                     <w:r><w:instrText xml:space=\"preserve\"> TOC \\o &quot;1-1&quot; \\h \\z \\u </w:instrText></w:r>\
                     <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>";
        let end = "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>";
        let toc1 = "<w:p><w:pPr><w:pStyle w:val=\"TOC1\"/></w:pPr>";
        if entries.is_empty() {
            self.out.push_str(toc1);
            self.out.push_str(start);
            self.out.push_str(end);
            self.out.push_str("</w:p>");
        }
        for (i, entry) in entries.iter().enumerate() {
            self.out.push_str(toc1);
            if i == 0 {
                self.out.push_str(start);
            }
            self.out.push_str("<w:hyperlink w:anchor=\"");
            self.text(&entry.bookmark);
            self.out.push_str("\" w:history=\"1\">");
            self.text_run(&entry.text);
            self.out.push_str("</w:hyperlink>");
            if i + 1 == entries.len() {
                self.out.push_str(end);
            }
            self.out.push_str("</w:p>");
        }
        self.out
            .push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
    }

    fn text_run(&mut self, text: &str) {
        self.out.push_str("<w:r><w:t xml:space=\"preserve\">");
        self.text(text);
        self.out.push_str("</w:t></w:r>");
    }
}

/// The `tcPr` of a cell property: its width and shading, the only ones we set.
fn cell_look(property: &TableCellProperty) -> Result<String, DocxError> {
    let json = serde_json::to_value(property).map_err(|e| DocxError(e.to_string()))?;
    let unknown = json
        .as_object()
        .into_iter()
        .flatten()
        .find(|(key, value)| !value.is_null() && !matches!(key.as_str(), "width" | "shading"));
    if let Some((key, _)) = unknown {
        return Err(unsupported(&format!("the table cell property {key}")));
    }
    let mut out = String::from("<w:tcPr>");
    if let Some(width) = json["width"]["width"].as_u64() {
        out.push_str(&format!("<w:tcW w:w=\"{width}\" w:type=\"dxa\"/>"));
    }
    if let Some(fill) = json["shading"]["fill"].as_str() {
        out.push_str("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"");
        push_esc(&mut out, fill);
        out.push_str("\"/>");
    }
    out.push_str("</w:tcPr>");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use docx_rs::{
        AlignmentType, BreakType, Footnote, Hyperlink, HyperlinkType, IndentLevel, NumberingId,
        Paragraph, Pic, Run, Shading, Table, TableCell, TableRow, WidthType,
    };

    fn frame() -> Frame {
        Frame {
            header: vec![Paragraph::new().style("Header")],
            first_header: Vec::new(),
            footer: vec![
                Paragraph::new()
                    .style("Footer")
                    .add_page_num(docx_rs::PageNum::new()),
            ],
            first_footer: Vec::new(),
        }
    }

    fn body(blocks: Vec<Block>) -> Parts {
        write(&blocks, &frame(), &[], "Contents").unwrap()
    }

    fn para(p: Paragraph) -> Block {
        Block::Paragraph(Box::new(p))
    }

    #[test]
    fn paragraph_and_run_properties_follow_the_schema_order() {
        // docx-rs writes numPr's children and several pPr children out of order.
        let p = Paragraph::new()
            .align(AlignmentType::Right)
            .numbering(NumberingId::new(11), IndentLevel::new(2))
            .style("ListNumber")
            .add_run(
                Run::new()
                    .add_text("x")
                    .strike()
                    .italic()
                    .bold()
                    .style("Hyperlink"),
            );
        let xml = body(vec![para(p)]).document;
        assert!(
            xml.contains(
                "<w:pPr><w:pStyle w:val=\"ListNumber\"/><w:numPr><w:ilvl w:val=\"2\"/><w:numId w:val=\"11\"/></w:numPr><w:jc w:val=\"right\"/></w:pPr>"
            ),
            "{xml}"
        );
        assert!(
            xml.contains("<w:rPr><w:rStyle w:val=\"Hyperlink\"/><w:b/><w:bCs/><w:i/><w:iCs/><w:strike/></w:rPr>"),
            "{xml}"
        );
        assert!(
            xml.contains("<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId10\"/><w:headerReference w:type=\"first\" r:id=\"rId11\"/><w:footerReference w:type=\"default\" r:id=\"rId12\"/><w:footerReference w:type=\"first\" r:id=\"rId13\"/><w:pgSz "),
            "{xml}"
        );
        assert!(xml.contains("<w:cols w:space=\"425\" w:num=\"1\"/><w:titlePg/></w:sectPr>"));
    }

    #[test]
    fn no_attribute_the_schema_does_not_declare() {
        let table = Table::new(vec![TableRow::new(vec![
            TableCell::new()
                .width(100, WidthType::Dxa)
                .add_paragraph(Paragraph::new().add_run(Run::new().add_text("a"))),
        ])])
        .set_grid(vec![100]);
        let xml = body(vec![para(Paragraph::new()), Block::Table(Box::new(table))]).document;
        assert!(!xml.contains("w14:paraId"), "{xml}");
        assert!(xml.contains("<w:gridCol w:w=\"100\"/>"), "{xml}");
    }

    #[test]
    fn the_first_table_row_repeats_on_every_page() {
        let cell = || {
            TableCell::new()
                .width(100, WidthType::Dxa)
                .shading(Shading::new().fill("1F4E79"))
                .add_paragraph(Paragraph::new())
        };
        let table = Table::new(vec![
            TableRow::new(vec![cell()]).cant_split(),
            TableRow::new(vec![cell()]),
        ])
        .style("SmsTable")
        .width(9638, WidthType::Dxa)
        .set_grid(vec![100]);
        let xml = body(vec![Block::Table(Box::new(table))]).document;
        assert!(
            xml.contains(
                "<w:tblPr><w:tblStyle w:val=\"SmsTable\"/><w:tblW w:w=\"9638\" w:type=\"dxa\"/>"
            ),
            "{xml}"
        );
        assert_eq!(xml.matches("<w:tblHeader/>").count(), 1, "{xml}");
        assert!(xml.contains("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"));
        assert!(xml.contains(
            "<w:tcPr><w:tcW w:w=\"100\" w:type=\"dxa\"/><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"1F4E79\"/></w:tcPr>"
        ));
    }

    #[test]
    fn the_toc_marker_becomes_a_filled_field() {
        let marker = Paragraph::new().add_run(Run::new().add_text(TOC_MARK));
        let entries = vec![TocEntry {
            text: "Purpose & scope".into(),
            bookmark: "h_purpose".into(),
        }];
        let xml = write(&[para(marker)], &frame(), &entries, "Contents")
            .unwrap()
            .document;
        assert!(xml.contains("TOC \\o"), "{xml}");
        assert!(xml.contains("w:anchor=\"h_purpose\""), "{xml}");
        assert!(xml.contains(">Purpose &amp; scope<"), "{xml}");
        assert!(
            xml.contains(">Contents<") && !xml.contains("smskit-toc"),
            "{xml}"
        );
    }

    /// Links, pictures and notes are numbered in document order, whatever docx-rs's
    /// process-wide counters say.
    #[test]
    fn ids_follow_the_document_not_the_process() {
        let build = || {
            let png = vec![0u8; 4];
            let p = Paragraph::new()
                .add_hyperlink(
                    Hyperlink::new("https://example.com/?a=1&b=2", HyperlinkType::External)
                        .add_run(Run::new().add_text("l")),
                )
                .add_run(Run::new().add_image(Pic::new_with_dimensions(png, 1, 1)))
                .add_run(Run::new().add_footnote_reference(
                    Footnote::new().add_content(Paragraph::new().add_run(Run::new().add_text("n"))),
                ))
                .add_run(Run::new().add_break(BreakType::TextWrapping));
            body(vec![para(p)])
        };
        let first = build();
        let second = build();
        assert_eq!(first.document, second.document);
        let xml = &first.document;
        assert!(xml.contains("<w:hyperlink r:id=\"rId10\""), "{xml}");
        assert!(xml.contains("r:embed=\"rId11\""), "{xml}");
        assert!(
            xml.contains("<wp:docPr id=\"1\" name=\"Picture 1\"/>"),
            "{xml}"
        );
        assert!(xml.contains("<w:footnoteReference w:id=\"1\"/>"), "{xml}");
        assert!(xml.contains("<w:br w:type=\"textWrapping\"/>"), "{xml}");
        assert_eq!(first.rels[0].target, "https://example.com/?a=1&amp;b=2");
        assert_eq!(first.media[0].0, "image1.png");
        assert!(
            first
                .footnotes
                .contains("<w:footnote w:id=\"1\"><w:p><w:r><w:t xml:space=\"preserve\">n</w:t>"),
            "{}",
            first.footnotes
        );
        assert!(first.footers[0].contains("<w:instrText>PAGE</w:instrText>"));
        // No separator notes: openxml-audit, checking several files in one run, now
        // and then reports the first real note as missing when they are there.
        assert!(!first.footnotes.contains("w:type="), "{}", first.footnotes);
    }

    #[test]
    fn text_is_escaped_once_and_cleaned() {
        let p = Paragraph::new().add_run(Run::new().add_text("a < b & \"c\"\u{1}\u{FFFE}"));
        let xml = body(vec![para(p)]).document;
        assert!(xml.contains(">a &lt; b &amp; &quot;c&quot;</w:t>"), "{xml}");
    }

    /// Content the writer does not know is an error, never silently lost.
    #[test]
    fn content_the_writer_does_not_know_is_an_error() {
        let p = Paragraph::new().add_run(Run::new().add_text("x").add_delete_text("gone"));
        let blocks = [para(p)];
        let err = write(&blocks, &frame(), &[], "Contents").err().unwrap();
        assert!(err.0.contains("run content"), "{}", err.0);
    }

    #[test]
    #[should_panic(expected = "not written")]
    fn a_property_the_writer_does_not_know_stops_a_debug_build() {
        let p = Paragraph::new().add_run(Run::new().add_text("x").color("FF0000"));
        let _ = write(&[para(p)], &frame(), &[], "Contents");
    }
}
