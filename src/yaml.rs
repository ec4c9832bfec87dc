//! A YAML document as a tree of nodes that remember their line, so that validation can
//! report every problem with its place instead of stopping at the first one.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Budget, Options, Spanned};

/// Largest answers file we read: far above any real pack, far below a memory problem.
pub const MAX_BYTES: usize = 1024 * 1024;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub line: u64,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Value {
    /// How the YAML type is named in messages ("a list", "text" …).
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "nothing (null)",
            Value::Bool(_) => "true/false",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a scalar key or value, as the user wrote it.
    pub fn scalar_text(&self) -> String {
        match &self.value {
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Str(s) => s.clone(),
            Value::Seq(_) => "[…]".into(),
            Value::Map(_) => "{…}".into(),
        }
    }
}

/// Why a text is not a YAML document we can read.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub line: Option<u64>,
    pub message: String,
}

/// Parses YAML text into a tree, within budgets that stop alias bombs, deep nesting and
/// oversized inputs before they cost memory or time.
pub fn parse(text: &str) -> Result<Node, ParseError> {
    if text.len() > MAX_BYTES {
        return Err(ParseError {
            line: None,
            message: format!(
                "the file is {} bytes; an answers file may be at most {} bytes",
                text.len(),
                MAX_BYTES
            ),
        });
    }
    let mut budget = Budget::default();
    budget.max_depth = 32;
    budget.max_events = 200_000;
    budget.max_nodes = 100_000;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_documents = 1;
    budget.max_total_scalar_bytes = MAX_BYTES;
    let mut options = Options::default();
    options.budget = Some(budget);
    match serde_saphyr::from_str_with_options::<Spanned<Value>>(text, options) {
        Ok(root) => Ok(Node {
            line: root.referenced.line(),
            value: root.value,
        }),
        Err(e) => Err(ParseError {
            line: e.location().map(|l| l.line()).filter(|l| *l > 0),
            message: first_line(&e.to_string()),
        }),
    }
}

fn first_line(message: &str) -> String {
    let mut line = message.lines().next().unwrap_or("").trim();
    line = line.strip_prefix("error: ").unwrap_or(line);
    // "line 3 column 9: unclosed quote": our message names the line already.
    if line.starts_with("line ")
        && let Some((_, rest)) = line.split_once(": ")
    {
        line = rest;
    }
    // The parser's own message may end with its location; ours names the line anyway.
    let line = match line.find(" at line ") {
        Some(i) => &line[..i],
        None => line,
    };
    line.trim_end_matches(':').to_string()
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

fn node(spanned: Spanned<Value>) -> Node {
    Node {
        line: spanned.referenced.line(),
        value: spanned.value,
    }
}

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Value>>()? {
            items.push(node(item));
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Value>>()? {
            let value = map.next_value::<Spanned<Value>>()?;
            entries.push((node(key), node(value)));
        }
        Ok(Value::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map_keys(n: &Node) -> Vec<(String, u64)> {
        match &n.value {
            Value::Map(m) => m.iter().map(|(k, _)| (k.scalar_text(), k.line)).collect(),
            _ => vec![],
        }
    }

    #[test]
    fn keys_and_values_keep_their_lines() {
        let root = parse("schema: 1\norganisation:\n  name: Acme\n  sizes: [1, 2]\n").unwrap();
        assert_eq!(
            map_keys(&root),
            vec![("schema".into(), 1), ("organisation".into(), 2)]
        );
        let Value::Map(m) = &root.value else { panic!() };
        assert_eq!(
            map_keys(&m[1].1),
            vec![("name".into(), 3), ("sizes".into(), 4)]
        );
        let Value::Map(org) = &m[1].1.value else {
            panic!()
        };
        assert_eq!(org[0].1.as_str(), Some("Acme"));
        assert_eq!(org[0].1.line, 3);
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("b{}", i - 1)
            };
            text.push_str(&format!(
                "b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        assert!(parse(&text).is_err());
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse(&text).is_err());
        let mut block = String::new();
        for i in 0..200 {
            block.push_str(&" ".repeat(i));
            block.push_str("k:\n");
        }
        assert!(parse(&block).is_err());
    }

    #[test]
    fn oversized_input_is_refused_before_parsing() {
        let text = "x".repeat(MAX_BYTES + 1);
        let err = parse(&text).unwrap_err();
        assert!(err.message.contains("at most"));
    }

    #[test]
    fn broken_yaml_names_a_line() {
        let err = parse("a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        assert!(err.line.is_some(), "{err:?}");
    }
}
