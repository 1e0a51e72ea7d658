//! `vnfacts sources check|list`: validate and show the portal list.

use std::path::PathBuf;
use std::process::ExitCode;

use vnfacts_crawl::sources::{self, SourcesError};

use crate::Global;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    pub command: SourcesCommand,
}

#[derive(clap::Subcommand, Debug)]
pub enum SourcesCommand {
    /// Validate a sources file: TOML syntax, duplicate ids, URLs, hosts, regexes, CSS selectors.
    Check {
        /// Sources file.
        #[arg(default_value = "corpus/sources.toml")]
        file: PathBuf,
    },
    /// List the sources of a file (id, province, merged into, base URL).
    List {
        #[arg(default_value = "corpus/sources.toml")]
        file: PathBuf,
        /// One JSON object per source.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(args: Args, _global: &Global) -> anyhow::Result<ExitCode> {
    match args.command {
        SourcesCommand::Check { file } => match sources::load(&file) {
            Ok(set) => {
                let merged = set
                    .sources
                    .iter()
                    .filter(|s| s.merged_into.is_some())
                    .count();
                println!(
                    "{}: ok, {} sources ({} merged in the 2025 reorganization)",
                    file.display(),
                    set.sources.len(),
                    merged
                );
                Ok(ExitCode::SUCCESS)
            }
            Err(SourcesError::Invalid { path, problems }) => {
                for p in &problems {
                    eprintln!("{path}:{p}");
                }
                eprintln!("{path}: {} problem(s)", problems.len());
                Ok(ExitCode::FAILURE)
            }
            Err(e) => Err(e.into()),
        },
        SourcesCommand::List { file, json } => {
            let set = sources::load(&file)?;
            for s in &set.sources {
                if json {
                    let v = serde_json::json!({
                        "id": s.id, "name": s.name, "province": s.province, "merged_into": s.merged_into,
                        "base_url": s.base_url.as_str(), "allowed_hosts": s.allowed_hosts,
                    });
                    println!("{v}");
                } else {
                    let merged = s
                        .merged_into
                        .as_deref()
                        .map(|m| format!(" -> {m}"))
                        .unwrap_or_default();
                    println!("{:<28} {:<22} {}{merged}", s.id, s.province, s.base_url);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
