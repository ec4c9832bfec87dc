//! `cargo bench`: how long smskit takes to write a whole pack (Markdown, DOCX and XLSX
//! for every document), and how long pandoc takes to convert the same Markdown files to
//! DOCX, on this machine, in one run. Prints both times and the ratio.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use smskit::answers;
use smskit::render;
use smskit::templates::TemplateSet;

const ROUNDS: u32 = 10;

// The same allocator as the program (src/main.rs), so that in-process times are the
// program's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let set = TemplateSet::builtin();
    let locales = set.locales();
    // The command line first, while this process is small: a large benchmark process
    // beside it makes this virtual machine's memory slower to hand out.
    let cli = time_cli(root, "meridian.yaml");
    for example in ["northwind.yaml", "meridian.yaml"] {
        let text = std::fs::read_to_string(root.join("examples").join(example)).expect("example");
        let answers = answers::parse(&text, example, &locales).expect("valid example");
        // Warm up once, then time the in-process rendering of the whole pack.
        let pack = render::render_pack(&answers, &set, "2026-11-25", None).expect("renders");
        let per_pack = median(|| {
            let start = Instant::now();
            std::hint::black_box(
                render::render_pack(&answers, &set, "2026-11-25", None).expect("renders"),
            );
            start.elapsed()
        });
        let words: usize = pack
            .documents
            .iter()
            .map(|d| d.markdown.split_whitespace().count())
            .sum();
        println!(
            "{example}: {} documents, {} words, {} registers: {:.1} ms per pack (Markdown + DOCX + XLSX, in process, median of {ROUNDS})",
            pack.documents.len(),
            words,
            pack.registers.len(),
            ms(per_pack)
        );
        if example == "meridian.yaml" {
            let pandoc_markdown: Vec<(String, String)> = pack
                .documents
                .iter()
                .map(|d| (d.file_name.clone(), d.markdown.clone()))
                .collect();
            compare_with_pandoc(&pandoc_markdown, per_pack, cli);
        }
    }
}

/// The median time of `ROUNDS` runs: this machine is a virtual one whose memory the
/// host sometimes reclaims, which makes a run now and then far slower than the rest.
fn median(mut timed: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..ROUNDS).map(|_| timed()).collect();
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The whole command, as a user runs it: start, validate, render, write every file;
/// then `status` on the pack it wrote. Returns the time per pack.
fn time_cli(root: &Path, example: &str) -> Option<Duration> {
    let bin = root.join("target/release/smskit");
    if !bin.exists() {
        println!("(build with `cargo build --release` to time the command line as well)");
        return None;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let pack = dir.path().join("pack");
    // Each run writes a new pack into an empty folder; removing the last one is not
    // timed.
    let run = || {
        let _ = std::fs::remove_dir_all(&pack);
        let start = Instant::now();
        let status = Command::new(&bin)
            .args(["init", "--date", "2026-11-25", "--answers"])
            .arg(root.join("examples").join(example))
            .arg("--dir")
            .arg(&pack)
            .output()
            .expect("runs");
        assert!(status.status.success());
        start.elapsed()
    };
    // Once to bring the program into the page cache, then timed.
    run();
    let per_pack = median(run);
    println!(
        "smskit init (command line, files written): {:.1} ms per pack, median of {ROUNDS}",
        ms(per_pack)
    );
    let start = Instant::now();
    for _ in 0..ROUNDS {
        let out = Command::new(&bin)
            .args(["status", "--dir"])
            .arg(&pack)
            .output()
            .expect("runs");
        assert!(out.status.success());
    }
    println!(
        "smskit status on that pack of {} documents (command line): {:.1} ms",
        std::fs::read_dir(&pack).map_or(0, |d| d
            .filter(|e| e
                .as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "md")))
            .count()),
        ms(start.elapsed() / ROUNDS)
    );
    Some(per_pack)
}

fn compare_with_pandoc(markdown: &[(String, String)], ours: Duration, cli: Option<Duration>) {
    if Command::new("pandoc").arg("--version").output().is_err() {
        println!("pandoc is not installed: no comparison");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in markdown {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let start = Instant::now();
    for (name, _) in markdown {
        let out = dir.path().join(format!("{name}.docx"));
        let status = Command::new("pandoc")
            .arg(dir.path().join(name))
            .args(["-f", "markdown", "-t", "docx", "-o"])
            .arg(out)
            .status()
            .expect("pandoc runs");
        assert!(status.success());
    }
    let theirs = start.elapsed();
    println!(
        "pandoc, the same {} Markdown files to DOCX: {:.1} ms; smskit is {:.0} times faster",
        markdown.len(),
        ms(theirs),
        theirs.as_secs_f64() / ours.as_secs_f64()
    );
    if let Some(cli) = cli {
        println!(
            "  ({:.0} times faster counting the whole command: start, answers, every file written)",
            theirs.as_secs_f64() / cli.as_secs_f64()
        );
    }
}
