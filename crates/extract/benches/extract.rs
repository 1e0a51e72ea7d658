//! Normalize + extract throughput on the synthetic corpus (bytes of body text).
//!
//! `cargo bench -p vnfacts-extract --bench extract`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use vnfacts_extract::pipeline::{self, Input};
use vnfacts_extract::synth::Generator;
use vnfacts_extract::Extractor;

fn corpus(n: u64) -> Vec<Input> {
    let g = Generator::new(1).expect("templates load");
    (0..n)
        .map(|i| {
            let a = g.generate(i);
            Input {
                name: a.name,
                text: a.text,
                ..Input::default()
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let ex = Extractor::embedded().expect("rules load");
    let inputs = corpus(200);
    let bytes: usize = inputs.iter().map(|i| i.text.len()).sum();
    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("normalize+extract, 200 synthetic articles, 1 thread", |b| {
        b.iter(|| {
            let mut facts = 0;
            for i in &inputs {
                facts += pipeline::process(&ex, i.clone(), false, false)
                    .article
                    .facts
                    .len();
            }
            facts
        })
    });
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
