//! Throughput of decode+normalize and of the scanners on a few MB of
//! Vietnamese text. The text is `corpus.txt` (paragraphs we wrote, with
//! mixed tone placements, odd spaces, glued numbers, dates and amounts),
//! repeated to 4 MiB. `benches/normalize_vs_underthesea.sh` uses the same file.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use vnfacts_text::{decode, fold, normalize, scan_dates, scan_numbers, sentences, Hints};

const CORPUS: &str = include_str!("corpus.txt");
const SIZE: usize = 4 << 20;

fn text() -> String {
    let mut s = String::with_capacity(SIZE + CORPUS.len());
    while s.len() < SIZE {
        s.push_str(CORPUS);
        s.push('\n');
    }
    s
}

fn benches(c: &mut Criterion) {
    let raw = text();
    let canonical = normalize(&raw).text;
    let reference = chrono::NaiveDate::from_ymd_opt(2024, 1, 15);
    let mut g = c.benchmark_group("text");
    g.sample_size(10)
        .measurement_time(std::time::Duration::from_secs(3));
    g.throughput(Throughput::Bytes(raw.len() as u64));
    g.bench_function(BenchmarkId::new("decode+normalize", "4MiB"), |b| {
        b.iter(|| {
            normalize(&decode(raw.as_bytes(), &Hints::default()).text)
                .text
                .len()
        })
    });
    g.bench_function(BenchmarkId::new("normalize", "mixed"), |b| {
        b.iter(|| normalize(&raw).text.len())
    });
    g.bench_function(BenchmarkId::new("normalize", "canonical"), |b| {
        b.iter(|| normalize(&canonical).text.len())
    });
    g.bench_function(BenchmarkId::new("fold", "canonical"), |b| {
        b.iter(|| fold(&canonical).len())
    });
    g.bench_function(BenchmarkId::new("scan_numbers", "canonical"), |b| {
        b.iter(|| scan_numbers(&canonical).len())
    });
    g.bench_function(BenchmarkId::new("scan_dates", "canonical"), |b| {
        b.iter(|| scan_dates(&canonical, reference).len())
    });
    g.bench_function(BenchmarkId::new("sentences", "canonical"), |b| {
        b.iter(|| sentences(&canonical).len())
    });
    g.finish();
}

criterion_group!(text_benches, benches);
criterion_main!(text_benches);
