//! Reading Markdown: the one place that sets pulldown-cmark's options, so that every
//! part of smskit sees a document the same way.

use pulldown_cmark::{Event, Options, Parser, Tag};

/// The Markdown dialect of a pack: tables, strikethrough, footnotes, `{#id}` heading
/// attributes, and YAML front matter.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
}

pub fn parser(text: &str) -> Parser<'_> {
    Parser::new_ext(text, options())
}

/// The `{#id}`s of every heading in a document, in order.
pub fn heading_ids(text: &str) -> Vec<String> {
    parser(text)
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect()
}

/// The simple `key: value` fields of a document's YAML front matter (quotes removed;
/// lists kept as written). A document without front matter has none.
pub fn front_matter(text: &str) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return out;
    };
    for line in rest.lines() {
        if line.trim_end() == "---" {
            break;
        }
        if let Some((key, value)) = line.split_once(':') {
            let value = value.trim();
            let value = serde_json::from_str::<String>(value)
                .unwrap_or_else(|_| value.trim_matches(['"', '\'']).to_string());
            out.insert(key.trim().to_string(), value);
        }
    }
    out
}

/// The text of the first level-1 heading, if any.
pub fn first_h1(text: &str) -> Option<String> {
    let mut inside = false;
    let mut title = String::new();
    for event in parser(text) {
        match event {
            Event::Start(Tag::Heading {
                level: pulldown_cmark::HeadingLevel::H1,
                ..
            }) => inside = true,
            Event::End(pulldown_cmark::TagEnd::Heading(_)) if inside => {
                return Some(title.trim().to_string());
            }
            Event::Text(t) | Event::Code(t) if inside => title.push_str(&t),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_fields_and_the_first_title_are_read() {
        let text = "---\nid: \"A-1\"\ntitle: 'Plan'\nversion: 0.2\n---\n\n# Big *plan*\n";
        let fm = front_matter(text);
        assert_eq!(fm["id"], "A-1");
        assert_eq!(fm["title"], "Plan");
        assert_eq!(fm["version"], "0.2");
        assert_eq!(first_h1(text).as_deref(), Some("Big plan"));
        assert!(front_matter("# no front matter").is_empty());
    }

    #[test]
    fn heading_ids_are_found_and_front_matter_is_skipped() {
        let text = "---\nid: x\n---\n\n# Title\n\n## 1. Purpose {#purpose}\n\ntext {#not-a-heading}\n\n### Sub {#sub}\n";
        assert_eq!(heading_ids(text), vec!["purpose", "sub"]);
    }
}
