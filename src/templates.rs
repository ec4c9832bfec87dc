//! The template set: built-in templates embedded in the binary, overlaid file by file by
//! the pack's own `templates/` folder, compiled into one Tera instance whose every
//! `{{ … }}` is escaped for Markdown.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use tera::Tera;

use crate::error::Error;
use crate::escape::escape_markdown;

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

pub const VOCABULARY: &str = "_vocabulary.yaml";

/// Template files by path relative to the templates folder (`en/service_catalogue.md`).
#[derive(Debug, Clone, Default)]
pub struct TemplateSet {
    pub files: BTreeMap<String, String>,
    /// The files that came from the pack rather than the binary.
    pub overridden: Vec<String>,
}

fn collect(dir: &Dir<'static>, out: &mut BTreeMap<String, String>) {
    for file in dir.files() {
        if let (Some(path), Some(text)) = (file.path().to_str(), file.contents_utf8()) {
            out.insert(path.replace('\\', "/"), text.to_string());
        }
    }
    for sub in dir.dirs() {
        collect(sub, out);
    }
}

impl TemplateSet {
    pub fn builtin() -> TemplateSet {
        let mut files = BTreeMap::new();
        collect(&BUILTIN, &mut files);
        TemplateSet {
            files,
            overridden: Vec::new(),
        }
    }

    /// The built-in set with the files of `folder` (if it exists) laid over it.
    pub fn with_overrides(folder: &Path) -> Result<TemplateSet, Error> {
        let mut set = TemplateSet::builtin();
        if !folder.is_dir() {
            return Ok(set);
        }
        let walker = walkdir::WalkDir::new(folder)
            .follow_links(true)
            .sort_by_file_name()
            .max_depth(4);
        for entry in walker {
            let entry = entry.map_err(|e| Error::Read {
                path: folder.to_path_buf(),
                detail: e.to_string(),
            })?;
            let path = entry.path();
            let is_template = matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("md") | Some("yaml")
            );
            if !entry.file_type().is_file() || !is_template {
                continue;
            }
            let rel = path
                .strip_prefix(folder)
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/");
            let text = crate::pack::read_text(path)?;
            set.overridden.push(rel.clone());
            set.files.insert(rel, text);
        }
        Ok(set)
    }

    /// The locales that have document templates.
    pub fn locales(&self) -> Vec<String> {
        let mut locales: Vec<String> = self
            .files
            .keys()
            .filter(|p| p.ends_with(VOCABULARY))
            .filter_map(|p| p.split('/').next())
            .map(str::to_string)
            .collect();
        locales.dedup();
        locales
    }

    pub fn get(&self, locale: &str, name: &str) -> Option<&str> {
        self.files
            .get(&format!("{locale}/{name}"))
            .map(String::as_str)
    }

    /// Compiles the Markdown templates of one locale.
    pub fn compile(&self, locale: &str) -> Result<Tera, Error> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".md"]);
        tera.set_escape_fn(escape_markdown);
        let prefix = format!("{locale}/");
        for (path, text) in &self.files {
            if path.starts_with(&prefix) && path.ends_with(".md") {
                tera.add_raw_template(path, &protect_heading_ids(text))
                    .map_err(|e| template_error(path, &e))?;
            }
        }
        Ok(tera)
    }

    /// Writes every built-in template below `dir`.
    pub fn export(dir: &Path) -> Vec<(PathBuf, String)> {
        TemplateSet::builtin()
            .files
            .into_iter()
            .map(|(rel, text)| (dir.join(rel), text))
            .collect()
    }
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

/// A Tera error with its whole chain of causes, which is where the useful part lives.
pub fn template_error(template: &str, error: &tera::Error) -> Error {
    let mut detail = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        detail.push_str(": ");
        detail.push_str(&cause.to_string());
        source = cause.source();
    }
    Error::Template {
        template: template.to_string(),
        detail,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_ids_survive_tera_and_comments_still_work() {
        let mut set = TemplateSet::default();
        set.files.insert(
            "xx/a.md".into(),
            "## 1. Purpose {#purpose}\n{# a comment #}{#note#}\n{{ x }}".into(),
        );
        let tera = set.compile("xx").unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("x", "{#evil}");
        let out = restore_heading_ids(&tera.render("xx/a.md", &ctx).unwrap());
        assert_eq!(out, "## 1. Purpose {#purpose}\n\n\\{\\#evil\\}");
    }
}
