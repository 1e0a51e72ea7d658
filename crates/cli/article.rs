//! `vnfacts article`: content extraction alone, on saved pages.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use serde::Serialize;
use vnfacts_crawl::content::{Extractor, PageType};
use vnfacts_crawl::page_decode::{decode_page_owned, gunzip_if_gzipped};

use crate::util::{expand_inputs, read_input, Input};
use crate::Global;

/// Run content extraction on saved pages and print one JSON object per page.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Saved pages: `.html` or `.html.gz` files, directories of them, or `-` for stdin.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Print time spent reading, decoding and extracting to stderr at the end.
    #[arg(long)]
    pub timings: bool,
}

/// Seconds spent per stage, for `--timings`.
#[derive(Default)]
struct Timings {
    pages: usize,
    read: f64,
    decode: f64,
    extract: f64,
}

impl Timings {
    fn report(&self) {
        eprintln!(
            "timings: {} pages; read+gunzip {:.3} s, decode {:.3} s, parse+extract {:.3} s",
            self.pages, self.read, self.decode, self.extract
        );
    }
}

#[derive(Serialize)]
struct Row<'a> {
    id: String,
    title: Option<&'a str>,
    published: Option<&'a str>,
    author: Option<&'a str>,
    text: &'a str,
    page_type: PageType,
}

pub fn run(args: Args, _global: &Global) -> anyhow::Result<ExitCode> {
    let extractor = Extractor::new();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    let mut timings = Timings::default();
    for input in expand_inputs(&args.inputs, is_saved_page) {
        let input = match input {
            Ok(i) => i,
            Err(msg) => {
                eprintln!("error: {msg}");
                failed += 1;
                continue;
            }
        };
        let clock = Instant::now();
        let bytes = match read_input(&input)
            .map_err(anyhow::Error::from)
            .and_then(|b| Ok(gunzip_if_gzipped(b)?))
        {
            Ok(b) => b,
            Err(err) => {
                eprintln!("error: {input}: cannot read the page: {err:#}");
                failed += 1;
                continue;
            }
        };
        timings.read += clock.elapsed().as_secs_f64();
        let clock = Instant::now();
        let decoded = decode_page_owned(bytes, None);
        timings.decode += clock.elapsed().as_secs_f64();
        let clock = Instant::now();
        let page = extractor.extract(&decoded.html);
        timings.extract += clock.elapsed().as_secs_f64();
        timings.pages += 1;
        let row = Row {
            id: page_id(&input),
            title: page.title.as_deref(),
            published: page.published.as_deref(),
            author: page.author.as_deref(),
            text: &page.text,
            page_type: page.page_type,
        };
        serde_json::to_writer(&mut out, &row).context("writing JSON to stdout")?;
        out.write_all(b"\n").context("writing JSON to stdout")?;
    }
    out.flush().context("writing JSON to stdout")?;
    if args.timings {
        timings.report();
    }
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn is_saved_page(p: &Path) -> bool {
    let name = p
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    [".html", ".htm", ".html.gz", ".htm.gz"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// File name without `.html`/`.html.gz`; `-` for stdin.
fn page_id(input: &Input) -> String {
    match input {
        Input::Stdin => "-".to_owned(),
        Input::File(p) => {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let lower = name.to_ascii_lowercase();
            let cut = [".html.gz", ".htm.gz", ".html", ".htm", ".gz"]
                .iter()
                .find(|ext| lower.ends_with(*ext))
                .map_or(name.len(), |ext| name.len() - ext.len());
            name[..cut].to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_drop_the_page_extensions() {
        let id = |p: &str| page_id(&Input::File(PathBuf::from(p)));
        assert_eq!(id("bench/html/042bb7.html.gz"), "042bb7");
        assert_eq!(id("pages/dnn_article.html"), "dnn_article");
        assert_eq!(id("Trang.HTM"), "Trang");
        assert_eq!(page_id(&Input::Stdin), "-");
    }

    #[test]
    fn directories_keep_saved_pages_only() {
        assert!(is_saved_page(Path::new("a/b.html.gz")));
        assert!(is_saved_page(Path::new("a/B.HTML")));
        assert!(!is_saved_page(Path::new("a/ground-truth.json")));
        assert!(!is_saved_page(Path::new("a/notes.txt")));
    }
}
