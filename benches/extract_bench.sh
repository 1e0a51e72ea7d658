#!/usr/bin/env bash
# Extraction throughput on the synthetic corpus: MB/s on 1 and 2 threads, the
# speed-up, and peak memory at two corpus sizes (memory must stay flat: the
# extractor streams). Usage: benches/extract_bench.sh [ARTICLES] (default 20000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
target=${CARGO_TARGET_DIR:-target}
cargo build --release -q
bin="$target/release/vnfacts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" gen-corpus -n "$n" --seed 1 -o "$work/big.jsonl" -q
"$bin" gen-corpus -n $((n / 4)) --seed 1 -o "$work/small.jsonl" -q
mb=$(du -m "$work/big.jsonl" | cut -f1)
echo "corpus: $n synthetic articles, ${mb} MB of JSON Lines (bodies + gold facts)"
run() { # threads file -> "seconds maxrss_kb summary"
  /usr/bin/time -f "%e %M" -o "$work/time" "$bin" extract --no-text -j "$1" "$2" -o /dev/null 2>"$work/err"
  echo "$(cat "$work/time") $(tail -1 "$work/err")"
}
r1=$(run 1 "$work/big.jsonl"); r2=$(run 2 "$work/big.jsonl"); rs=$(run 2 "$work/small.jsonl")
s1=$(echo "$r1" | cut -d' ' -f1); s2=$(echo "$r2" | cut -d' ' -f1)
echo "1 thread : ${s1}s, max RSS $(echo "$r1" | cut -d' ' -f2) KB | $(echo "$r1" | cut -d' ' -f3-)"
echo "2 threads: ${s2}s, max RSS $(echo "$r2" | cut -d' ' -f2) KB | $(echo "$r2" | cut -d' ' -f3-)"
echo "speed-up 1 -> 2 threads: $(python3 -c "print(f'{$s1/$s2:.2f}x')")"
echo "memory, $((n / 4)) vs $n articles (2 threads): $(echo "$rs" | cut -d' ' -f2) KB vs $(echo "$r2" | cut -d' ' -f2) KB"
