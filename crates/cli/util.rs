//! Small things every subcommand shares: logging, input discovery.

use std::path::{Path, PathBuf};

/// Logs go to stderr through tracing; `-v`/`-vv` raise the level, RUST_LOG wins.
pub fn init_logging(verbose: u8) {
    use tracing_subscriber::EnvFilter;
    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new(format!("{default},html5ever=error")));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// One input named on the command line: stdin or a file (directories expanded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

/// Expand paths: `-` is stdin, a directory yields its files (sorted, recursive,
/// hidden files skipped) filtered by `keep`. A missing path is an error naming it.
pub fn expand_inputs(
    paths: &[PathBuf],
    keep: impl Fn(&Path) -> bool,
) -> Vec<Result<Input, String>> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Ok(Input::Stdin));
        } else if p.is_dir() {
            let mut files = Vec::new();
            walk(p, &mut files);
            files.sort();
            out.extend(
                files
                    .into_iter()
                    .filter(|f| keep(f))
                    .map(|f| Ok(Input::File(f))),
            );
        } else if p.exists() {
            out.push(Ok(Input::File(p.clone())));
        } else {
            out.push(Err(format!(
                "{}: no such file or directory (check the path)",
                p.display()
            )));
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        if path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'))
        {
            continue;
        }
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Read an input fully.
pub fn read_input(input: &Input) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf)?;
            Ok(buf)
        }
        Input::File(p) => std::fs::read(p),
    }
}

impl std::fmt::Display for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Input::Stdin => f.write_str("<stdin>"),
            Input::File(p) => write!(f, "{}", p.display()),
        }
    }
}
