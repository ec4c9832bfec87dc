//! The package: the parts [`write`](super::write) wrote, the fixed parts of our house
//! style (styles, numbering, settings with fields updated on open, theme, fonts), core
//! and app properties and the relationships, in a zip with a fixed entry order and
//! fixed timestamps (`container`).

use std::sync::Arc;

use super::convert::ListInstance;
use super::parts;
use super::write::Parts;
use super::{DocxError, Meta, container};

/// Writes the finished package.
pub fn pack(written: Parts, meta: &Meta, lists: &[ListInstance]) -> Result<Vec<u8>, DocxError> {
    let fail = |e: String| DocxError(format!("zip: {e}"));
    let own = |name: &str, text: &str| container::entry(name, text.as_bytes()).map(Arc::new);
    let accent = meta.accent.as_str();
    let mut rels = parts::document_rels();
    rels.extend(written.rels);
    let [header1, header2] = &written.headers;
    let [footer1, footer2] = &written.footers;
    let mut files = vec![
        own(
            "[Content_Types].xml",
            &parts::content_types(2, 2, !written.media.is_empty()),
        ),
        container::shared("_rels/.rels", "", parts::package_rels),
        own("docProps/core.xml", &parts::core(meta)),
        own("docProps/app.xml", &parts::app(meta)),
        own("word/document.xml", &written.document),
        own("word/_rels/document.xml.rels", &parts::rels(&rels)),
        container::shared("word/styles.xml", accent, || parts::styles(accent)),
        own("word/numbering.xml", &parts::numbering(lists)),
        container::shared("word/settings.xml", "", parts::settings),
        container::shared("word/fontTable.xml", "", parts::font_table),
        own("word/footnotes.xml", &written.footnotes),
        container::shared("word/theme/theme1.xml", accent, || parts::theme(accent)),
        own("word/header1.xml", header1),
        own("word/header2.xml", header2),
        own("word/footer1.xml", footer1),
        own("word/footer2.xml", footer2),
    ]
    .into_iter()
    .collect::<Result<Vec<_>, _>>()
    .map_err(fail)?;
    for (name, bytes) in &written.media {
        let entry = container::entry(format!("word/media/{name}"), bytes).map_err(fail)?;
        files.push(Arc::new(entry));
    }
    container::write(&files).map_err(fail)
}
