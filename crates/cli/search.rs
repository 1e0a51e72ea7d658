//! `vnfacts search`: articles and facts, by words, document number and filters.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use vnfacts_index::search::{
    FacetCount, Hit, SearchRequest, SearchResults, Searcher, Sort, Target,
};
use vnfacts_index::{QueryError, Store};

use crate::Global;

/// Search the index.
///
/// QUERY is words (all must match), "quoted phrases", -excluded words, a
/// document number anywhere (3608/QĐ-BPN&TE, 3608/qd-bpn&te, số 08/KH-UBND) or
/// doc:3608 / doc:QĐ-BPN&TE for broader lookups, and filters:
/// province:"Quảng Ninh" source:ID kind:count category:class role:budget
/// doc_type:decision year:2023 year:2021..2023 from:2023-05 to:2023-12-31
/// amount>=500000000 amount>=500tr quantity:10..50 percent>50 url:"https://…".
/// A fact-only filter (amount, quantity, percent, category, role, doc_type)
/// returns facts; otherwise articles.
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The query (several words need no quotes). Put `--` before a query that
    /// starts with `-` (`vnfacts search -- -BPN&TE`), as with any command-line tool.
    pub query: Vec<String>,
    /// JSON output (the library's SearchResults) for scripts.
    #[arg(long)]
    pub json: bool,
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// relevance (BM25; newest first when there are no words) or date (newest first).
    #[arg(long, value_parser = ["relevance", "date"], default_value = "relevance")]
    pub sort: String,
    /// Return facts even without a fact filter.
    #[arg(long, conflicts_with = "articles")]
    pub facts: bool,
    /// Return articles even with a fact filter (articles having such facts).
    #[arg(long)]
    pub articles: bool,
    /// Skip facet counts.
    #[arg(long)]
    pub no_facets: bool,
    /// Benchmark: run each query of FILE (one per line) --repeat times and print latency percentiles.
    #[arg(long, hide = true, value_name = "FILE")]
    pub bench_queries: Option<PathBuf>,
    #[arg(long, hide = true, default_value_t = 200)]
    pub repeat: usize,
}

pub fn run(args: Args, global: &Global) -> anyhow::Result<ExitCode> {
    let store = Store::open(&global.data.join("index"))?;
    let searcher = Searcher::new(&store)?;
    let request = SearchRequest {
        query: args.query.join(" "),
        target: if args.facts {
            Target::Facts
        } else if args.articles {
            Target::Articles
        } else {
            Target::Auto
        },
        sort: if args.sort == "date" {
            Sort::Date
        } else {
            Sort::Relevance
        },
        limit: args.limit,
        offset: args.offset,
        facets: !args.no_facets,
        ..Default::default()
    };
    if let Some(file) = &args.bench_queries {
        return bench(&searcher, &request, file, args.repeat, args.json);
    }
    let results = match searcher.search(&request) {
        Ok(r) => r,
        Err(e @ (QueryError::BadValue { .. } | QueryError::Empty(_))) => {
            eprintln!("error: {e}");
            eprintln!("hint: `vnfacts search --help` lists the filters");
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(e.into()),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &results)?;
        writeln!(out)?;
    } else {
        table(&mut out, &results, stdout.is_terminal())?;
    }
    for i in &results.ignored {
        eprintln!("ignored {:?}: {}", i.text, i.reason);
    }
    for n in &results.notes {
        eprintln!("note: {n}");
    }
    Ok(ExitCode::SUCCESS)
}

fn table(out: &mut impl Write, r: &SearchResults, color: bool) -> std::io::Result<()> {
    let what = if r.target == Target::Facts {
        "fact"
    } else {
        "article"
    };
    let shown = r.hits.len();
    writeln!(
        out,
        "{} {what}(s){}{}, {:.1} ms",
        r.total,
        if shown < r.total {
            format!(", showing {}-{}", r.offset + 1, r.offset + shown)
        } else {
            String::new()
        },
        interpretation(r),
        r.took_ms
    )?;
    for (i, hit) in r.hits.iter().enumerate() {
        writeln!(out)?;
        hit_lines(out, r.offset + i + 1, hit, color)?;
    }
    if !r.hits.is_empty() {
        writeln!(out)?;
    }
    facet_line(out, "province", &r.facets.province)?;
    facet_line(out, "year", &r.facets.year)?;
    facet_line(out, "kind", &r.facets.kind)?;
    facet_line(out, "category", &r.facets.category)
}

fn interpretation(r: &SearchResults) -> String {
    let mut parts = Vec::new();
    for d in &r.interpreted.docs {
        parts.push(format!("document {}", d.key));
    }
    if !r.interpreted.filters.is_empty() {
        parts.push(format!("{} filter(s)", r.interpreted.filters.len()));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" [{}]", parts.join(", "))
    }
}

fn hit_lines(out: &mut impl Write, n: usize, hit: &Hit, color: bool) -> std::io::Result<()> {
    let date = hit
        .published
        .as_deref()
        .map(|d| d.get(..10).unwrap_or(d))
        .unwrap_or("----------");
    let place = [hit.province.as_deref(), hit.source.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    let title = hit.title.as_deref().unwrap_or("(no title)");
    if color {
        writeln!(
            out,
            "{n:>3}. {date}  \x1b[1m{title}\x1b[0m  \x1b[2m{place}\x1b[0m"
        )?;
    } else {
        writeln!(out, "{n:>3}. {date}  {title}  [{place}]")?;
    }
    if let Some(fact) = &hit.fact {
        writeln!(out, "     {}", fact_summary(fact))?;
    }
    writeln!(
        out,
        "     {}",
        highlighted(&hit.snippet.text, &hit.snippet.highlights, color)
    )?;
    for c in hit
        .citations
        .iter()
        .filter(|c| c.sentence != hit.snippet.text)
    {
        writeln!(out, "     cites {}: {}", c.doc_id, one_line(&c.sentence))?;
    }
    if let Some(url) = &hit.url {
        writeln!(out, "     {url}")?;
    }
    Ok(())
}

/// `money 80000000 VND (gift)`: the kind and its typed values.
fn fact_summary(fact: &serde_json::Value) -> String {
    let Some(obj) = fact.as_object() else {
        return String::new();
    };
    let skip = ["kind", "text", "start", "end", "sentence", "rule"];
    let values: Vec<String> = obj
        .iter()
        .filter(|(k, _)| !skip.contains(&k.as_str()))
        .map(|(k, v)| match v {
            serde_json::Value::String(s) => format!("{k}={s}"),
            v => format!("{k}={v}"),
        })
        .collect();
    format!(
        "{} {}",
        obj.get("kind").and_then(|k| k.as_str()).unwrap_or("?"),
        values.join(" ")
    )
}

/// The snippet on one line, highlights in bold on a terminal, «» around them otherwise.
fn highlighted(text: &str, highlights: &[(usize, usize)], color: bool) -> String {
    let (open, close) = if color {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("«", "»")
    };
    let mut s = String::with_capacity(text.len() + 16);
    let mut last = 0;
    for &(a, b) in highlights {
        if a < last || b > text.len() || !text.is_char_boundary(a) || !text.is_char_boundary(b) {
            continue;
        }
        s.push_str(&text[last..a]);
        s.push_str(open);
        s.push_str(&text[a..b]);
        s.push_str(close);
        last = b;
    }
    s.push_str(&text[last..]);
    one_line(&s)
}

/// Newlines and control characters (which a terminal would obey) become spaces.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() && c != '\x1b' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

fn facet_line(out: &mut impl Write, name: &str, counts: &[FacetCount]) -> std::io::Result<()> {
    if counts.is_empty() {
        return Ok(());
    }
    let items: Vec<String> = counts
        .iter()
        .take(12)
        .map(|c| format!("{} {}", c.value, c.count))
        .collect();
    let more = if counts.len() > 12 {
        format!(" (+{} more)", counts.len() - 12)
    } else {
        String::new()
    };
    writeln!(out, "{name:>9}: {}{more}", items.join(" · "))
}

/// Latency of each query in FILE: p50, p99, mean, over `repeat` runs after one warm-up.
fn bench(
    searcher: &Searcher,
    base: &SearchRequest,
    file: &PathBuf,
    repeat: usize,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("{}: cannot read the query file", file.display()))?;
    let mut report = Vec::new();
    for query in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let req = SearchRequest {
            query: query.to_string(),
            ..base.clone()
        };
        let warm = searcher
            .search(&req)
            .with_context(|| format!("query {query:?}"))?;
        let mut times: Vec<f64> = Vec::with_capacity(repeat);
        for _ in 0..repeat.max(1) {
            let t = Instant::now();
            let r = searcher.search(&req)?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            std::hint::black_box(r);
        }
        times.sort_by(f64::total_cmp);
        let pct = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
        let mean = times.iter().sum::<f64>() / times.len() as f64;
        report.push(serde_json::json!({"query": query, "total": warm.total, "runs": times.len(), "p50_ms": pct(0.5), "p99_ms": pct(0.99), "mean_ms": mean}));
        if !json {
            println!(
                "{:>8.3} ms p50 {:>8.3} ms p99 {:>8.3} ms mean  {:>7} hits  {query}",
                pct(0.5),
                pct(0.99),
                mean,
                warm.total
            );
        }
    }
    if json {
        println!("{}", serde_json::Value::Array(report));
    }
    Ok(ExitCode::SUCCESS)
}
