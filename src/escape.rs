//! Making user text safe: characters XML cannot carry are removed when the answers are
//! read, and every value a template prints is escaped so that it can never change the
//! structure of a Markdown document (a pipe cannot split a table cell, a leading `#`
//! cannot make a heading, `{{ }}` stays literal text).

/// Whether XML 1.0 allows the character in text. Tab, newline and carriage return are
/// allowed; other C0 controls, DEL and the non-characters U+FFFE/U+FFFF are not.
pub fn xml_allowed(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{7F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// User text as the documents use it: no XML-illegal characters, line breaks unified,
/// surrounding white space trimmed.
pub fn clean_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| xml_allowed(*c))
        .collect::<String>()
        .trim()
        .to_string()
}

/// Escapes one value for any place in a Markdown line: paragraph, list item, table cell
/// or heading. Line breaks and tabs fold into single spaces.
pub fn escape_markdown(text: &str) -> String {
    let folded: String = clean_text(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let chars: Vec<char> = folded.chars().collect();
    let mut out = String::with_capacity(folded.len() + 8);
    // A run of digits followed by '.' or ')' at the start would begin an ordered list.
    let leading_digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    for (i, &c) in chars.iter().enumerate() {
        let escape = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' | '{' | '}' => true,
            '-' | '+' | '=' => i == 0,
            '.' | ')' => {
                i > 0 && i == leading_digits && chars.get(i + 1).is_none_or(|n| n.is_whitespace())
            }
            '&' => starts_entity(&chars[i + 1..]),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether the text after an '&' would be read as an HTML entity (`&amp;`, `&#169;`).
fn starts_entity(rest: &[char]) -> bool {
    let name: Vec<&char> = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .collect();
    !name.is_empty() && rest.get(name.len()) == Some(&';')
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    /// The plain text a Markdown renderer shows for `md`, and whether it made any
    /// structure (lists, headings, emphasis, links, html, code).
    fn rendered(md: &str) -> (String, bool) {
        let mut text = String::new();
        let mut structure = false;
        for event in Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
                Event::SoftBreak => text.push(' '),
                _ => structure = true,
            }
        }
        (text, structure)
    }

    #[test]
    fn hostile_text_renders_as_itself() {
        for hostile in [
            "# Heading",
            "- item",
            "+ item",
            "1. first",
            "2) second",
            "> quote",
            "| a | b |",
            "`code`",
            "*bold* and _it_",
            "[link](http://x)",
            "![img](x.png)",
            "<script>alert(1)</script>",
            "AT&T &amp; &#169;",
            "{{ org.name }} {% if %}",
            "~~strike~~",
            "===",
            "---",
            "back\\slash",
            "Ελληνικά 日本語 العربية",
        ] {
            let (text, structure) = rendered(&escape_markdown(hostile));
            assert_eq!(text, hostile, "for {hostile:?}");
            assert!(!structure, "structure from {hostile:?}");
        }
    }

    #[test]
    fn values_stay_inside_table_cells() {
        let cell = escape_markdown("a | b\nc");
        let table = format!("| x | y |\n|---|---|\n| {cell} | z |\n");
        let mut cells: Vec<String> = Vec::new();
        for event in Parser::new_ext(&table, Options::ENABLE_TABLES) {
            match event {
                Event::Start(Tag::TableCell) => cells.push(String::new()),
                Event::Text(t) => cells.last_mut().unwrap().push_str(&t),
                _ => {}
            }
        }
        assert_eq!(cells.join("/"), "x/y/a | b c/z");
    }

    #[test]
    fn control_characters_are_removed_and_lines_folded() {
        assert_eq!(clean_text("a\u{1}b\u{C}c\u{7F}\r\nd"), "abc\nd");
        assert_eq!(escape_markdown("one\ntwo\t three"), "one two three");
        assert_eq!(escape_markdown("99.5"), "99.5");
        assert_eq!(
            escape_markdown("Mon-Fri 08:00-18:00"),
            "Mon-Fri 08:00-18:00"
        );
    }
}
