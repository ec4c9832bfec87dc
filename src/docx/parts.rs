//! The package parts smskit writes itself rather than through docx-rs: styles,
//! numbering, settings, theme, fonts, properties, content types and relationships. Each
//! is written in the element order the Open XML schema requires.

use super::Meta;
use super::convert::{BULLET_NUM, ListInstance};
use crate::escape::xml_allowed;

pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Escapes text for XML content or attribute values, dropping characters XML forbids.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_esc(&mut out, text);
    out
}

/// Appends `text` as [`esc`] gives it.
pub fn push_esc(out: &mut String, text: &str) {
    let plain = |c: char| !matches!(c, '&' | '<' | '>' | '"' | '\'') && xml_allowed(c);
    if text.chars().all(plain) {
        out.push_str(text);
        return;
    }
    for c in text.chars().filter(|c| xml_allowed(*c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
}

const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n";

fn para_style(
    id: &str,
    name: &str,
    based_on: Option<&str>,
    extra: &str,
    ppr: &str,
    rpr: &str,
) -> String {
    let based = based_on
        .map(|b| format!("<w:basedOn w:val=\"{b}\"/>"))
        .unwrap_or_default();
    let ppr = if ppr.is_empty() {
        String::new()
    } else {
        format!("<w:pPr>{ppr}</w:pPr>")
    };
    let rpr = if rpr.is_empty() {
        String::new()
    } else {
        format!("<w:rPr>{rpr}</w:rPr>")
    };
    format!(
        "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/>{based}{extra}{ppr}{rpr}</w:style>"
    )
}

/// styles.xml: the house style. `accent` is RRGGBB.
pub fn styles(accent: &str) -> String {
    let a = accent;
    let heading = |n: usize, size: usize, before: usize, italic: bool| {
        para_style(
            &format!("Heading{n}"),
            &format!("heading {n}"),
            Some("Normal"),
            "<w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:qFormat/>",
            &format!(
                "<w:keepNext/><w:keepLines/><w:spacing w:before=\"{before}\" w:after=\"120\"/><w:outlineLvl w:val=\"{}\"/>",
                n - 1
            ),
            &format!(
                "<w:b/><w:bCs/>{}<w:color w:val=\"{a}\"/><w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/>",
                if italic { "<w:i/>" } else { "" }
            ),
        )
    };
    let mut s = format!(
        "{DECL}<w:styles xmlns:w=\"{W_NS}\"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:eastAsia=\"Arial\" w:cs=\"Arial\"/><w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/><w:lang w:val=\"en-GB\" w:eastAsia=\"en-GB\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"
    );
    s += "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>";
    s += "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>";
    s += "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>";
    s += "<w:style w:type=\"numbering\" w:default=\"1\" w:styleId=\"NoList\"><w:name w:val=\"No List\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>";
    s += &para_style(
        "Title",
        "Title",
        Some("Normal"),
        "<w:next w:val=\"Normal\"/><w:uiPriority w:val=\"10\"/><w:qFormat/>",
        "<w:spacing w:before=\"240\" w:after=\"360\"/>",
        &format!(
            "<w:b/><w:bCs/><w:color w:val=\"{a}\"/><w:sz w:val=\"56\"/><w:szCs w:val=\"56\"/>"
        ),
    );
    s += &para_style(
        "Subtitle",
        "Subtitle",
        Some("Normal"),
        "<w:next w:val=\"Normal\"/><w:uiPriority w:val=\"11\"/><w:qFormat/>",
        "<w:spacing w:before=\"1800\" w:after=\"120\"/>",
        "<w:color w:val=\"595959\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>",
    );
    s += &heading(1, 32, 360, false);
    s += &heading(2, 26, 240, false);
    s += &heading(3, 23, 200, false);
    s += &heading(4, 21, 160, true);
    s += &para_style(
        "ListBullet",
        "List Bullet",
        Some("Normal"),
        "<w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/><w:qFormat/>",
        "<w:spacing w:after=\"60\"/><w:contextualSpacing/>",
        "",
    );
    s += &para_style(
        "ListNumber",
        "List Number",
        Some("Normal"),
        "<w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/><w:qFormat/>",
        "<w:spacing w:after=\"60\"/><w:contextualSpacing/>",
        "",
    );
    s += &para_style(
        "Quote",
        "Quote",
        Some("Normal"),
        "<w:next w:val=\"Normal\"/><w:uiPriority w:val=\"29\"/><w:qFormat/>",
        &format!(
            "<w:pBdr><w:left w:val=\"single\" w:sz=\"18\" w:space=\"8\" w:color=\"{a}\"/></w:pBdr><w:ind w:left=\"567\" w:right=\"567\"/>"
        ),
        "<w:i/><w:iCs/><w:color w:val=\"404040\"/>",
    );
    s += &para_style(
        "SourceCode",
        "Source Code",
        Some("Normal"),
        "<w:uiPriority w:val=\"99\"/>",
        "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F2F2F2\"/><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>",
        "<w:rFonts w:ascii=\"Courier New\" w:hAnsi=\"Courier New\" w:cs=\"Courier New\"/><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/>",
    );
    s += &para_style(
        "HorizontalRule",
        "Horizontal Rule",
        Some("Normal"),
        "<w:uiPriority w:val=\"99\"/>",
        "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"A6A6A6\"/></w:pBdr>",
        "",
    );
    s += &para_style(
        "TableText",
        "Table Text",
        Some("Normal"),
        "<w:uiPriority w:val=\"99\"/><w:qFormat/>",
        "<w:spacing w:before=\"40\" w:after=\"40\" w:line=\"240\" w:lineRule=\"auto\"/>",
        "<w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/>",
    );
    s += &para_style(
        "TableHeading",
        "Table Heading",
        Some("TableText"),
        "<w:uiPriority w:val=\"99\"/><w:qFormat/>",
        "<w:keepNext/>",
        "<w:b/><w:bCs/><w:color w:val=\"FFFFFF\"/>",
    );
    s += &para_style(
        "TableSpacer",
        "Table Spacer",
        Some("Normal"),
        "<w:uiPriority w:val=\"99\"/>",
        "<w:spacing w:after=\"0\" w:line=\"120\" w:lineRule=\"exact\"/>",
        "<w:sz w:val=\"8\"/><w:szCs w:val=\"8\"/>",
    );
    s += &para_style(
        "TOCHeading",
        "TOC Heading",
        Some("Normal"),
        "<w:next w:val=\"Normal\"/><w:uiPriority w:val=\"39\"/><w:unhideWhenUsed/><w:qFormat/>",
        "<w:keepNext/><w:spacing w:before=\"240\" w:after=\"120\"/>",
        &format!(
            "<w:b/><w:bCs/><w:color w:val=\"{a}\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>"
        ),
    );
    s += &para_style(
        "TOC1",
        "toc 1",
        Some("Normal"),
        "<w:next w:val=\"Normal\"/><w:uiPriority w:val=\"39\"/><w:unhideWhenUsed/>",
        "<w:tabs><w:tab w:val=\"right\" w:leader=\"dot\" w:pos=\"9628\"/></w:tabs><w:spacing w:after=\"60\"/>",
        "<w:b/><w:bCs/>",
    );
    s += &para_style(
        "TOC2",
        "toc 2",
        Some("Normal"),
        "<w:next w:val=\"Normal\"/><w:uiPriority w:val=\"39\"/><w:unhideWhenUsed/>",
        "<w:tabs><w:tab w:val=\"right\" w:leader=\"dot\" w:pos=\"9628\"/></w:tabs><w:spacing w:after=\"40\"/><w:ind w:left=\"240\"/>",
        "",
    );
    s += &para_style(
        "Header",
        "header",
        Some("Normal"),
        "<w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/>",
        "<w:tabs><w:tab w:val=\"right\" w:pos=\"9638\"/></w:tabs><w:spacing w:after=\"0\"/>",
        "<w:color w:val=\"595959\"/><w:sz w:val=\"16\"/><w:szCs w:val=\"16\"/>",
    );
    s += &para_style(
        "Footer",
        "footer",
        Some("Normal"),
        "<w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/>",
        &format!(
            "<w:pBdr><w:top w:val=\"single\" w:sz=\"4\" w:space=\"4\" w:color=\"{a}\"/></w:pBdr><w:tabs><w:tab w:val=\"right\" w:pos=\"9638\"/></w:tabs><w:spacing w:after=\"0\"/>"
        ),
        "<w:color w:val=\"595959\"/><w:sz w:val=\"16\"/><w:szCs w:val=\"16\"/>",
    );
    s += &para_style(
        "FootnoteText",
        "footnote text",
        Some("Normal"),
        "<w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/>",
        "<w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>",
        "<w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/>",
    );
    s += "<w:style w:type=\"character\" w:styleId=\"FootnoteReference\"><w:name w:val=\"footnote reference\"/><w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr></w:style>";
    s += "<w:style w:type=\"character\" w:styleId=\"VerbatimChar\"><w:name w:val=\"Verbatim Char\"/><w:uiPriority w:val=\"99\"/><w:rPr><w:rFonts w:ascii=\"Courier New\" w:hAnsi=\"Courier New\" w:cs=\"Courier New\"/><w:sz w:val=\"19\"/><w:szCs w:val=\"19\"/></w:rPr></w:style>";
    s += "<w:style w:type=\"character\" w:styleId=\"Hyperlink\"><w:name w:val=\"Hyperlink\"/><w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/><w:rPr><w:color w:val=\"0563C1\"/><w:u w:val=\"single\"/></w:rPr></w:style>";
    s += &format!(
        "<w:style w:type=\"table\" w:styleId=\"SmsTable\"><w:name w:val=\"SMS Table\"/><w:basedOn w:val=\"TableNormal\"/><w:uiPriority w:val=\"59\"/><w:pPr><w:spacing w:after=\"0\"/></w:pPr><w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BFBFBF\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BFBFBF\"/><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BFBFBF\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BFBFBF\"/><w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BFBFBF\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BFBFBF\"/></w:tblBorders><w:tblCellMar><w:top w:w=\"40\" w:type=\"dxa\"/><w:left w:w=\"100\" w:type=\"dxa\"/><w:bottom w:w=\"40\" w:type=\"dxa\"/><w:right w:w=\"100\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblStylePr w:type=\"firstRow\"><w:rPr><w:b/><w:bCs/><w:color w:val=\"FFFFFF\"/></w:rPr><w:tcPr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{a}\"/></w:tcPr></w:tblStylePr></w:style>"
    );
    s += "<w:style w:type=\"table\" w:styleId=\"SmsPlainTable\"><w:name w:val=\"SMS Plain Table\"/><w:basedOn w:val=\"TableNormal\"/><w:uiPriority w:val=\"59\"/><w:pPr><w:spacing w:after=\"0\"/></w:pPr><w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BFBFBF\"/><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BFBFBF\"/><w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BFBFBF\"/></w:tblBorders><w:tblCellMar><w:top w:w=\"40\" w:type=\"dxa\"/><w:left w:w=\"100\" w:type=\"dxa\"/><w:bottom w:w=\"40\" w:type=\"dxa\"/><w:right w:w=\"100\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>";
    s += "</w:styles>";
    s
}

fn level(ilvl: usize, fmt: &str, text: &str, font: Option<&str>) -> String {
    let indent = 360 * (ilvl + 1);
    let rpr = font
        .map(|f| {
            format!("<w:rPr><w:rFonts w:ascii=\"{f}\" w:hAnsi=\"{f}\" w:hint=\"default\"/></w:rPr>")
        })
        .unwrap_or_default();
    format!(
        "<w:lvl w:ilvl=\"{ilvl}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{fmt}\"/><w:lvlText w:val=\"{text}\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"{indent}\" w:hanging=\"360\"/></w:pPr>{rpr}</w:lvl>"
    )
}

/// numbering.xml: one bullet list definition, one numbered, and a numbering instance
/// per ordered list so that every list restarts where its Markdown says.
pub fn numbering(lists: &[ListInstance]) -> String {
    let bullets = ["•", "◦", "▪"];
    let formats = [
        ("decimal", "%N."),
        ("lowerLetter", "%N)"),
        ("lowerRoman", "%N."),
    ];
    let mut s = format!("{DECL}<w:numbering xmlns:w=\"{W_NS}\">");
    s += "<w:abstractNum w:abstractNumId=\"1\"><w:multiLevelType w:val=\"hybridMultilevel\"/>";
    for i in 0..9 {
        s += &level(i, "bullet", bullets[i % 3], Some("Arial"));
    }
    s += "</w:abstractNum><w:abstractNum w:abstractNumId=\"2\"><w:multiLevelType w:val=\"hybridMultilevel\"/>";
    for i in 0..9 {
        let (fmt, text) = formats[i % 3];
        s += &level(i, fmt, &text.replace('N', &(i + 1).to_string()), None);
    }
    s += "</w:abstractNum>";
    s += &format!("<w:num w:numId=\"{BULLET_NUM}\"><w:abstractNumId w:val=\"1\"/></w:num>");
    for list in lists.iter().filter(|l| l.ordered) {
        s += &format!(
            "<w:num w:numId=\"{}\"><w:abstractNumId w:val=\"2\"/><w:lvlOverride w:ilvl=\"{}\"><w:startOverride w:val=\"{}\"/></w:lvlOverride></w:num>",
            list.num_id,
            list.level,
            list.start.min(32767)
        );
    }
    s += "</w:numbering>";
    s
}

/// settings.xml: fields (the table of contents, page numbers) are updated when Word
/// opens the document.
pub fn settings() -> String {
    format!(
        "{DECL}<w:settings xmlns:w=\"{W_NS}\"><w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"720\"/><w:characterSpacingControl w:val=\"doNotCompress\"/><w:updateFields w:val=\"true\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>"
    )
}

pub fn font_table() -> String {
    format!(
        "{DECL}<w:fonts xmlns:w=\"{W_NS}\"><w:font w:name=\"Arial\"><w:panose1 w:val=\"020B0604020202020204\"/><w:charset w:val=\"00\"/><w:family w:val=\"swiss\"/><w:pitch w:val=\"variable\"/></w:font><w:font w:name=\"Courier New\"><w:panose1 w:val=\"02070309020205020404\"/><w:charset w:val=\"00\"/><w:family w:val=\"modern\"/><w:pitch w:val=\"fixed\"/></w:font></w:fonts>"
    )
}

/// A minimal Office theme: Word and the validator expect the document to have one.
pub fn theme(accent: &str) -> String {
    let scheme = |name: &str, rgb: &str| format!("<a:{name}><a:srgbClr val=\"{rgb}\"/></a:{name}>");
    let mut colors = String::from(
        "<a:dk1><a:sysClr val=\"windowText\" lastClr=\"000000\"/></a:dk1><a:lt1><a:sysClr val=\"window\" lastClr=\"FFFFFF\"/></a:lt1>",
    );
    for (n, rgb) in [
        ("dk2", "44546A"),
        ("lt2", "E7E6E6"),
        ("accent1", accent),
        ("accent2", "ED7D31"),
        ("accent3", "A5A5A5"),
        ("accent4", "FFC000"),
        ("accent5", "5B9BD5"),
        ("accent6", "70AD47"),
        ("hlink", "0563C1"),
        ("folHlink", "954F72"),
    ] {
        colors += &scheme(n, rgb);
    }
    let font = |latin: &str| {
        format!("<a:latin typeface=\"{latin}\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/>")
    };
    let fill = "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>";
    let line = |w: u32| {
        format!(
            "<a:ln w=\"{w}\" cap=\"flat\" cmpd=\"sng\" algn=\"ctr\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill><a:prstDash val=\"solid\"/><a:miter lim=\"800000\"/></a:ln>"
        )
    };
    format!(
        "{DECL}<a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" name=\"smskit\"><a:themeElements><a:clrScheme name=\"smskit\">{colors}</a:clrScheme><a:fontScheme name=\"smskit\"><a:majorFont>{}</a:majorFont><a:minorFont>{}</a:minorFont></a:fontScheme><a:fmtScheme name=\"smskit\"><a:fillStyleLst>{fill}{fill}{fill}</a:fillStyleLst><a:lnStyleLst>{}{}{}</a:lnStyleLst><a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst><a:bgFillStyleLst>{fill}{fill}{fill}</a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>",
        font("Arial"),
        font("Arial"),
        line(6350),
        line(12700),
        line(19050)
    )
}

/// docProps/core.xml: title, subject, creator, keywords, revision and dates.
pub fn core(meta: &Meta) -> String {
    let date = format!("{}T00:00:00Z", meta.date);
    format!(
        "{DECL}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator><cp:keywords>{}</cp:keywords><dc:description>{}</dc:description><cp:lastModifiedBy>{}</cp:lastModifiedBy><cp:revision>{}</cp:revision><dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:modified><cp:category>{}</cp:category><cp:contentStatus>{}</cp:contentStatus></cp:coreProperties>",
        esc(&meta.title),
        esc(&meta.subject),
        esc(&meta.author),
        esc(&meta.keywords.join(", ")),
        esc(&meta.id),
        esc(&meta.author),
        meta.revision,
        esc(&meta.kind),
        esc(&meta.status),
    )
}

pub fn app(meta: &Meta) -> String {
    format!(
        "{DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"><Application>smskit</Application><Company>{}</Company><AppVersion>{}</AppVersion></Properties>",
        esc(&meta.organisation),
        "01.0000"
    )
}

pub fn package_rels() -> String {
    format!(
        "{DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" Type=\"{REL}/extended-properties\" Target=\"docProps/app.xml\"/></Relationships>"
    )
}

/// One relationship of word/document.xml (or a header or footer).
pub struct Rel {
    pub id: String,
    pub kind: String,
    pub target: String,
    pub external: bool,
}

pub fn rels(rels: &[Rel]) -> String {
    let mut s = format!(
        "{DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    );
    for r in rels {
        let mode = if r.external {
            " TargetMode=\"External\""
        } else {
            ""
        };
        s += &format!(
            "<Relationship Id=\"{}\" Type=\"{REL}/{}\" Target=\"{}\"{mode}/>",
            r.id, r.kind, r.target
        );
    }
    s += "</Relationships>";
    s
}

/// The fixed relationships of the main document part.
pub fn document_rels() -> Vec<Rel> {
    [
        ("rId1", "styles", "styles.xml"),
        ("rId2", "numbering", "numbering.xml"),
        ("rId3", "settings", "settings.xml"),
        ("rId4", "fontTable", "fontTable.xml"),
        ("rId5", "theme", "theme/theme1.xml"),
        ("rId6", "footnotes", "footnotes.xml"),
    ]
    .into_iter()
    .map(|(id, kind, target)| Rel {
        id: id.into(),
        kind: kind.into(),
        target: target.into(),
        external: false,
    })
    .collect()
}

pub fn content_types(headers: usize, footers: usize, png: bool) -> String {
    let wml = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    let mut s = format!(
        "{DECL}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    );
    if png {
        s += "<Default Extension=\"png\" ContentType=\"image/png\"/>";
    }
    for (part, kind) in [
        ("/word/document.xml", format!("{wml}.document.main+xml")),
        ("/word/styles.xml", format!("{wml}.styles+xml")),
        ("/word/numbering.xml", format!("{wml}.numbering+xml")),
        ("/word/settings.xml", format!("{wml}.settings+xml")),
        ("/word/fontTable.xml", format!("{wml}.fontTable+xml")),
        ("/word/footnotes.xml", format!("{wml}.footnotes+xml")),
        (
            "/word/theme/theme1.xml",
            "application/vnd.openxmlformats-officedocument.theme+xml".into(),
        ),
        (
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml".into(),
        ),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".into(),
        ),
    ] {
        s += &format!("<Override PartName=\"{part}\" ContentType=\"{kind}\"/>");
    }
    for i in 1..=headers {
        s += &format!(
            "<Override PartName=\"/word/header{i}.xml\" ContentType=\"{wml}.header+xml\"/>"
        );
    }
    for i in 1..=footers {
        s += &format!(
            "<Override PartName=\"/word/footer{i}.xml\" ContentType=\"{wml}.footer+xml\"/>"
        );
    }
    s += "</Types>";
    s
}
