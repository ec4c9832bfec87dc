//! Every error smskit reports, its message (from the locale files) and its exit code.

use std::path::PathBuf;

use crate::answers::Problems;
use crate::i18n::tr;

#[derive(Debug, thiserror::Error)]
#[error("{}", self.message())]
pub enum Error {
    Answers(Problems),
    Read { path: PathBuf, detail: String },
    NotUtf8 { path: PathBuf },
    Write { path: PathBuf, detail: String },
    NoAnswers { dir: PathBuf },
    Logo { path: PathBuf, detail: String },
    AnswersExist { path: PathBuf },
    ExportExists { path: PathBuf },
    NeedsTerminal,
    BadDate { value: String },
    BadEpoch { value: String },
    BadLocale { value: String, allowed: Vec<String> },
    Template { template: String, detail: String },
    Docx { document: String, detail: String },
    Register { path: PathBuf, detail: String },
    UnknownDocument { id: String },
    Locked { path: PathBuf },
}

fn show(path: &std::path::Path) -> String {
    path.display().to_string()
}

impl Error {
    /// 1: the command ran and refused or found a problem; 2: bad usage or bad input.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::AnswersExist { .. } | Error::ExportExists { .. } | Error::Locked { .. } => 1,
            _ => 2,
        }
    }

    pub fn message(&self) -> String {
        let fix = |key: &str, args: &[(&str, &str)]| {
            format!("\n  {} {}", tr("answers.fix", &[]), tr(key, args))
        };
        match self {
            Error::Answers(problems) => problems.to_string(),
            Error::Read { path, detail } => tr(
                "cli.read_failed",
                &[("path", &show(path)), ("detail", detail)],
            ),
            Error::Logo { path, detail } => {
                tr(
                    "cli.logo_failed",
                    &[("path", &show(path)), ("detail", detail)],
                ) + &fix("cli.fix_logo", &[])
            }
            Error::NotUtf8 { path } => tr("cli.not_utf8", &[("path", &show(path))]),
            Error::Write { path, detail } => tr(
                "cli.write_failed",
                &[("path", &show(path)), ("detail", detail)],
            ),
            Error::NoAnswers { dir } => {
                let dir = show(dir);
                tr("cli.no_answers", &[("dir", &dir)])
                    + &fix("cli.fix_no_answers", &[("dir", &dir)])
            }
            Error::AnswersExist { path } => {
                tr("cli.answers_exist", &[("path", &show(path))])
                    + &fix("cli.fix_answers_exist", &[])
            }
            Error::ExportExists { path } => {
                tr("cli.export_exists", &[("path", &show(path))])
                    + &fix("cli.fix_export_exists", &[])
            }
            Error::NeedsTerminal => {
                tr("cli.wizard_needs_terminal", &[]) + &fix("cli.fix_wizard", &[])
            }
            Error::BadDate { value } => {
                tr("cli.bad_date", &[("value", value)]) + &fix("cli.fix_date", &[])
            }
            Error::BadEpoch { value } => tr("cli.bad_epoch", &[("value", value)]),
            Error::BadLocale { value, allowed } => {
                tr("cli.bad_locale", &[("value", value)])
                    + &fix("cli.fix_locale", &[("allowed", &allowed.join(", "))])
            }
            Error::Register { path, detail } => {
                tr(
                    "cli.register_damaged",
                    &[("path", &show(path)), ("detail", detail)],
                ) + &fix("cli.fix_register", &[])
            }
            Error::UnknownDocument { id } => {
                tr("cli.unknown_document", &[("id", id)]) + &fix("cli.fix_unknown_document", &[])
            }
            Error::Locked { path } => {
                tr("cli.locked", &[("path", &show(path))]) + &fix("cli.fix_locked", &[])
            }
            Error::Docx { document, detail } => {
                tr("cli.docx_failed", &[("id", document), ("detail", detail)])
            }
            Error::Template { template, detail } => {
                tr(
                    "cli.template_error",
                    &[("template", template), ("detail", detail)],
                ) + &fix("cli.fix_template", &[])
            }
        }
    }
}
