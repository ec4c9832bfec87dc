//! A small XML tree for the parts docx-rs writes: enough to reorder, rename and insert
//! elements. Text and attribute values are kept exactly as written (already escaped),
//! so nothing is unescaped and escaped again; they borrow from the text they were read
//! from, so that reading a large part allocates little.

use std::borrow::Cow;

#[derive(Debug, Clone, PartialEq)]
pub enum Node<'a> {
    Element(Element<'a>),
    /// Raw, escaped character data.
    Text(Cow<'a, str>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Element<'a> {
    pub name: Cow<'a, str>,
    /// Attribute names and raw (escaped) values, in their written order.
    pub attrs: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    pub children: Vec<Node<'a>>,
}

impl<'a> Element<'a> {
    pub fn new(name: impl Into<Cow<'a, str>>) -> Element<'a> {
        Element {
            name: name.into(),
            attrs: Vec::new(),
            children: Vec::new(),
        }
    }

    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_ref())
    }

    pub fn set_attr(&mut self, name: &str, value: &str) {
        match self.attrs.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = Cow::Owned(value.to_string()),
            None => self
                .attrs
                .push((Cow::Owned(name.to_string()), Cow::Owned(value.to_string()))),
        }
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element<'a>> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub fn elements_mut(&mut self) -> impl Iterator<Item = &mut Element<'a>> {
        self.children.iter_mut().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub fn child(&self, name: &str) -> Option<&Element<'a>> {
        self.elements().find(|e| e.name == name)
    }

    pub fn child_mut(&mut self, name: &str) -> Option<&mut Element<'a>> {
        self.elements_mut().find(|e| e.name == name)
    }

    /// All text below this element, as written (escaped).
    pub fn text(&self) -> String {
        let mut out = String::new();
        for node in &self.children {
            match node {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => out.push_str(&e.text()),
            }
        }
        out
    }

    /// Visits this element and every element below it, depth first.
    pub fn walk_mut(&mut self, f: &mut dyn FnMut(&mut Element<'a>)) {
        f(self);
        for child in self.elements_mut() {
            child.walk_mut(f);
        }
    }

    pub fn write(&self, out: &mut String) {
        out.push('<');
        out.push_str(&self.name);
        for (k, v) in &self.attrs {
            out.push(' ');
            out.push_str(k);
            out.push_str("=\"");
            out.push_str(v);
            out.push('"');
        }
        if self.children.is_empty() {
            out.push_str("/>");
            return;
        }
        out.push('>');
        for child in &self.children {
            match child {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => e.write(out),
            }
        }
        out.push_str("</");
        out.push_str(&self.name);
        out.push('>');
    }
}

/// Why a part could not be read back; only our own output is parsed, so this means a
/// defect, reported rather than panicking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError(pub String);

/// Parses one XML document (declaration, one root element).
pub fn parse(text: &str) -> Result<Element<'_>, XmlError> {
    let mut p = Parser { s: text, i: 0 };
    p.skip_prolog();
    let root = p.element()?;
    Ok(root)
}

/// Writes a document with the standard declaration.
pub fn to_string(root: &Element<'_>) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n");
    root.write(&mut out);
    out
}

struct Parser<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Parser<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.i..]
    }

    fn skip_prolog(&mut self) {
        loop {
            let trimmed = self.rest().trim_start();
            self.i = self.s.len() - trimmed.len();
            if trimmed.starts_with("<?") || trimmed.starts_with("<!--") {
                let end = if trimmed.starts_with("<?") {
                    "?>"
                } else {
                    "-->"
                };
                match trimmed.find(end) {
                    Some(at) => self.i += at + end.len(),
                    None => return,
                }
            } else {
                return;
            }
        }
    }

    fn fail(&self, what: &str) -> XmlError {
        XmlError(format!("{what} at byte {}", self.i))
    }

    fn element(&mut self) -> Result<Element<'a>, XmlError> {
        if !self.rest().starts_with('<') {
            return Err(self.fail("expected an element"));
        }
        self.i += 1;
        let name_len = self
            .rest()
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .ok_or_else(|| self.fail("unterminated tag"))?;
        let rest = self.rest();
        let mut element = Element::new(&rest[..name_len]);
        self.i += name_len;
        loop {
            let trimmed = self.rest().trim_start();
            self.i = self.s.len() - trimmed.len();
            if let Some(r) = trimmed.strip_prefix("/>") {
                self.i = self.s.len() - r.len();
                return Ok(element);
            }
            if let Some(r) = trimmed.strip_prefix('>') {
                self.i = self.s.len() - r.len();
                break;
            }
            let eq = trimmed
                .find('=')
                .ok_or_else(|| self.fail("attribute without value"))?;
            let key = trimmed[..eq].trim();
            let after = &trimmed[eq + 1..].trim_start();
            let quote = after
                .chars()
                .next()
                .ok_or_else(|| self.fail("unterminated attribute"))?;
            if quote != '"' && quote != '\'' {
                return Err(self.fail("unquoted attribute"));
            }
            let value_end = after[1..]
                .find(quote)
                .ok_or_else(|| self.fail("unterminated attribute"))?;
            element
                .attrs
                .push((Cow::Borrowed(key), Cow::Borrowed(&after[1..1 + value_end])));
            self.i = self.s.len() - after[1 + value_end + 1..].len();
        }
        loop {
            let rest = self.rest();
            if rest.is_empty() {
                return Err(self.fail("unterminated element"));
            }
            if rest.starts_with("</") {
                let end = rest
                    .find('>')
                    .ok_or_else(|| self.fail("unterminated end tag"))?;
                self.i += end + 1;
                return Ok(element);
            }
            if rest.starts_with("<!--") {
                let end = rest
                    .find("-->")
                    .ok_or_else(|| self.fail("unterminated comment"))?;
                self.i += end + 3;
                continue;
            }
            if rest.starts_with('<') {
                let child = self.element()?;
                element.children.push(Node::Element(child));
                continue;
            }
            let end = rest.find('<').unwrap_or(rest.len());
            element
                .children
                .push(Node::Text(Cow::Borrowed(&rest[..end])));
            self.i += end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_what_it_reads() {
        let text = r#"<w:p a="1" b='x &amp; y'><w:r><w:t xml:space="preserve">A &lt;b&gt;</w:t></w:r><w:br/></w:p>"#;
        let root = parse(text).unwrap();
        let mut out = String::new();
        root.write(&mut out);
        assert_eq!(out, text.replace("'x &amp; y'", "\"x &amp; y\""));
        assert_eq!(root.text(), "A &lt;b&gt;");
    }

    #[test]
    fn broken_input_is_an_error_not_a_panic() {
        for bad in ["<a", "<a b=1/>", "<a><b></a", "text", "<a b=\"x/>"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
