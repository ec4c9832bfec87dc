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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_ids_are_found_and_front_matter_is_skipped() {
        let text = "---\nid: x\n---\n\n# Title\n\n## 1. Purpose {#purpose}\n\ntext {#not-a-heading}\n\n### Sub {#sub}\n";
        assert_eq!(heading_ids(text), vec!["purpose", "sub"]);
    }
}
