//! Turning template sources into what Tera parses and back: heading ids hidden from
//! Tera, literal text lifted out of its parser. Pure functions on strings, shared with
//! the build script, which parses the built-in templates ahead of time.

/// Stands for a run of literal template text while Tera parses the template. Tera's
/// parser walks text a character at a time, and most of a template is text; handing it
/// short marks instead makes compiling several times faster. The text goes back in
/// after rendering. Neither mark can come from user text (control characters are
/// removed on reading).
const TEXT_OPEN: char = '\u{1}';
const TEXT_CLOSE: char = '\u{2}';

/// Replaces the text between tags by marks; whitespace next to a tag stays, so that
/// `{%-` and `-%}` trim exactly as before. Templates with raw blocks are left whole.
/// The marks number the texts from `first`, so that several lists can be read as one.
pub fn lift_text(template: &str, texts: &mut Vec<String>, first: usize) -> String {
    if template.contains("{% raw") || template.contains("{%- raw") {
        return template.to_string();
    }
    let mut out = String::with_capacity(template.len() / 4);
    let mut rest = template;
    loop {
        let next_tag = rest
            .match_indices('{')
            .map(|(i, _)| i)
            .find(|&i| matches!(rest.as_bytes().get(i + 1), Some(b'{' | b'%' | b'#')));
        let (text, after) = match next_tag {
            Some(at) => rest.split_at(at),
            None => (rest, ""),
        };
        let core = text.trim();
        if core.len() > 2 {
            let lead = &text[..text.len() - text.trim_start().len()];
            let trail = &text[text.trim_end().len()..];
            out.push_str(lead);
            out.push(TEXT_OPEN);
            out.push_str(&(first + texts.len()).to_string());
            out.push(TEXT_CLOSE);
            out.push_str(trail);
            texts.push(core.to_string());
        } else {
            out.push_str(text);
        }
        if after.is_empty() {
            return out;
        }
        let close = match &after[..2] {
            "{{" => "}}",
            "{%" => "%}",
            _ => "#}",
        };
        match after[2..].find(close) {
            Some(end) => {
                out.push_str(&after[..end + 4]);
                rest = &after[end + 4..];
            }
            None => {
                // An unclosed tag: let Tera report it on the original text.
                out.push_str(after);
                return out;
            }
        }
    }
}

/// Puts the texts lifted by [`lift_text`] back into rendered output; `text` gives the
/// text of a mark's number.
pub fn restore_text<'a>(rendered: &str, text: impl Fn(usize) -> Option<&'a str>) -> String {
    if !rendered.contains(TEXT_OPEN) {
        return rendered.to_string();
    }
    let mut out = String::with_capacity(rendered.len() * 3);
    let mut rest = rendered;
    while let Some(at) = rest.find(TEXT_OPEN) {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after.find(TEXT_CLOSE).unwrap_or(after.len());
        match after[..end].parse::<usize>().ok().and_then(&text) {
            Some(text) => out.push_str(text),
            None => out.push_str(&after[..end]),
        }
        rest = after.get(end + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// Marks a heading id while Tera reads the template. Tera would take `{#id}` for the
/// start of a comment; NUL can never come from user text (it is removed on reading).
const ID_MARK: char = '\u{0}';

/// Hides every `{#id}` (letters, digits, '-', '_') from Tera.
pub fn protect_heading_ids(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{#") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(after.len());
        if len > 0 && after[len..].starts_with('}') {
            out.push(ID_MARK);
            out.push_str(&after[..len]);
            out.push(ID_MARK);
            rest = &after[len + 1..];
        } else {
            out.push_str("{#");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Puts the heading ids hidden by [`protect_heading_ids`] back.
pub fn restore_heading_ids(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split(ID_MARK).enumerate() {
        if i % 2 == 1 {
            out.push_str("{#");
            out.push_str(part);
            out.push('}');
        } else {
            out.push_str(part);
        }
    }
    out
}
