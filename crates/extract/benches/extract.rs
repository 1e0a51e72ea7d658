//! Normalize + extract throughput on the synthetic corpus (bytes of body text),
//! on a rayon pool of 1 and of 2 threads: the per-core figure and the
//! speed-up of the extraction stage itself, without the JSON reading and
//! writing `vnfacts extract` does around it (benches/extract_bench.sh times
//! the whole command).
//!
//! `cargo bench -p vnfacts-extract --bench extract`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rayon::prelude::*;
use vnfacts_extract::pipeline;
use vnfacts_extract::synth::Generator;
use vnfacts_extract::Extractor;

/// The allocator the `vnfacts` binary runs with.
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn bench(c: &mut Criterion) {
    let ex = Extractor::embedded().expect("rules load");
    let inputs = Generator::new(1)
        .expect("the corpus templates load")
        .bodies(400);
    let bytes: usize = inputs.iter().map(|i| i.text.len()).sum();
    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a rayon pool");
        let name = format!("normalize+extract, 400 synthetic articles, {threads} thread(s)");
        g.bench_function(name, |b| {
            b.iter(|| {
                pool.install(|| {
                    inputs
                        .par_iter()
                        .map(|i| {
                            let out = pipeline::process(&ex, i.clone(), false, false);
                            out.article.facts.len()
                        })
                        .sum::<usize>()
                })
            })
        });
    }
    g.bench_function("extract only (pre-normalized), 1 thread", |b| {
        let texts: Vec<String> = inputs
            .iter()
            .map(|i| vnfacts_text::normalize(&i.text).text)
            .collect();
        let ctx = vnfacts_extract::Context::default();
        b.iter(|| {
            texts
                .iter()
                .map(|t| ex.extract(t, &ctx, false).facts.len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
