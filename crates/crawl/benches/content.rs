//! Per-page CPU path of content extraction: decode + mojibake repair + parse +
//! extract, on the fixture pages in corpus/fixtures/pages (always present)
//! and, when ../shared is there, on the article-extraction benchmark pages.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use vnfacts_crawl::content::Extractor;
use vnfacts_crawl::page_decode::{decode_page, gunzip_if_gzipped};

fn load(dir: &Path) -> Vec<Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    files
        .iter()
        .filter(|p| {
            p.to_string_lossy().ends_with(".html") || p.to_string_lossy().ends_with(".html.gz")
        })
        .filter_map(|p| std::fs::read(p).ok())
        .filter_map(|b| gunzip_if_gzipped(b).ok())
        .collect()
}

fn bench_pages(c: &mut Criterion, name: &str, pages: &[Vec<u8>]) {
    if pages.is_empty() {
        eprintln!("skipping {name}: no pages found");
        return;
    }
    let extractor = Extractor::new();
    let decoded: Vec<String> = pages.iter().map(|b| decode_page(b, None).html).collect();
    let mut group = c.benchmark_group("content");
    group.throughput(Throughput::Elements(pages.len() as u64));
    group.sample_size(10);
    // The whole per-page CPU path: charset decoding, mojibake repair, parse, extract.
    group.bench_function(format!("{name}/decode_and_extract"), |b| {
        b.iter(|| {
            for bytes in pages {
                let page = decode_page(bytes, None);
                std::hint::black_box(extractor.extract(&page.html));
            }
        })
    });
    // Parse and extract only, on markup already decoded.
    group.bench_function(format!("{name}/extract"), |b| {
        b.iter(|| {
            for html in &decoded {
                std::hint::black_box(extractor.extract(html));
            }
        })
    });
    group.finish();
}

fn content(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let fixtures = load(&root.join("corpus/fixtures/pages"));
    bench_pages(c, "fixture_pages", &fixtures);
    let bench = load(&root.join("../shared/bench/article-extraction/html"));
    bench_pages(c, "article_extraction_181", &bench);
}

criterion_group!(benches, content);
criterion_main!(benches);
