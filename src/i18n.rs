//! The strings smskit prints, from `locales/<lang>.yml`, so that every message can be
//! translated without touching code. `tr("key", &[("name", value)])` fills `{name}`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use include_dir::{Dir, include_dir};

static LOCALES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/locales");
static ACTIVE: OnceLock<Strings> = OnceLock::new();

type Strings = BTreeMap<String, String>;

/// The locales whose interface strings are built in.
pub fn available() -> Vec<String> {
    let mut names: Vec<String> = LOCALES
        .files()
        .filter_map(|f| f.path().file_name()?.to_str()?.strip_suffix(".yml"))
        .map(str::to_string)
        .collect();
    names.sort();
    names
}

/// The strings of one locale; a locale without a file gets none (and keys show through).
pub fn strings(locale: &str) -> Strings {
    LOCALES
        .get_file(format!("{locale}.yml"))
        .and_then(|f| f.contents_utf8())
        .and_then(|text| serde_saphyr::from_str::<Strings>(text).ok())
        .unwrap_or_default()
}

/// Chooses the interface language once, early; later calls keep the first choice.
pub fn set_locale(locale: &str) {
    let chosen = if available().iter().any(|l| l == locale) {
        locale
    } else {
        "en"
    };
    let _ = ACTIVE.set(strings(chosen));
}

fn active() -> &'static Strings {
    ACTIVE.get_or_init(|| strings("en"))
}

/// The message `key` with its `{placeholders}` filled in.
pub fn tr(key: &str, args: &[(&str, &str)]) -> String {
    let Some(template) = active().get(key) else {
        return key.to_string();
    };
    let mut out = template.clone();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_strings_load_and_fill_placeholders() {
        let en = strings("en");
        assert!(en.len() > 20);
        assert!(available().contains(&"en".to_string()));
        assert_eq!(tr("no.such.key", &[]), "no.such.key");
    }
}
