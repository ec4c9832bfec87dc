//! The command line: arguments in, exit code out. Each command is a thin sequence of
//! library calls; every error becomes one message and one exit code here.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

use crate::answers::{self, Answers};
use crate::catalog;
use crate::check;
use crate::control;
use crate::docx;
use crate::error::Error;
use crate::i18n::{self, tr};
use crate::pack;
use crate::render;
use crate::templates::TemplateSet;

/// Prints a line to standard output. A closed pipe (`smskit check | head`) is not an
/// error worth a panic: the reader has what it wanted.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// The built-in example organisation (`init --example`), also shipped in examples/.
pub const EXAMPLE: &str = include_str!("../examples/northwind.yaml");

#[derive(Parser, Debug)]
#[command(
    name = "smskit",
    version,
    about = "Writes the documentation of an ISO/IEC 20000-1:2018 service management system"
)]
pub struct Cli {
    /// The pack folder
    #[arg(long, global = true, default_value = ".")]
    pub dir: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a pack: from an answers file, from the built-in example, or interactively
    Init(InitArgs),
    /// Render every document of the pack from smskit.yaml, under document control
    Generate(GenerateArgs),
    /// List every document with its version, status and whether it is up to date
    Status {
        /// Print one JSON object
        #[arg(long)]
        json: bool,
        /// Exit 1 if a regeneration would change anything
        #[arg(long)]
        check: bool,
    },
    /// Show, as a unified diff of the Markdown, what `generate` would change
    Diff {
        /// Only this document
        id: Option<String>,
        #[command(flatten)]
        date: DateArg,
    },
    /// Approve drafts: next major version, approver and next review date recorded
    Approve(ApproveArgs),
    /// Show which document and section covers each clause; exit 1 naming every gap
    Check {
        /// Print the coverage as JSON
        #[arg(long)]
        json: bool,
    },
    /// Convert any Markdown file to a DOCX in the house style (with the pack's branding)
    Render {
        /// The Markdown file
        file: PathBuf,
        /// Where to write the DOCX (default: beside the Markdown file)
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        date: DateArg,
    },
    /// Work with the built-in templates
    Templates {
        #[command(subcommand)]
        command: TemplatesCommand,
    },
}

#[derive(Args, Debug)]
pub struct DateArg {
    /// Fix "today" (YYYY-MM-DD) so that output is reproducible; SOURCE_DATE_EPOCH works too
    #[arg(long)]
    pub date: Option<String>,
}

#[derive(Args, Debug)]
pub struct GenerateArgs {
    /// The revision-history description (default: a summary of what changed in the answers)
    #[arg(long)]
    pub message: Option<String>,
    /// Replace Word files that were changed by hand (a backup is kept)
    #[arg(long)]
    pub force: bool,
    /// Return a document to the template text (its current file is backed up first)
    #[arg(long, value_name = "ID")]
    pub reset: Vec<String>,
    #[command(flatten)]
    pub date: DateArg,
}

#[derive(Args, Debug)]
pub struct ApproveArgs {
    /// The documents to approve
    pub ids: Vec<String>,
    /// Approve every draft
    #[arg(long, conflicts_with = "ids")]
    pub all: bool,
    /// Who approves
    #[arg(long)]
    pub by: String,
    /// The approver's role (default: the top-management role of the pack)
    #[arg(long)]
    pub role: Option<String>,
    #[command(flatten)]
    pub date: DateArg,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Read the answers from this YAML file instead of asking
    #[arg(long, conflicts_with = "example")]
    pub answers: Option<PathBuf>,
    /// Use the built-in example organisation
    #[arg(long)]
    pub example: bool,
    /// Language of the documents (overrides the answers' locale)
    #[arg(long)]
    pub locale: Option<String>,
    /// Replace the answers of an existing pack
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub date: DateArg,
}

#[derive(Subcommand, Debug)]
pub enum TemplatesCommand {
    /// Write the built-in templates to DIR, to copy into a pack's templates/ and edit
    Export {
        dir: PathBuf,
        /// Overwrite files that already exist
        #[arg(long)]
        force: bool,
    },
}

/// Runs smskit with the process's arguments and returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    if let Command::Init(InitArgs {
        locale: Some(l), ..
    }) = &cli.command
    {
        i18n::set_locale(l);
    }
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{} {}", tr("cli.error", &[]), e);
            e.exit_code()
        }
    }
}

pub fn run(cli: Cli) -> Result<i32, Error> {
    let dir = cli.dir;
    match cli.command {
        Command::Init(args) => init(&dir, args),
        Command::Generate(args) => {
            let today = today(args.date.date.as_deref())?;
            let (answers, set, text) = load_pack(&dir)?;
            let options = GenerateOptions {
                today: &today,
                message: args.message.as_deref(),
                force: args.force,
                reset: &args.reset,
            };
            generate(&dir, &answers, &text, &set, &options)
        }
        Command::Status { json, check } => status(&dir, json, check),
        Command::Diff { id, date } => diff(&dir, id.as_deref(), &today(date.date.as_deref())?),
        Command::Approve(args) => approve(&dir, args),
        Command::Check { json } => {
            let (answers, _, _) = load_pack(&dir)?;
            Ok(report_check(&dir, &answers, json))
        }
        Command::Templates {
            command: TemplatesCommand::Export { dir: out, force },
        } => export(&out, force),
        Command::Render { file, output, date } => {
            let today = today(date.date.as_deref())?;
            render_file(&dir, &file, output, &today)
        }
    }
}

fn init(dir: &Path, args: InitArgs) -> Result<i32, Error> {
    let today = today(args.date.date.as_deref())?;
    let (text, source) = match (&args.answers, args.example) {
        (Some(file), _) => (pack::read_text(file)?, file.display().to_string()),
        (None, true) => (EXAMPLE.to_string(), "examples/northwind.yaml".to_string()),
        (None, false) => {
            if !std::io::stdin().is_terminal() {
                return Err(Error::NeedsTerminal);
            }
            return run_wizard(dir, &args, &today);
        }
    };
    let text = match &args.locale {
        Some(locale) => with_locale(&text, locale),
        None => text,
    };
    let set = TemplateSet::with_overrides(&dir.join(pack::TEMPLATES))?;
    let locales = set.locales();
    if let Some(locale) = &args.locale
        && !locales.contains(locale)
    {
        return Err(Error::BadLocale {
            value: locale.clone(),
            allowed: locales,
        });
    }
    let answers = answers::parse(&text, &source, &locales).map_err(Error::Answers)?;
    i18n::set_locale(&answers.locale);
    let target = dir.join(pack::ANSWERS);
    if target.exists() && !args.force {
        return Err(Error::AnswersExist { path: target });
    }
    // The documents are rendered before anything is written, so that a template error
    // leaves no half pack; the answers are written after the documents.
    let options = GenerateOptions {
        today: &today,
        message: None,
        force: false,
        reset: &[],
    };
    let code = generate(dir, &answers, &text, &set, &options)?;
    pack::write_atomic(&target, text.as_bytes())?;
    Ok(code)
}

/// `init` in a terminal: ask, write `smskit.yaml`, generate, summarise.
fn run_wizard(dir: &Path, args: &InitArgs, today: &str) -> Result<i32, Error> {
    let set = TemplateSet::with_overrides(&dir.join(pack::TEMPLATES))?;
    let locales = set.locales();
    let target = dir.join(pack::ANSWERS);
    let current = if target.is_file() {
        let text = pack::read_text(&target)?;
        Some(
            answers::parse(&text, &target.display().to_string(), &locales)
                .map_err(Error::Answers)?,
        )
    } else {
        None
    };
    if args.locale.is_none()
        && let Some(a) = &current
    {
        i18n::set_locale(&a.locale);
    }
    let mut answers = match crate::wizard::ask(
        &mut crate::wizard::Terminal,
        current.as_ref(),
        &locales,
        dir,
    ) {
        Ok(a) => a,
        Err(crate::wizard::Cancelled) => {
            eprintln!("{}", tr("wizard.cancelled", &[]));
            return Ok(1);
        }
    };
    if let Some(locale) = &args.locale {
        answers.locale = locale.clone();
    }
    // Unchanged answers keep the person's own file, comments and all.
    let text = match (&current, target.is_file()) {
        (Some(c), true) if *c == answers => pack::read_text(&target)?,
        _ => crate::wizard::to_yaml(&answers),
    };
    let answers =
        answers::parse(&text, &target.display().to_string(), &locales).map_err(Error::Answers)?;
    let logo = read_logo(dir, &answers)?;
    let lock = pack::lock(dir, LOCK_WAIT)?;
    let options = control::Options {
        today,
        message: None,
        force: false,
        reset: &[],
        dry_run: false,
        logo: logo.as_deref(),
    };
    let outcome = control::generate(dir, &answers, &text, &set, &options)?;
    drop(lock);
    if pack::read_text(&target).ok().as_deref() != Some(text.as_str()) {
        pack::write_atomic(&target, text.as_bytes())?;
    }
    for status in &outcome.statuses {
        say!(
            "{}",
            tr(
                "wizard.written",
                &[("id", &status.id), ("title", &status.title)]
            )
        );
    }
    let shown = dir.display().to_string();
    say!(
        "{}",
        tr(
            "wizard.summary",
            &[
                ("count", &outcome.statuses.len().to_string()),
                ("dir", &shown)
            ]
        )
    );
    say!("{}", tr("wizard.next", &[("dir", &shown)]));
    Ok(if outcome.needs_attention() { 1 } else { 0 })
}

/// The answers text with its top-level `locale:` set, keeping every other line.
fn with_locale(text: &str, locale: &str) -> String {
    let line = format!("locale: {locale}");
    let mut found = false;
    let mut out: Vec<String> = text
        .lines()
        .map(|l| {
            if l.starts_with("locale:") {
                found = true;
                line.clone()
            } else {
                l.to_string()
            }
        })
        .collect();
    if !found {
        let at = out
            .iter()
            .position(|l| l.starts_with("schema:"))
            .map_or(0, |i| i + 1);
        out.insert(at, line);
    }
    out.join("\n") + "\n"
}

fn load_pack(dir: &Path) -> Result<(Answers, TemplateSet, String), Error> {
    let path = dir.join(pack::ANSWERS);
    if !path.is_file() {
        return Err(Error::NoAnswers {
            dir: dir.to_path_buf(),
        });
    }
    let text = pack::read_text(&path)?;
    let set = TemplateSet::with_overrides(&dir.join(pack::TEMPLATES))?;
    let answers = answers::parse(&text, &path.display().to_string(), &set.locales())
        .map_err(Error::Answers)?;
    i18n::set_locale(&answers.locale);
    Ok((answers, set, text))
}

struct GenerateOptions<'a> {
    today: &'a str,
    message: Option<&'a str>,
    force: bool,
    reset: &'a [String],
}

/// How long a run waits for another run on the same pack before giving up.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

fn generate(
    dir: &Path,
    answers: &Answers,
    text: &str,
    set: &TemplateSet,
    o: &GenerateOptions,
) -> Result<i32, Error> {
    let logo = read_logo(dir, answers)?;
    let _lock = pack::lock(dir, LOCK_WAIT)?;
    // A reset saves the person's file first; the new text then replaces it.
    for id in o.reset {
        let Some(path) = pack::find_document(dir, id) else {
            return Err(Error::UnknownDocument { id: id.clone() });
        };
        let backup = path.with_extension(format!("md.{}.bak", o.today));
        let bytes = std::fs::read(&path).map_err(|e| Error::Read {
            path: path.clone(),
            detail: e.to_string(),
        })?;
        pack::write_atomic(&backup, &bytes)?;
        std::fs::remove_file(&path).map_err(|e| Error::Write {
            path: path.clone(),
            detail: e.to_string(),
        })?;
    }
    let options = control::Options {
        today: o.today,
        message: o.message,
        force: o.force,
        reset: o.reset,
        dry_run: false,
        logo: logo.as_deref(),
    };
    let outcome = control::generate(dir, answers, text, set, &options)?;
    report_generation(dir, &outcome)
}

fn report_generation(dir: &Path, outcome: &control::Outcome) -> Result<i32, Error> {
    let shown = dir.display().to_string();
    for status in outcome
        .statuses
        .iter()
        .filter(|s| s.state == control::State::Conflict)
    {
        let file = outcome
            .proposals
            .iter()
            .find(|(name, _)| name.starts_with(&status.id))
            .map(|(name, _)| name.clone())
            .unwrap_or_default();
        say!(
            "{}",
            tr("cli.conflict", &[("id", &status.id), ("file", &file)])
        );
    }
    for file in &outcome.kept_docx {
        say!("{}", tr("cli.docx_kept", &[("file", file)]));
    }
    for (id, w) in &outcome.warnings {
        eprintln!(
            "{} ({id})",
            tr(
                "cli.render_warning",
                &[("code", w.code), ("message", &w.message)]
            )
        );
    }
    for id in &outcome.withdrawn {
        say!("{}", tr("cli.withdrawn", &[("id", id)]));
    }
    say!(
        "{}",
        tr(
            "cli.written_count",
            &[
                ("count", &outcome.written.len().to_string()),
                ("dir", &shown),
                ("documents", &outcome.statuses.len().to_string())
            ]
        )
    );
    if !outcome.needs_attention() {
        say!("{}", tr("cli.next_steps", &[("dir", &shown)]));
    }
    Ok(if outcome.needs_attention() { 1 } else { 0 })
}

/// What `generate` would do now, without writing anything.
fn dry_run(dir: &Path, today: &str) -> Result<control::Outcome, Error> {
    let (answers, set, text) = load_pack(dir)?;
    let logo = read_logo(dir, &answers)?;
    let options = control::Options {
        today,
        message: None,
        force: false,
        reset: &[],
        dry_run: true,
        logo: logo.as_deref(),
    };
    control::generate(dir, &answers, &text, &set, &options)
}

fn status(dir: &Path, json: bool, check: bool) -> Result<i32, Error> {
    let (_, set, text) = load_pack(dir)?;
    let statuses = match control::quick_status(dir, &text, &set)? {
        Some(statuses) => statuses,
        None => dry_run(dir, &today(None)?)?.statuses,
    };
    let outcome = control::Outcome::from_statuses(statuses);
    if json {
        say!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({"documents": outcome.statuses}))
                .unwrap_or_default()
        );
    } else {
        for s in &outcome.statuses {
            let state = tr(
                &format!(
                    "status.{}",
                    serde_json::to_value(s.state)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default()
                ),
                &[],
            );
            say!(
                "{}",
                tr(
                    "cli.status_line",
                    &[
                        ("id", &s.id),
                        ("version", &s.version),
                        ("status", &s.status),
                        ("state", &state),
                        ("title", &s.title)
                    ]
                )
            );
        }
    }
    let pending = outcome
        .statuses
        .iter()
        .any(|s| s.state != control::State::Current);
    Ok(if check && pending { 1 } else { 0 })
}

fn diff(dir: &Path, only: Option<&str>, today: &str) -> Result<i32, Error> {
    let outcome = dry_run(dir, today)?;
    if let Some(id) = only
        && !outcome.statuses.iter().any(|s| s.id == id)
    {
        return Err(Error::UnknownDocument { id: id.to_string() });
    }
    let mut any = false;
    for (id, (file, new)) in &outcome.markdown {
        if only.is_some_and(|o| o != id) {
            continue;
        }
        let old = pack::read_text(&dir.join(file)).unwrap_or_default();
        if old == *new {
            continue;
        }
        any = true;
        let patch = diffy::create_patch(&old, new);
        let text = patch.to_string();
        let text = text
            .replacen("--- original", &format!("--- a/{file}"), 1)
            .replacen("+++ modified", &format!("+++ b/{file}"), 1);
        say!("{}", text.trim_end());
    }
    // Documents whose Markdown stays but whose Word file changes with the frame.
    for status in &outcome.statuses {
        let markdown_stays = outcome.markdown.get(&status.id).is_some_and(|(file, new)| {
            pack::read_text(&dir.join(file)).is_ok_and(|old| old == *new)
        });
        if only.is_none_or(|o| o == status.id)
            && status.state == control::State::Outdated
            && markdown_stays
        {
            any = true;
            let file = status.files.get("docx").cloned().unwrap_or_default();
            say!("{}", tr("cli.word_only", &[("file", &file)]));
        }
    }
    if !any {
        say!("{}", tr("cli.no_changes", &[]));
    }
    Ok(0)
}

fn approve(dir: &Path, args: ApproveArgs) -> Result<i32, Error> {
    let date = today(args.date.date.as_deref())?;
    let (answers, set, text) = load_pack(dir)?;
    let vocab = render::vocabulary(&set, &answers.locale)?;
    let role = args.role.clone().unwrap_or_else(|| {
        crate::context::roles(&answers, &vocab)
            .iter()
            .find(|r| r["id"] == "top_management")
            .and_then(|r| r["title"].as_str().map(str::to_string))
            .unwrap_or_default()
    });
    let _lock = pack::lock(dir, LOCK_WAIT)?;
    let approved = control::approve(
        dir,
        &args.ids,
        args.all,
        &args.by,
        &role,
        &date,
        answers.document_control.review_months,
    )?;
    drop(_lock);
    if approved.is_empty() {
        say!("{}", tr("cli.nothing_to_approve", &[]));
        return Ok(1);
    }
    // Write the approved versions' files: their frames now show the approval.
    let options = GenerateOptions {
        today: &date,
        message: None,
        force: false,
        reset: &[],
    };
    let code = generate(dir, &answers, &text, &set, &options)?;
    let register = crate::register::load(dir).map_err(|e| Error::Register {
        path: dir.join(crate::register::FILE),
        detail: e.0,
    })?;
    for id in &approved {
        let version = register
            .documents
            .get(id)
            .map(|e| e.version.clone())
            .unwrap_or_default();
        say!(
            "{}",
            tr("cli.approved", &[("id", id), ("version", &version)])
        );
    }
    Ok(code)
}

/// The logo named in the answers, read from the pack folder.
fn read_logo(dir: &Path, answers: &Answers) -> Result<Option<Vec<u8>>, Error> {
    let Some(logo) = &answers.branding.logo else {
        return Ok(None);
    };
    let path = dir.join(logo);
    let bytes = std::fs::read(&path).map_err(|e| Error::Logo {
        path: path.clone(),
        detail: e.to_string(),
    })?;
    // The title page shows only what it can read the size of: anything else would be
    // left out without a word.
    if crate::docx::png_size(&bytes).is_none() {
        return Err(Error::Logo {
            path,
            detail: tr("cli.logo_not_png", &[]),
        });
    }
    Ok(Some(bytes))
}

fn report_check(dir: &Path, answers: &Answers, json: bool) -> i32 {
    let report = check::coverage(answers, dir, catalog::builtin());
    if json {
        say!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
    } else if report.gaps.is_empty() {
        for entry in &report.requirements {
            for place in &entry.covered_by {
                say!(
                    "{}",
                    tr(
                        "check.covered",
                        &[
                            ("clause", &entry.clause),
                            ("name", &entry.name),
                            ("id", &place.document),
                            ("section", &place.section)
                        ]
                    )
                );
            }
        }
        say!(
            "{}",
            tr(
                "check.ok",
                &[("count", &report.requirements.len().to_string())]
            )
        );
    } else {
        say!(
            "{}",
            tr("check.gaps", &[("count", &report.gaps.len().to_string())])
        );
        for gap in &report.gaps {
            let key = match gap.kind {
                check::GapKind::MissingDocument => "check.gap_missing_document",
                check::GapKind::MissingSection => "check.gap_missing_section",
                check::GapKind::NoDocument => "check.gap_no_document",
            };
            let id = gap.document.clone().unwrap_or_default();
            let file = gap.file.clone().unwrap_or_else(|| format!("{id}*.md"));
            let section = gap.section.clone().unwrap_or_default();
            say!(
                "  {}",
                tr(
                    key,
                    &[
                        ("clause", &gap.clause),
                        ("name", &gap.name),
                        ("id", &id),
                        ("file", &file),
                        ("section", &section)
                    ]
                )
            );
        }
        say!("{}", tr("check.fix", &[]));
    }
    if report.gaps.is_empty() { 0 } else { 1 }
}

/// `render`: one Markdown file to DOCX. The pack in `dir`, if there is one, gives the
/// organisation, classification and branding.
fn render_file(
    dir: &Path,
    file: &Path,
    output: Option<PathBuf>,
    today: &str,
) -> Result<i32, Error> {
    let markdown = pack::read_text(file)?;
    let front = crate::markdown::front_matter(&markdown);
    let field = |k: &str| front.get(k).cloned().unwrap_or_default();
    let title = match front.get("title") {
        Some(t) => t.clone(),
        None => crate::markdown::first_h1(&markdown).unwrap_or_else(|| {
            file.file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default()
        }),
    };
    let mut meta = docx::Meta {
        title,
        id: field("id"),
        version: field("version"),
        status: field("status"),
        owner: field("owner"),
        classification: field("classification"),
        date: today.to_string(),
        accent: "1F4E79".into(),
        keywords: front
            .get("clauses")
            .map(|c| vec![c.clone()])
            .unwrap_or_default(),
        revision: 1,
        ..docx::Meta::default()
    };
    let set = TemplateSet::with_overrides(&dir.join(pack::TEMPLATES))?;
    let mut locale = "en".to_string();
    if dir.join(pack::ANSWERS).is_file() {
        let (answers, _, _) = load_pack(dir)?;
        meta.organisation = answers.organisation.name.clone();
        meta.accent = answers
            .branding
            .accent_colour
            .trim_start_matches('#')
            .to_string();
        if meta.classification.is_empty() {
            meta.classification = answers.document_control.classification.clone();
        }
        meta.author = answers.document_control.author.clone().unwrap_or_default();
        meta.logo = read_logo(dir, &answers)?;
        locale = answers.locale.clone();
    }
    let vocab = render::vocabulary(&set, &locale)?;
    meta.subject = meta.title.clone();
    meta.labels = render::frame_labels(&vocab);
    let base = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let images = move |src: &str| -> Option<Vec<u8>> {
        if src.contains("://") {
            return None;
        }
        std::fs::read(base.join(src)).ok()
    };
    let built = docx::build(&markdown, &meta, &images, true).map_err(|e| Error::Docx {
        document: file.display().to_string(),
        detail: e.0,
    })?;
    for w in &built.warnings {
        eprintln!(
            "{}",
            tr(
                "cli.render_warning",
                &[("code", w.code), ("message", &w.message)]
            )
        );
    }
    let output = output.unwrap_or_else(|| file.with_extension("docx"));
    pack::write_atomic(&output, &built.bytes)?;
    say!(
        "{}",
        tr("cli.rendered", &[("path", &output.display().to_string())])
    );
    Ok(0)
}

fn export(out: &Path, force: bool) -> Result<i32, Error> {
    let files = TemplateSet::export(out);
    if !force && let Some((path, _)) = files.iter().find(|(p, _)| p.exists()) {
        return Err(Error::ExportExists { path: path.clone() });
    }
    for (path, text) in &files {
        pack::write_atomic(path, text.as_bytes())?;
    }
    say!(
        "{}",
        tr(
            "cli.exported",
            &[
                ("count", &files.len().to_string()),
                ("dir", &out.display().to_string())
            ]
        )
    );
    Ok(0)
}

/// "Today" as YYYY-MM-DD: `--date`, else SOURCE_DATE_EPOCH, else the system clock.
pub fn today(date: Option<&str>) -> Result<String, Error> {
    if let Some(d) = date {
        return parse_date(d).ok_or_else(|| Error::BadDate {
            value: d.to_string(),
        });
    }
    let seconds = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse::<i64>()
            .map_err(|_| Error::BadEpoch { value: v.clone() })?,
        _ => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    };
    Ok(crate::dates::from_days(seconds.div_euclid(86_400)))
}

fn parse_date(text: &str) -> Option<String> {
    crate::dates::parse(text).map(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_line_is_set_or_added() {
        assert_eq!(
            with_locale("schema: 1\nlocale: en\n", "de"),
            "schema: 1\nlocale: de\n"
        );
        assert_eq!(
            with_locale("schema: 1\nx: 2\n", "de"),
            "schema: 1\nlocale: de\nx: 2\n"
        );
    }
}
