//! The templates, locales and catalogue are embedded in the binary: rebuild when they
//! change. The built-in templates are also parsed here, once, and stored parsed
//! (`templates.bin` in OUT_DIR, read by `src/templates/mod.rs`), so that a run of the
//! program does not spend its time in Tera's parser.
//!
//! `templates.bin`: per locale, its name, the texts lifted out of its templates, then
//! per template its path, the length of its encoding and the encoding
//! (`src/templates/ast.rs`). A template that does not parse, or that uses inheritance,
//! blocks or macros, is left out; the program parses it at run time and reports errors
//! as it always does.

#[allow(dead_code)]
#[path = "src/templates/ast.rs"]
mod ast;
#[allow(dead_code)]
#[path = "src/templates/prepare.rs"]
mod prepare;

use std::path::Path;

use tera::ast::Node;

fn main() {
    for dir in ["templates", "locales", "catalog", "examples"] {
        println!("cargo:rerun-if-changed={dir}");
    }
    println!("cargo:rerun-if-changed=src/templates/ast.rs");
    println!("cargo:rerun-if-changed=src/templates/prepare.rs");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let blob = prebuild(Path::new("templates"));
    std::fs::write(Path::new(&out).join("templates.bin"), blob).expect("OUT_DIR is writable");
    let hash = fingerprint(Path::new("templates"));
    std::fs::write(Path::new(&out).join("templates.hash"), hash).expect("OUT_DIR is writable");
}

/// FNV-1a over every built-in template file's path and text, in path order.
fn fingerprint(root: &Path) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for dir in sorted(root).into_iter().filter(|p| p.is_dir()) {
        for path in sorted(&dir) {
            let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy();
            let text = std::fs::read(&path).unwrap_or_default();
            for b in rel.as_bytes().iter().chain(b"\n").chain(&text) {
                h ^= u64::from(*b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
    format!("{h:016x}")
}

fn sorted(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    entries.sort();
    entries
}

fn prebuild(root: &Path) -> Vec<u8> {
    let locales: Vec<_> = sorted(root).into_iter().filter(|p| p.is_dir()).collect();
    let mut blob = Vec::new();
    ast::put_count(locales.len(), &mut blob);
    for dir in locales {
        let locale = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let mut texts = Vec::new();
        let mut templates = Vec::new();
        for path in sorted(&dir) {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let Ok(source) = std::fs::read_to_string(&path) else {
                continue;
            };
            if !name.ends_with(".md") {
                continue;
            }
            let rel = format!("{locale}/{name}");
            // Lift into a scratch list first: a template left out must leave no texts.
            let mut own = Vec::new();
            let lifted = prepare::lift_text(
                &prepare::protect_heading_ids(&source),
                &mut own,
                texts.len(),
            );
            let Ok(template) = tera::Template::new(&rel, None, &lifted) else {
                continue;
            };
            let plain = template.ast.iter().all(|node| {
                !matches!(
                    node,
                    Node::Extends(..)
                        | Node::Block(..)
                        | Node::MacroDefinition(..)
                        | Node::ImportMacro(..)
                )
            });
            if !plain {
                continue;
            }
            texts.extend(own);
            let mut encoded = Vec::new();
            ast::encode(&template.ast, &mut encoded);
            templates.push((rel, encoded));
        }
        ast::put_str(locale, &mut blob);
        ast::put_count(texts.len(), &mut blob);
        for text in &texts {
            ast::put_str(text, &mut blob);
        }
        ast::put_count(templates.len(), &mut blob);
        for (rel, encoded) in templates {
            ast::put_str(&rel, &mut blob);
            ast::put_count(encoded.len(), &mut blob);
            blob.extend_from_slice(&encoded);
        }
    }
    blob
}
