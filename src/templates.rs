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

    /// Compiles the Markdown templates of one locale, on as many threads as the
    /// machine has cores (parsing is most of the time a pack takes).
    pub fn compile(&self, locale: &str) -> Result<Compiled, Error> {
        let prefix = format!("{locale}/");
        let sources: Vec<(String, String)> = self
            .files
            .iter()
            .filter(|(path, _)| path.starts_with(&prefix) && path.ends_with(".md"))
            .map(|(path, text)| (path.clone(), protect_heading_ids(text)))
            .collect();
        let mut texts = Vec::new();
        let lifted: Vec<(String, String)> = sources
            .iter()
            .map(|(path, text)| (path.clone(), lift_text(text, &mut texts)))
            .collect();
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 8);
        let chunk = sources.len().div_ceil(threads).max(1);
        let parts: Vec<Result<Tera, Error>> = std::thread::scope(|scope| {
            let handles: Vec<_> = lifted
                .chunks(chunk)
                .zip(sources.chunks(chunk))
                .map(|(part, original)| {
                    std::thread::Builder::new()
                        // Tera's parser recurses deeply and grows its stack when it runs short.
                        .stack_size(32 << 20)
                        .spawn_scoped(scope, move || compile_part(part, original))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.ok().and_then(|h| h.join().ok()).unwrap_or_else(|| {
                        Err(Error::Template {
                            template: locale.into(),
                            detail: "the template compiler stopped".into(),
                        })
                    })
                })
                .collect()
        });
        Ok(Compiled {
            parts: parts.into_iter().collect::<Result<Vec<_>, _>>()?,
            texts,
        })
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

/// Stands for a run of literal template text while Tera parses the template. Tera's
/// parser walks text a character at a time, and most of a template is text; handing it
/// short marks instead makes compiling several times faster. The text goes back in
/// after rendering. Neither mark can come from user text (control characters are
/// removed on reading).
const TEXT_OPEN: char = '\u{1}';
const TEXT_CLOSE: char = '\u{2}';

/// A template with its literal text lifted out: the source Tera sees, and the texts.
pub struct Lifted {
    pub source: String,
    pub texts: Vec<String>,
}

/// Replaces the text between tags by marks; whitespace next to a tag stays, so that
/// `{%-` and `-%}` trim exactly as before. Templates with raw blocks are left whole.
pub fn lift_text(template: &str, texts: &mut Vec<String>) -> String {
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
            out.push_str(&texts.len().to_string());
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

/// Puts the texts lifted by [`lift_text`] back into rendered output.
pub fn restore_text(rendered: &str, texts: &[String]) -> String {
    if !rendered.contains(TEXT_OPEN) {
        return rendered.to_string();
    }
    let mut out = String::with_capacity(rendered.len() * 3);
    let mut rest = rendered;
    while let Some(at) = rest.find(TEXT_OPEN) {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after.find(TEXT_CLOSE).unwrap_or(after.len());
        match after[..end]
            .parse::<usize>()
            .ok()
            .and_then(|i| texts.get(i))
        {
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

fn compile_part(
    sources: &[(String, String)],
    originals: &[(String, String)],
) -> Result<Tera, Error> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".md"]);
    tera.set_escape_fn(escape_markdown);
    // All at once: Tera rebuilds its inheritance chains after every addition.
    if tera
        .add_raw_templates(sources.iter().map(|(p, t)| (p.as_str(), t.as_str())))
        .is_err()
    {
        // Name the template at fault: compile the originals one by one, so that the
        // message shows the author's own lines.
        for (path, text) in originals {
            Tera::default()
                .add_raw_template(path, text)
                .map_err(|e| template_error(path, &e))?;
        }
    }
    Ok(tera)
}

/// The compiled templates of one locale, spread over several Tera instances.
pub struct Compiled {
    parts: Vec<Tera>,
    texts: Vec<String>,
}

impl Compiled {
    pub fn has(&self, name: &str) -> bool {
        self.parts
            .iter()
            .any(|t| t.get_template_names().any(|n| n == name))
    }

    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String, Error> {
        let tera = self
            .parts
            .iter()
            .find(|t| t.get_template_names().any(|n| n == name))
            .ok_or_else(|| Error::Template {
                template: name.into(),
                detail: "missing".into(),
            })?;
        let out = tera
            .render(name, context)
            .map_err(|e| template_error(name, &e))?;
        Ok(restore_text(&out, &self.texts))
    }
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
    fn lifted_text_renders_exactly_like_the_original() {
        let template = "Intro text that is long enough to lift.\n{%- if a %}\n  Yes, a long enough text to be lifted. \n{% endif -%}\n\nTail {{ x }} tail text long enough too.\n{# note #}{{ y }}";
        let mut texts = Vec::new();
        let lifted = lift_text(template, &mut texts);
        assert!(texts.len() >= 3, "{texts:?}");
        let mut ctx = tera::Context::new();
        ctx.insert("a", &true);
        ctx.insert("x", "X");
        ctx.insert("y", "Y");
        let plain = Tera::one_off(template, &ctx, false).unwrap();
        let via = restore_text(&Tera::one_off(&lifted, &ctx, false).unwrap(), &texts);
        assert_eq!(plain, via);
    }

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
        assert!(tera.has("xx/a.md") && !tera.has("xx/b.md"));
        assert_eq!(out, "## 1. Purpose {#purpose}\n\n\\{\\#evil\\}");
    }
}
