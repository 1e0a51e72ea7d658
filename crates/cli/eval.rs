//! `vnfacts eval`: score an extraction against a gold file, as
//! `shared/eval/score.py` does, optionally failing below quality bars (CI).

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use rayon::prelude::*;
use serde_json::Value;
use vnfacts_extract::eval::{self, article_name, Report};
use vnfacts_extract::pipeline;

use crate::util;
use crate::Global;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Gold file (JSON Lines, one article per line; FACTS.md).
    #[arg(long)]
    pub gold: PathBuf,
    /// Extraction output to score (JSON Lines from `vnfacts extract`).
    #[arg(conflicts_with = "input", required_unless_present = "input")]
    pub predicted: Option<PathBuf>,
    /// Extract the articles in this directory now and score them.
    #[arg(long)]
    pub input: Option<PathBuf>,
    /// Rule directory replacing the embedded rules (with --input).
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// List every miss, spurious fact and wrong attribute.
    #[arg(long)]
    pub show_errors: bool,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
    /// Fail (exit 1) when micro-F1 is below this.
    #[arg(long)]
    pub min_f1: Option<f64>,
    /// Fail when any kind present in the gold has F1 below this.
    #[arg(long)]
    pub min_kind_f1: Option<f64>,
    /// Fail when any scored metadata field is below this accuracy.
    #[arg(long)]
    pub min_meta: Option<f64>,
}

pub fn run(args: Args, _global: &Global) -> anyhow::Result<ExitCode> {
    let gold = load(&args.gold)?;
    let predicted = match (&args.predicted, &args.input) {
        (Some(p), _) => load(p)?,
        (None, Some(dir)) => extract_dir(dir, args.rules.as_deref())?,
        (None, None) => anyhow::bail!("give a PREDICTED file or --input DIR"),
    };
    let report = eval::score(&gold, &predicted);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.table());
    }
    if args.show_errors {
        for (name, kind, msg) in &report.errors {
            println!("{name} | {kind} | {msg}");
        }
    }
    let failures = bars(&args, &report);
    for f in &failures {
        eprintln!("below the bar: {f}");
    }
    Ok(if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Which quality bars the report misses.
fn bars(args: &Args, r: &Report) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(min) = args.min_f1.filter(|m| r.micro.f1 < *m) {
        out.push(format!("micro-F1 {:.3} < {min}", r.micro.f1));
    }
    if let Some(min) = args.min_kind_f1 {
        for (k, v) in &r.kinds {
            if v.tp + v.fn_ > 0 && v.f1 < min {
                out.push(format!("{k} F1 {:.3} < {min}", v.f1));
            }
        }
    }
    if let Some(min) = args.min_meta {
        for (k, v) in &r.meta {
            if v.accuracy < min {
                out.push(format!("meta {k} {:.3} < {min}", v.accuracy));
            }
        }
    }
    out
}

/// A JSON Lines file of articles keyed by base name (as score.py does).
fn load(path: &Path) -> anyhow::Result<BTreeMap<String, Value>> {
    let f = std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut out = BTreeMap::new();
    for (n, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}", path.display(), n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}: not JSON", path.display(), n + 1))?;
        out.insert(article_name(&v), v);
    }
    Ok(out)
}

fn extract_dir(dir: &Path, rules: Option<&Path>) -> anyhow::Result<BTreeMap<String, Value>> {
    let extractor = crate::extract::load_extractor(rules)?;
    let mut inputs = Vec::new();
    for source in util::expand_inputs(&[dir.to_path_buf()], crate::extract::is_article_file) {
        let source = source.map_err(anyhow::Error::msg)?;
        crate::extract::read_source(&source, &mut |i| {
            inputs.push(i);
            Ok(())
        })
        .with_context(|| format!("{source}"))?;
    }
    let outputs: Vec<_> = inputs
        .into_par_iter()
        .map(|i| pipeline::process(&extractor, i, false, false))
        .collect();
    let mut out = BTreeMap::new();
    for o in outputs {
        let v = serde_json::to_value(&o.article)?;
        out.insert(article_name(&v), v);
    }
    Ok(out)
}
