//! Markdown to Word body content: pulldown-cmark events become docx-rs paragraphs and
//! tables in the house styles. What Word cannot show as written becomes a warning with
//! a stable code, never a silent loss.

use std::collections::BTreeMap;

use docx_rs::{
    AlignmentType, BreakType, Footnote, Hyperlink, HyperlinkType, IndentLevel, NumberingId,
    Paragraph, ParagraphChild, Pic, Run, Shading, ShdType, Table, TableCell, TableRow, WidthType,
};
use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Tag, TagEnd};

use super::Warning;
use crate::escape::xml_allowed;
use crate::markdown;

/// Text of the paragraph that marks where the table of contents goes; replaced in the
/// package step (docx-rs cannot write a pre-filled TOC that validates).
pub const TOC_MARK: &str = "\u{E000}smskit-toc\u{E000}";

/// Usable text width of an A4 page with our margins, in twentieths of a point.
pub const TEXT_WIDTH: usize = 9638;

/// A body element in document order.
pub enum Block {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

/// One list as Word numbers it: a numbering instance with its own start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListInstance {
    pub num_id: usize,
    pub ordered: bool,
    pub level: usize,
    pub start: u64,
}

/// A heading the table of contents should show.
#[derive(Debug, Clone)]
pub struct TocEntry {
    pub text: String,
    pub bookmark: String,
}

pub struct Converted {
    pub blocks: Vec<Block>,
    pub lists: Vec<ListInstance>,
    pub toc: Vec<TocEntry>,
    pub warnings: Vec<Warning>,
    /// The first level-1 heading when it served as the document title.
    pub title: Option<String>,
}

/// Where images come from: a path in the Markdown → the file's bytes, if any.
pub type Images<'a> = &'a dyn Fn(&str) -> Option<Vec<u8>>;

pub const BULLET_NUM: usize = 10;
const FIRST_LIST_NUM: usize = 11;

#[derive(Default, Clone, Copy)]
struct Inline {
    bold: u32,
    italic: u32,
    strike: u32,
}

enum Container {
    Quote,
    Item { first_paragraph_done: bool },
}

struct TableState {
    alignments: Vec<Alignment>,
    rows: Vec<Vec<Vec<Paragraph>>>,
    in_head: bool,
}

struct Converter<'a> {
    out: Converted,
    accent: String,
    images: Images<'a>,
    inline: Inline,
    paragraph: Option<Paragraph>,
    link: Option<(String, Vec<Run>)>,
    containers: Vec<Container>,
    lists: Vec<(bool, usize)>,
    table: Option<TableState>,
    cell: Option<Vec<Paragraph>>,
    heading: Option<(usize, String, Option<String>)>,
    code_block: Option<String>,
    image: Option<(String, String)>,
    footnotes: BTreeMap<String, Vec<Paragraph>>,
    skip_depth: u32,
    shift: usize,
    /// Inside the document-control section; the contents follow it.
    in_control: bool,
    toc_placed: bool,
    bookmark: usize,
}

fn clean(text: &str) -> String {
    text.chars().filter(|c| xml_allowed(*c)).collect()
}

/// A bookmark name Word accepts: starts with a letter, at most 40 characters.
fn bookmark_name(id: &str) -> String {
    let name: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .take(36)
        .collect();
    format!("h_{name}")
}

/// The width and height of a PNG image, read from its header; None for anything else.
pub fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() < 24
        || !bytes.starts_with(&[137, 80, 78, 71, 13, 10, 26, 10])
        || &bytes[12..16] != b"IHDR"
    {
        return None;
    }
    let w = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
    (w > 0 && h > 0 && w < 20_000 && h < 20_000).then_some((w, h))
}

/// Converts Markdown. `title_from_h1`: a lone first `#` heading is the document title
/// (shown on the title page) and the other headings move up one level.
pub fn convert(md: &str, accent: &str, images: Images, title_from_h1: bool) -> Converted {
    let events: Vec<Event> = markdown::parser(md).collect();
    let h1_count = events
        .iter()
        .filter(|e| {
            matches!(
                e,
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                })
            )
        })
        .count();
    let first_heading_is_h1 = events
        .iter()
        .find_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level == HeadingLevel::H1),
            _ => None,
        })
        .unwrap_or(false);
    let shift = usize::from(title_from_h1 && h1_count == 1 && first_heading_is_h1);
    let has_control = events
        .iter()
        .any(|e| matches!(e, Event::Start(Tag::Heading { id: Some(id), .. }) if id.as_ref() == "document-control"));

    let mut c = Converter {
        out: Converted {
            blocks: Vec::new(),
            lists: Vec::new(),
            toc: Vec::new(),
            warnings: Vec::new(),
            title: None,
        },
        accent: accent.to_string(),
        images,
        inline: Inline::default(),
        paragraph: None,
        link: None,
        containers: Vec::new(),
        lists: Vec::new(),
        table: None,
        cell: None,
        heading: None,
        code_block: None,
        image: None,
        footnotes: BTreeMap::new(),
        skip_depth: 0,
        shift,
        in_control: false,
        toc_placed: false,
        bookmark: 0,
    };
    c.collect_footnotes(&events);
    if !has_control {
        c.place_toc();
    }
    for event in events {
        c.event(event);
    }
    c.flush_paragraph();
    c.place_toc();
    c.out
}

impl Converter<'_> {
    fn warn(&mut self, code: &'static str, message: String) {
        self.out.warnings.push(Warning { code, message });
    }

    fn place_toc(&mut self) {
        if !self.toc_placed {
            self.toc_placed = true;
            let p = Paragraph::new().add_run(Run::new().add_text(TOC_MARK));
            self.out.blocks.push(Block::Paragraph(Box::new(p)));
        }
    }

    /// Footnote definitions come after their references; gather them first.
    fn collect_footnotes(&mut self, events: &[Event]) {
        let mut current: Option<(String, String)> = None;
        for e in events {
            match e {
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    current = Some((label.to_string(), String::new()))
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    if let Some((label, text)) = current.take() {
                        let p = Paragraph::new()
                            .style("FootnoteText")
                            .add_run(Run::new().add_text(clean(text.trim())));
                        self.footnotes.insert(label, vec![p]);
                    }
                }
                Event::Text(t) | Event::Code(t) => {
                    if let Some((_, text)) = current.as_mut() {
                        text.push_str(t);
                    }
                }
                Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => {
                    if let Some((_, text)) = current.as_mut() {
                        text.push(' ');
                    }
                }
                _ => {}
            }
        }
    }

    fn run(&self, text: &str) -> Run {
        let mut run = Run::new().add_text(clean(text));
        if self.inline.bold > 0 {
            run = run.bold();
        }
        if self.inline.italic > 0 {
            run = run.italic();
        }
        if self.inline.strike > 0 {
            run = run.strike();
        }
        run
    }

    fn paragraph_style(&self) -> Option<&'static str> {
        if self.cell.is_some() {
            return Some(if self.table.as_ref().is_some_and(|t| t.in_head) {
                "TableHeading"
            } else {
                "TableText"
            });
        }
        if self
            .containers
            .iter()
            .any(|c| matches!(c, Container::Quote))
        {
            return Some("Quote");
        }
        None
    }

    fn start_paragraph(&mut self) {
        self.flush_paragraph();
        let mut p = Paragraph::new();
        if let Some(style) = self.paragraph_style() {
            p = p.style(style);
        }
        // The first paragraph of a list item carries the number or bullet.
        if let Some(Container::Item {
            first_paragraph_done,
        }) = self.containers.last_mut()
        {
            let (ordered, num) = *self.lists.last().unwrap_or(&(false, BULLET_NUM));
            let level = self.lists.len().saturating_sub(1).min(8);
            if *first_paragraph_done {
                p = p
                    .style(if ordered { "ListNumber" } else { "ListBullet" })
                    .indent(Some(360 * (level as i32 + 1) + 360), None, None, None);
            } else {
                *first_paragraph_done = true;
                p = p
                    .style(if ordered { "ListNumber" } else { "ListBullet" })
                    .numbering(NumberingId::new(num), IndentLevel::new(level));
            }
        }
        self.paragraph = Some(p);
    }

    fn push_run(&mut self, run: Run) {
        if let Some((_, runs)) = self.link.as_mut() {
            runs.push(run);
            return;
        }
        if self.paragraph.is_none() {
            self.start_paragraph();
        }
        // Pushed in place: docx-rs's builders move the whole paragraph on every call.
        if let Some(p) = self.paragraph.as_mut() {
            p.children.push(ParagraphChild::Run(Box::new(run)));
        }
    }

    fn flush_paragraph(&mut self) {
        let Some(p) = self.paragraph.take() else {
            return;
        };
        if let Some(cell) = self.cell.as_mut() {
            cell.push(p);
        } else {
            self.out.blocks.push(Block::Paragraph(Box::new(p)));
        }
    }

    fn event(&mut self, event: Event) {
        if self.skip_depth > 0 {
            match event {
                Event::Start(Tag::FootnoteDefinition(_)) | Event::Start(Tag::MetadataBlock(_)) => {
                    self.skip_depth += 1
                }
                Event::End(TagEnd::FootnoteDefinition) | Event::End(TagEnd::MetadataBlock(_)) => {
                    self.skip_depth -= 1
                }
                _ => {}
            }
            return;
        }
        if let Some(code) = self.code_block.as_mut() {
            match event {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let code = self.code_block.take().unwrap_or_default();
                    for line in code.trim_end_matches('\n').split('\n') {
                        let p = Paragraph::new()
                            .style("SourceCode")
                            .add_run(Run::new().add_text(clean(line)));
                        if let Some(cell) = self.cell.as_mut() {
                            cell.push(p);
                        } else {
                            self.out.blocks.push(Block::Paragraph(Box::new(p)));
                        }
                    }
                }
                _ => {}
            }
            return;
        }
        if let Some((_, alt)) = self.image.as_mut() {
            match event {
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                Event::End(TagEnd::Image) => self.finish_image(),
                _ => {}
            }
            return;
        }
        if let Some((_, _, _)) = self.heading.as_ref() {
            match event {
                Event::Text(t) | Event::Code(t) => {
                    if let Some(h) = self.heading.as_mut() {
                        h.1.push_str(&t);
                    }
                    return;
                }
                Event::End(TagEnd::Heading(_)) => {
                    self.finish_heading();
                    return;
                }
                Event::SoftBreak | Event::HardBreak => {
                    if let Some(h) = self.heading.as_mut() {
                        h.1.push(' ');
                    }
                    return;
                }
                _ => {}
            }
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                let run = self.run(&t);
                self.push_run(run);
            }
            Event::Code(t) => {
                let run = self.run(&t).style("VerbatimChar");
                self.push_run(run);
            }
            Event::SoftBreak => {
                let run = self.run(" ");
                self.push_run(run);
            }
            Event::HardBreak => self.push_run(Run::new().add_break(BreakType::TextWrapping)),
            Event::Rule => {
                self.flush_paragraph();
                self.out.blocks.push(Block::Paragraph(Box::new(
                    Paragraph::new().style("HorizontalRule"),
                )));
            }
            Event::FootnoteReference(label) => match self.footnotes.get(label.as_ref()) {
                Some(paragraphs) => {
                    let mut note = Footnote::new();
                    for p in paragraphs {
                        note = note.add_content(p.clone());
                    }
                    self.push_run(
                        Run::new()
                            .style("FootnoteReference")
                            .add_footnote_reference(note),
                    );
                }
                None => {
                    self.warn(
                        "W004",
                        format!(
                            "footnote [^{label}] has no definition; its marker is kept as text"
                        ),
                    );
                    let run = self.run(&format!("[^{label}]"));
                    self.push_run(run);
                }
            },
            Event::Html(html) | Event::InlineHtml(html) => {
                let text = html.trim();
                if !text.is_empty() && !text.starts_with("<!--") {
                    self.warn(
                        "W001",
                        format!(
                            "raw HTML cannot be shown in Word and is kept as text: {}",
                            text.chars().take(60).collect::<String>()
                        ),
                    );
                    let run = self.run(text);
                    self.push_run(run);
                }
            }
            Event::TaskListMarker(done) => {
                let run = self.run(if done { "☒ " } else { "☐ " });
                self.push_run(run);
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.warn(
                    "W005",
                    "mathematics is shown as its source text".to_string(),
                );
                let run = self.run(&t);
                self.push_run(run);
            }
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph => self.start_paragraph(),
            Tag::Heading { level, id, .. } => {
                self.flush_paragraph();
                let n = level as usize;
                if self.in_control && n <= 1 + self.shift {
                    self.in_control = false;
                    self.place_toc();
                }
                self.heading = Some((n, String::new(), id.map(|i| i.to_string())));
            }
            Tag::BlockQuote(_) => {
                self.flush_paragraph();
                self.containers.push(Container::Quote);
            }
            Tag::CodeBlock(kind) => {
                self.flush_paragraph();
                if let CodeBlockKind::Fenced(lang) = kind
                    && lang.as_ref() == "mermaid"
                {
                    self.warn(
                        "W006",
                        "a mermaid diagram is shown as its source text".to_string(),
                    );
                }
                self.code_block = Some(String::new());
            }
            Tag::List(start) => {
                self.flush_paragraph();
                let ordered = start.is_some();
                let num_id = if ordered {
                    let id = FIRST_LIST_NUM + self.out.lists.iter().filter(|l| l.ordered).count();
                    self.out.lists.push(ListInstance {
                        num_id: id,
                        ordered: true,
                        level: self.lists.len().min(8),
                        start: start.unwrap_or(1),
                    });
                    id
                } else {
                    BULLET_NUM
                };
                if self.lists.len() >= 9 {
                    self.warn(
                        "W007",
                        "lists nested deeper than nine levels are shown at the ninth".to_string(),
                    );
                }
                self.lists.push((ordered, num_id));
            }
            Tag::Item => {
                self.flush_paragraph();
                self.containers.push(Container::Item {
                    first_paragraph_done: false,
                });
            }
            Tag::FootnoteDefinition(_) | Tag::MetadataBlock(_) => self.skip_depth = 1,
            Tag::Table(alignments) => {
                self.flush_paragraph();
                if self.table.is_some() {
                    self.warn("W008", "a table inside a table is flattened".to_string());
                }
                self.table = Some(TableState {
                    alignments,
                    rows: Vec::new(),
                    in_head: false,
                });
            }
            Tag::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.in_head = true;
                    t.rows.push(Vec::new());
                }
            }
            Tag::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    t.rows.push(Vec::new());
                }
            }
            Tag::TableCell => self.cell = Some(Vec::new()),
            Tag::Emphasis => self.inline.italic += 1,
            Tag::Strong => self.inline.bold += 1,
            Tag::Strikethrough => self.inline.strike += 1,
            Tag::Link { dest_url, .. } => self.link = Some((dest_url.to_string(), Vec::new())),
            Tag::Image { dest_url, .. } => self.image = Some((dest_url.to_string(), String::new())),
            Tag::HtmlBlock => {}
            Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Superscript
            | Tag::Subscript => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.flush_paragraph(),
            TagEnd::BlockQuote(_) => {
                self.flush_paragraph();
                self.containers.pop();
            }
            TagEnd::List(_) => {
                self.flush_paragraph();
                self.lists.pop();
            }
            TagEnd::Item => {
                self.flush_paragraph();
                self.containers.pop();
            }
            TagEnd::TableCell => {
                self.flush_paragraph();
                let cell = self.cell.take().unwrap_or_default();
                if let Some(row) = self.table.as_mut().and_then(|t| t.rows.last_mut()) {
                    row.push(cell);
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.in_head = false;
                }
            }
            TagEnd::Table => self.finish_table(),
            TagEnd::Emphasis => self.inline.italic = self.inline.italic.saturating_sub(1),
            TagEnd::Strong => self.inline.bold = self.inline.bold.saturating_sub(1),
            TagEnd::Strikethrough => self.inline.strike = self.inline.strike.saturating_sub(1),
            TagEnd::Link => {
                if let Some((url, runs)) = self.link.take() {
                    let mut link = match url.strip_prefix('#') {
                        Some(anchor) => {
                            Hyperlink::new(bookmark_name(anchor), HyperlinkType::Anchor)
                        }
                        None => Hyperlink::new(clean(&url), HyperlinkType::External),
                    };
                    for run in runs {
                        link = link.add_run(run.style("Hyperlink"));
                    }
                    if self.paragraph.is_none() {
                        self.start_paragraph();
                    }
                    if let Some(p) = self.paragraph.take() {
                        self.paragraph = Some(p.add_hyperlink(link));
                    }
                }
            }
            _ => {}
        }
    }

    fn finish_heading(&mut self) {
        let Some((level, text, id)) = self.heading.take() else {
            return;
        };
        let text = clean(text.trim());
        if self.shift == 1 && level == 1 && self.out.title.is_none() {
            self.out.title = Some(text);
            return;
        }
        if id.as_deref() == Some("document-control") {
            self.in_control = true;
        }
        let level = level.saturating_sub(self.shift).max(1);
        if level > 4 {
            self.warn(
                "W003",
                format!("heading level {level} is shown as level 4: {text}"),
            );
        }
        let level = level.min(4);
        self.bookmark += 1;
        let bookmark = bookmark_name(id.as_deref().unwrap_or(&format!("s{}", self.bookmark)));
        let p = Paragraph::new()
            .style(&format!("Heading{level}"))
            .add_bookmark_start(self.bookmark, &bookmark)
            .add_run(Run::new().add_text(text.clone()))
            .add_bookmark_end(self.bookmark);
        if level == 1 {
            self.out.toc.push(TocEntry { text, bookmark });
        }
        self.out.blocks.push(Block::Paragraph(Box::new(p)));
    }

    fn finish_image(&mut self) {
        let Some((src, alt)) = self.image.take() else {
            return;
        };
        let bytes = (self.images)(&src);
        match bytes
            .as_deref()
            .and_then(|b| png_size(b).map(|size| (b, size)))
        {
            Some((b, (w, h))) => {
                // Fit the page width, keep the aspect ratio; 9525 EMU per pixel at 96 dpi.
                let max_w = TEXT_WIDTH as u64 * 635;
                let (mut ew, mut eh) = (w as u64 * 9525, h as u64 * 9525);
                if ew > max_w {
                    eh = eh * max_w / ew;
                    ew = max_w;
                }
                let pic = Pic::new_with_dimensions(b.to_vec(), w, h).size(ew as u32, eh as u32);
                self.push_run(Run::new().add_image(pic));
            }
            None => {
                let why = if bytes.is_some() {
                    "is not a PNG image"
                } else {
                    "could not be read"
                };
                self.warn(
                    "W002",
                    format!("image {src} {why}; its description is shown instead"),
                );
                self.inline.italic += 1;
                let run = self.run(&format!("[{}]", if alt.is_empty() { &src } else { &alt }));
                self.inline.italic -= 1;
                self.push_run(run);
            }
        }
    }

    fn finish_table(&mut self) {
        let Some(state) = self.table.take() else {
            return;
        };
        let columns = state.rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let texts: Vec<Vec<String>> = state
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|cell| {
                        cell.iter()
                            .map(|p| p.raw_text())
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect()
            })
            .collect();
        let widths = column_widths(&texts, columns);
        let mut rows = Vec::new();
        for (r, cells) in state.rows.into_iter().enumerate() {
            let mut row_cells = Vec::new();
            for (col, &width) in widths.iter().enumerate() {
                let paragraphs = cells.get(col).cloned().unwrap_or_default();
                let align = match state.alignments.get(col) {
                    Some(Alignment::Center) => Some(AlignmentType::Center),
                    Some(Alignment::Right) => Some(AlignmentType::Right),
                    _ => None,
                };
                let mut cell = TableCell::new().width(width, WidthType::Dxa);
                if paragraphs.is_empty() {
                    cell = cell.add_paragraph(Paragraph::new().style(if r == 0 {
                        "TableHeading"
                    } else {
                        "TableText"
                    }));
                }
                for mut p in paragraphs {
                    if let Some(a) = align {
                        p = p.align(a);
                    }
                    cell = cell.add_paragraph(p);
                }
                if r == 0 {
                    cell = cell.shading(
                        Shading::new()
                            .shd_type(ShdType::Clear)
                            .color("auto")
                            .fill(&self.accent),
                    );
                }
                row_cells.push(cell);
            }
            // A row is never split across pages; the first row repeats on each page.
            rows.push(TableRow::new(row_cells).cant_split());
        }
        let table = Table::new(rows)
            .style("SmsTable")
            .set_grid(widths.clone())
            .width(TEXT_WIDTH, WidthType::Dxa);
        self.out.blocks.push(Block::Table(Box::new(table)));
        // Word joins tables that follow each other; a paragraph keeps them apart.
        self.out.blocks.push(Block::Paragraph(Box::new(
            Paragraph::new().style("TableSpacer"),
        )));
    }
}

/// Column widths (twips) that fit the page: every column at least as wide as its
/// longest word, the rest of the width shared by how much text each column holds.
/// The header row counts by its longest word only, since headings wrap well.
fn column_widths(rows: &[Vec<String>], columns: usize) -> Vec<usize> {
    const PER_CHAR: usize = 115; // twips per character at the table font size, bold
    const PADDING: usize = 260;
    let mut min = vec![0usize; columns];
    let mut want = vec![0usize; columns];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate().take(columns) {
            let longest_word = text
                .split_whitespace()
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(1);
            min[c] = min[c].max(longest_word.min(24) * PER_CHAR + PADDING);
            // An empty cell in the body is a place to write in: give it room.
            let chars = match (r, text.trim().is_empty()) {
                (0, _) => longest_word,
                (_, true) => 14,
                _ => text.chars().count().min(80),
            };
            want[c] = want[c].max(chars * PER_CHAR + PADDING);
        }
    }
    for c in 0..columns {
        want[c] = want[c].max(min[c]);
    }
    let total_min: usize = min.iter().sum();
    let total_want: usize = want.iter().sum();
    if total_min >= TEXT_WIDTH {
        return min
            .iter()
            .map(|m| m * TEXT_WIDTH / total_min.max(1))
            .collect();
    }
    if total_want <= TEXT_WIDTH {
        return want
            .iter()
            .map(|w| w * TEXT_WIDTH / total_want.max(1))
            .collect();
    }
    let spare = TEXT_WIDTH - total_min;
    let extra: usize = (total_want - total_min).max(1);
    (0..columns)
        .map(|c| min[c] + (want[c] - min[c]) * spare / extra)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_images(_: &str) -> Option<Vec<u8>> {
        None
    }

    #[test]
    fn a_lone_first_h1_becomes_the_title_and_headings_move_up() {
        let c = convert("# Title\n\n## One\n\n### Two\n", "1F4E79", &no_images, true);
        assert_eq!(c.title.as_deref(), Some("Title"));
        let entries: Vec<&str> = c.toc.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(entries, vec!["One"], "the contents list chapters only");
    }

    #[test]
    fn each_ordered_list_gets_its_own_numbering() {
        let c = convert(
            "1. a\n2. b\n\ntext\n\n3. c\n4. d\n\n- x\n  1. nested\n",
            "1F4E79",
            &no_images,
            false,
        );
        let starts: Vec<(u64, usize)> = c.lists.iter().map(|l| (l.start, l.level)).collect();
        assert_eq!(starts, vec![(1, 0), (3, 0), (1, 1)]);
    }

    #[test]
    fn losses_are_warnings_with_codes() {
        let c = convert(
            "<div>x</div>\n\n![logo](missing.png)\n\n###### deep\n",
            "1F4E79",
            &no_images,
            false,
        );
        let codes: Vec<&str> = c.warnings.iter().map(|w| w.code).collect();
        assert_eq!(codes, vec!["W001", "W002", "W003"]);
    }

    #[test]
    fn wide_text_columns_get_more_room_and_widths_fill_the_page() {
        let rows = vec![
            vec!["Process".to_string(), "A".to_string(), "B".to_string()],
            vec![
                "Service level management with a long description".to_string(),
                "R".to_string(),
                "C".to_string(),
            ],
        ];
        let w = column_widths(&rows, 3);
        assert!(w[0] > 3 * w[1], "{w:?}");
        let total: usize = w.iter().sum();
        assert!(total <= TEXT_WIDTH && total > TEXT_WIDTH - 10, "{w:?}");
    }

    #[test]
    fn png_sizes_are_read_and_other_bytes_refused() {
        let mut png = vec![137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13];
        png.extend(b"IHDR");
        png.extend(200u32.to_be_bytes());
        png.extend(100u32.to_be_bytes());
        assert_eq!(png_size(&png), Some((200, 100)));
        assert_eq!(png_size(b"GIF89a......................"), None);
    }
}
