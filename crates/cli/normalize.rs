//! `vnfacts normalize`: files to canonical Vietnamese text.
//!
//! Each input is decoded (charset hints, legacy TCVN3/VNI/VIQR/VISCII,
//! double-encoded UTF-8) and normalized. A bad input (missing, unreadable,
//! binary) is reported on stderr and skipped; the others are still
//! processed and the exit code is 1 at the end.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use vnfacts_text::{decode, looks_binary, normalize, Hints};

use crate::util::{expand_inputs, read_input, Input};
use crate::Global;

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  vnfacts normalize article.txt\n  vnfacts normalize --json pages/ > normalized.jsonl\n  cat old-tcvn3.txt | vnfacts normalize"
)]
pub struct Args {
    /// Files or directories to normalize (`-` or nothing: standard input).
    /// Directories are read recursively, hidden files skipped.
    pub paths: Vec<PathBuf>,
    /// One JSON object per input: path, encoding, replaced, bytes_in,
    /// bytes_out, changes, text.
    #[arg(long)]
    pub json: bool,
    /// Treat inputs as HTML when sniffing the charset (`<meta charset>`);
    /// on by default for .html/.htm files.
    #[arg(long)]
    pub html: bool,
}

pub fn run(args: Args, _global: &Global) -> anyhow::Result<ExitCode> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.paths.clone()
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut failed = false;
    for input in expand_inputs(&paths, |_| true) {
        let result = input.and_then(|input| process(&input, &args, &mut out));
        if let Err(msg) = result {
            if msg == BROKEN_PIPE {
                return Ok(ExitCode::SUCCESS);
            }
            // Keep stdout and stderr in order for people watching both.
            let _ = out.flush();
            eprintln!("error: {msg}");
            failed = true;
        }
    }
    if let Err(e) = out.flush() {
        if e.kind() != io::ErrorKind::BrokenPipe {
            anyhow::bail!("writing output: {e}");
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

const BROKEN_PIPE: &str = "\0broken pipe";

fn process(input: &Input, args: &Args, out: &mut impl Write) -> Result<(), String> {
    let bytes = read_input(input).map_err(|e| format!("{input}: cannot read: {e}"))?;
    if looks_binary(&bytes) {
        return Err(format!(
            "{input}: looks binary (NUL or control bytes), skipped; pass text or HTML files"
        ));
    }
    let html = args.html || matches!(input, Input::File(p) if is_html(p));
    let decoded = decode(
        &bytes,
        &Hints {
            content_type: None,
            html,
        },
    );
    let norm = normalize(&decoded.text);
    let written = if args.json {
        let obj = serde_json::json!({
            "path": input.to_string(),
            "encoding": decoded.encoding,
            "replaced": decoded.replaced,
            "bytes_in": bytes.len(),
            "bytes_out": norm.text.len(),
            "changes": norm.changes(),
            "text": norm.text,
        });
        writeln!(out, "{obj}")
    } else {
        out.write_all(norm.text.as_bytes()).and_then(|()| {
            if norm.text.is_empty() || norm.text.ends_with('\n') {
                Ok(())
            } else {
                out.write_all(b"\n")
            }
        })
    };
    written.map_err(|e| {
        if e.kind() == io::ErrorKind::BrokenPipe {
            BROKEN_PIPE.to_string()
        } else {
            format!("writing output: {e}")
        }
    })
}

fn is_html(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}
