//! The template set: built-in templates embedded in the binary, overlaid file by file by
//! the pack's own `templates/` folder, compiled into one Tera instance whose every
//! `{{ … }}` is escaped for Markdown.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use tera::Tera;

use crate::error::Error;
use crate::escape::escape_markdown;

// The writing half of the codec is the build script's (and the tests').
#[allow(dead_code)]
mod ast;
mod prepare;

pub use prepare::{lift_text, protect_heading_ids, restore_heading_ids, restore_text};

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

    /// Compiles the Markdown templates of one locale. Built-in templates come parsed
    /// with the binary and are read back when they are rendered (on the rendering
    /// threads, and only those needed); the others (the pack's own, usually none) are
    /// parsed here, on as many threads as the machine has cores.
    pub fn compile(&self, locale: &str) -> Result<Compiled, Error> {
        let prefix = format!("{locale}/");
        let prebuilt = Prebuilt::locale(locale);
        let mut stored = Vec::new();
        let mut sources = Vec::new();
        for (path, text) in &self.files {
            if !(path.starts_with(&prefix) && path.ends_with(".md")) {
                continue;
            }
            let unchanged = BUILTIN
                .get_file(path)
                .and_then(|f| f.contents_utf8())
                .is_some_and(|builtin| builtin == text);
            match prebuilt
                .as_ref()
                .filter(|_| unchanged)
                .and_then(|p| p.bytes(path))
            {
                Some(bytes) => stored.push((path.clone(), bytes)),
                None => sources.push((path.clone(), protect_heading_ids(text))),
            }
        }
        let mut parts = Vec::new();
        let builtin_texts = prebuilt.map(|p| p.texts).unwrap_or_default();
        let mut texts = Vec::new();
        let lifted: Vec<(String, String)> = sources
            .iter()
            .map(|(path, text)| {
                (
                    path.clone(),
                    lift_text(text, &mut texts, builtin_texts.len()),
                )
            })
            .collect();
        if !sources.is_empty() {
            parts.extend(compile_parallel(&lifted, &sources, locale)?);
        }
        Ok(Compiled {
            parts,
            stored,
            builtin_texts,
            texts,
        })
    }

    /// What the documents depend on in this set, for telling whether anything changed
    /// since the last generation: the built-in templates by a hash taken when the
    /// program was built, the pack's own files in full.
    pub fn fingerprint(&self) -> String {
        let mut out = format!(
            "{} {}\n",
            include_str!(concat!(env!("OUT_DIR"), "/templates.hash")),
            self.files.len()
        );
        for (path, text) in &self.files {
            let builtin = BUILTIN.get_file(path).and_then(|f| f.contents_utf8());
            if builtin != Some(text.as_str()) {
                out.push_str(path);
                out.push('\n');
                out.push_str(text);
            }
        }
        out
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

/// The built-in templates of one locale, parsed by the build script (`build.rs`).
struct Prebuilt {
    texts: Vec<&'static str>,
    templates: Vec<(&'static str, &'static [u8])>,
}

static PREBUILT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/templates.bin"));

impl Prebuilt {
    /// The prebuilt templates of `locale`; `None` if there are none or the stored form
    /// cannot be read (then every template is parsed at run time).
    fn locale(locale: &str) -> Option<Prebuilt> {
        let mut r = ast::Reader::new(PREBUILT);
        for _ in 0..r.count()? {
            let name = r.str()?;
            let texts = (0..r.count()?)
                .map(|_| r.str())
                .collect::<Option<Vec<_>>>()?;
            let mut templates = Vec::new();
            for _ in 0..r.count()? {
                let path = r.str()?;
                let len = r.count()?;
                templates.push((path, r.take(len)?));
            }
            if name == locale {
                return Some(Prebuilt { texts, templates });
            }
        }
        None
    }

    fn bytes(&self, path: &str) -> Option<&'static [u8]> {
        self.templates
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, bytes)| *bytes)
    }

    /// The template at `path`, if it was prebuilt and reads back.
    #[cfg(test)]
    fn template(&self, path: &str) -> Option<tera::Template> {
        read_template(path, self.bytes(path)?)
    }
}

/// A template from its stored form; None if the bytes are not such a form.
fn read_template(path: &str, bytes: &[u8]) -> Option<tera::Template> {
    let mut r = ast::Reader::new(bytes);
    let nodes = r.nodes()?;
    if !r.done() {
        return None;
    }
    // What `Template::new` gives a template without inheritance, blocks or macros: the
    // build script prebuilds no others.
    let mut template = tera::Template::new(path, None, "").ok()?;
    template.ast = nodes;
    Some(template)
}

/// A Tera instance that escapes every `{{ … }}` of a Markdown template for Markdown.
fn configured() -> Tera {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".md"]);
    tera.set_escape_fn(escape_markdown);
    tera
}

/// Parses templates on as many threads as the machine has cores.
fn compile_parallel(
    lifted: &[(String, String)],
    sources: &[(String, String)],
    locale: &str,
) -> Result<Vec<Tera>, Error> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let chunk = sources.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
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
    })
}

fn compile_part(
    sources: &[(String, String)],
    originals: &[(String, String)],
) -> Result<Tera, Error> {
    let mut tera = configured();
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

/// The compiled templates of one locale, spread over several Tera instances, and the
/// literal texts lifted out of them: the built-in ones first, then the pack's.
pub struct Compiled {
    parts: Vec<Tera>,
    /// Built-in templates in their stored form, by name.
    stored: Vec<(String, &'static [u8])>,
    builtin_texts: Vec<&'static str>,
    texts: Vec<String>,
}

impl Compiled {
    pub fn has(&self, name: &str) -> bool {
        self.stored.iter().any(|(n, _)| n == name)
            || self
                .parts
                .iter()
                .any(|t| t.get_template_names().any(|n| n == name))
    }

    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String, Error> {
        let missing = || Error::Template {
            template: name.into(),
            detail: "missing".into(),
        };
        let out = match self.stored.iter().find(|(n, _)| n == name) {
            Some((_, bytes)) => {
                // Read back for this rendering only: a pack needs each template once or
                // a few times, and reading is cheap; holding all of them is not.
                let template = read_template(name, bytes).ok_or_else(|| Error::Template {
                    template: name.into(),
                    detail: "its built-in form does not read back; rebuild smskit".into(),
                })?;
                let mut tera = configured();
                tera.templates.insert(name.to_string(), template);
                tera.render(name, context)
            }
            None => self
                .parts
                .iter()
                .find(|t| t.get_template_names().any(|n| n == name))
                .ok_or_else(missing)?
                .render(name, context),
        }
        .map_err(|e| template_error(name, &e))?;
        let builtin = self.builtin_texts.len();
        Ok(restore_text(&out, |i| match i.checked_sub(builtin) {
            None => self.builtin_texts.get(i).copied(),
            Some(own) => self.texts.get(own).map(String::as_str),
        }))
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
        let lifted = lift_text(template, &mut texts, 0);
        assert!(texts.len() >= 3, "{texts:?}");
        let mut ctx = tera::Context::new();
        ctx.insert("a", &true);
        ctx.insert("x", "X");
        ctx.insert("y", "Y");
        let plain = Tera::one_off(template, &ctx, false).unwrap();
        let via = restore_text(&Tera::one_off(&lifted, &ctx, false).unwrap(), |i| {
            texts.get(i).map(String::as_str)
        });
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
    /// Every node kind Tera has survives the stored form unchanged.
    #[test]
    fn the_stored_form_gives_back_every_kind_of_node() {
        let template = r#"{% extends "base.md" %}{% import "m.md" as m %}
{% macro row(a, b=2.5) %}{{ a ~ "x" ~ b }}{% endmacro row %}
{% block body %}{{ super() }}{% raw %}{{ raw }}{% endraw %}{% endblock body %}
{%- set x = [1, -2, "s", true, none_or] | join(sep=", ") -%}
{% set_global y = 3 * (4 + 5) / 2 % 7 - 1 %}
{% for k, v in map | default(value=[]) %}{% if loop.first %}{% break %}{% elif v is defined and v is not divisibleby(2) and not flag %}{% continue %}{% else %}{{ m::row(a=k) }}{% endif %}{% else %}empty{% endfor %}
{% filter upper %}{{ now() }}{% endfilter %}
{% include ["a.md", "b.md"] ignore missing %}{# comment #}
{{ x not in y and (a >= b or c != d) and e < f and g <= h and i > j and k == l }}"#;
        let parsed = tera::Template::new("t.md", None, template).unwrap();
        let mut bytes = Vec::new();
        ast::encode(&parsed.ast, &mut bytes);
        let mut reader = ast::Reader::new(&bytes);
        assert_eq!(reader.nodes().unwrap(), parsed.ast);
        assert!(reader.done());
        // A damaged form is refused, never read as something else.
        for cut in [1, bytes.len() / 2, bytes.len() - 1] {
            assert!(ast::Reader::new(&bytes[..cut]).nodes().is_none(), "{cut}");
        }
    }

    /// The build script stored every built-in template, and each is exactly what Tera's
    /// parser makes of it here.
    #[test]
    fn every_built_in_template_comes_prebuilt_and_equal_to_a_fresh_parse() {
        let set = TemplateSet::builtin();
        for locale in set.locales() {
            let prebuilt = Prebuilt::locale(&locale).expect("this locale is prebuilt");
            let mut texts = Vec::new();
            for (path, text) in &set.files {
                if !(path.starts_with(&format!("{locale}/")) && path.ends_with(".md")) {
                    continue;
                }
                let stored = prebuilt.template(path).unwrap_or_else(|| panic!("{path}"));
                let lifted = lift_text(&protect_heading_ids(text), &mut texts, 0);
                let fresh = tera::Template::new(path, None, &lifted).unwrap();
                assert!(stored.ast == fresh.ast, "{path} differs from a fresh parse");
            }
            assert_eq!(texts, prebuilt.texts, "{locale}: the lifted texts");
        }
    }

    /// A pack's own version of a built-in template is parsed at run time and wins.
    #[test]
    fn a_changed_built_in_template_is_parsed_again() {
        let mut set = TemplateSet::builtin();
        let path = "en/sms_scope_statement.md".to_string();
        assert!(set.files.contains_key(&path));
        set.files.insert(
            path.clone(),
            "# Own scope of {{ organisation.name }}".into(),
        );
        let compiled = set.compile("en").unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("organisation", &serde_json::json!({"name": "Acme"}));
        assert_eq!(compiled.render(&path, &ctx).unwrap(), "# Own scope of Acme");
    }
}
