//! The extraction stage (normalize + metadata + facts, no JSON in or out) on
//! rayon pools of 1 and 2 threads, rounds alternating between the two, with
//! the fastest and the median round of each, the speed-up, and how much CPU
//! each thread of the fastest 2-thread round used.
//!
//! The criterion bench (`benches/extract.rs`) reports a mean, which on a
//! shared VM carries the host's noise: a 2-thread round where the host runs
//! one of the two vCPUs at part speed counts like any other. The fastest
//! round is the machine's own figure; the per-thread CPU shows whether a
//! slow round was our work (both threads busy longer) or the host's (one
//! thread idle or slowed, the other not).
//!
//! `cargo bench -p vnfacts-extract --bench stage [-- ARTICLES [ROUNDS]]`
//! (default 2000 synthetic articles, 7 rounds).

use std::time::Instant;

use rayon::prelude::*;
use vnfacts_extract::pipeline::{self, Input};
use vnfacts_extract::synth::Generator;
use vnfacts_extract::Extractor;

/// The allocator the `vnfacts` binary runs with.
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    // `cargo bench` passes `--bench`; the numbers are ours.
    let numbers: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let articles = numbers.first().copied().unwrap_or(2000);
    let rounds = numbers.get(1).copied().unwrap_or(7).max(2);
    let ex = Extractor::embedded().expect("the embedded rules compile");
    let inputs = Generator::new(1)
        .expect("the corpus templates load")
        .bodies(articles as u64);
    let mb = inputs.iter().map(|i| i.text.len()).sum::<usize>() as f64 / 1e6;
    let pools = [1, 2].map(|threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a rayon pool")
    });
    let mut rounds_of: [Vec<Round>; 2] = [Vec::new(), Vec::new()];
    // Round 0 warms the lazy DFAs, the word cache and the allocator.
    for round in 0..=rounds {
        for (pool, out) in pools.iter().zip(rounds_of.iter_mut()) {
            let r = run(pool, &ex, &inputs);
            if round > 0 {
                out.push(r);
            }
        }
    }
    println!("extraction stage, {articles} synthetic articles ({mb:.1} MB of body text), {rounds} rounds");
    let [one, two] = rounds_of.map(summary);
    for (threads, s) in [(1, &one), (2, &two)] {
        println!(
            "{threads} thread(s): fastest {:.3} s = {:.1} MB/s, median {:.3} s = {:.1} MB/s; CPU per thread in the fastest: {}",
            s.fastest.wall,
            mb / s.fastest.wall,
            s.median,
            mb / s.median,
            s.fastest.cpu_text()
        );
    }
    println!(
        "speed-up on 2 threads: {:.2}x fastest to fastest, {:.2}x median to median",
        one.fastest.wall / two.fastest.wall,
        one.median / two.median
    );
}

/// One pass over the corpus on one pool.
struct Round {
    wall: f64,
    /// CPU seconds of each pool thread during the pass (None where the OS
    /// does not say).
    cpu: Vec<Option<f64>>,
}

impl Round {
    fn cpu_text(&self) -> String {
        let each: Vec<String> = self
            .cpu
            .iter()
            .map(|c| c.map_or("?".into(), |s| format!("{s:.2} s")))
            .collect();
        each.join(", ")
    }
}

fn run(pool: &rayon::ThreadPool, ex: &Extractor, inputs: &[Input]) -> Round {
    let before = pool.broadcast(|_| thread_cpu());
    let start = Instant::now();
    let facts: usize = pool.install(|| {
        inputs
            .par_iter()
            .map(|i| {
                pipeline::process(ex, i.clone(), false, false)
                    .article
                    .facts
                    .len()
            })
            .sum()
    });
    let wall = start.elapsed().as_secs_f64();
    let after = pool.broadcast(|_| thread_cpu());
    assert!(facts > 0, "the corpus yields facts");
    let cpu = before
        .iter()
        .zip(&after)
        .map(|(b, a)| Some(a.as_ref()? - b.as_ref()?))
        .collect();
    Round { wall, cpu }
}

struct Summary {
    fastest: Round,
    median: f64,
}

fn summary(mut rounds: Vec<Round>) -> Summary {
    rounds.sort_by(|a, b| a.wall.total_cmp(&b.wall));
    let median = rounds[rounds.len() / 2].wall;
    Summary {
        fastest: rounds.swap_remove(0),
        median,
    }
}

/// CPU seconds this thread has used: user + system time from
/// `/proc/thread-self/stat` (Linux; in clock ticks, 100 a second).
fn thread_cpu() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the `(name)`, which may hold spaces: state is the first,
    // utime and stime the 12th and 13th.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<f64>().ok();
    Some((ticks(11)? + ticks(12)?) / 100.0)
}
