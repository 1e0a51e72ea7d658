#!/usr/bin/env bash
# Main-content extraction yardstick: `vnfacts article` against trafilatura on
# ../shared/bench/article-extraction (181 pages with marked main text), scored
# by ../shared/eval/article_f1.py, both on one core in the same run.
#
#   bash benches/article_extraction.sh            # build, run both, print figures
#   SKIP_TRAFILATURA=1 bash benches/article_extraction.sh   # ours only
#
# Figures printed: F1 / precision / recall and pages/s for both, and the ratio.
# vnfacts is timed end to end (process start, reading, gunzip, charset
# decoding, mojibake repair, parsing, extraction, JSON out) and, from its
# --timings, on parse+extract alone; trafilatura is timed on
# `trafilatura.extract` alone over pages already read and decoded.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="${ARTICLE_BENCH:-$ROOT/../shared/bench/article-extraction}"
SCORER="${ARTICLE_SCORER:-$ROOT/../shared/eval/article_f1.py}"
HELPER="$ROOT/benches/article_extraction_helper.py"
VENV="$ROOT/benches/.venv-trafilatura"
OUT="${OUT_DIR:-$(mktemp -d)}"

if [[ ! -d "$BENCH/html" || ! -f "$BENCH/ground-truth.json" ]]; then
  echo "article-extraction benchmark not found at $BENCH (set ARTICLE_BENCH)" >&2
  exit 2
fi
PAGES=$(find "$BENCH/html" -name '*.html.gz' | wc -l)

# One core for both tools, when taskset is there.
ONE_CORE=()
if command -v taskset >/dev/null 2>&1; then ONE_CORE=(taskset -c 0); fi

echo "== building vnfacts (release)"
cargo build --release --quiet --bin vnfacts --manifest-path "$ROOT/Cargo.toml"
VNFACTS="${CARGO_TARGET_DIR:-$ROOT/target}/release/vnfacts"

echo "== vnfacts article on $PAGES pages (one core)"
# One untimed run first, so the timed one does not pay for a cold page cache
# (binary and pages); trafilatura's helper likewise times pages already read.
"${ONE_CORE[@]}" "$VNFACTS" article "$BENCH/html" > /dev/null 2>&1 || true
start=$(date +%s.%N)
RUST_LOG=error "${ONE_CORE[@]}" "$VNFACTS" article --timings "$BENCH/html" > "$OUT/vnfacts.jsonl" 2> "$OUT/vnfacts.timings"
end=$(date +%s.%N)
extract_secs=$(sed -n 's/.*parse+extract \([0-9.]*\) s.*/\1/p' "$OUT/vnfacts.timings")
ours_secs=$(python3 -c "print($end - $start)")
python3 "$HELPER" to-pred "$OUT/vnfacts.jsonl" "$OUT/vnfacts.json"
ours_score=$(python3 "$SCORER" "$BENCH/ground-truth.json" "$OUT/vnfacts.json" --json)

theirs_score=""
theirs_secs=""
if [[ -z "${SKIP_TRAFILATURA:-}" ]]; then
  if [[ ! -x "$VENV/bin/python" ]] || ! "$VENV/bin/python" -c "import trafilatura" 2>/dev/null; then
    echo "== creating $VENV and installing trafilatura"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --upgrade pip
    "$VENV/bin/pip" install --quiet trafilatura
  fi
  echo "== trafilatura $("$VENV/bin/python" -c 'import trafilatura; print(trafilatura.__version__)') on $PAGES pages (one core)"
  read -r _ theirs_secs < <("${ONE_CORE[@]}" "$VENV/bin/python" "$HELPER" trafilatura "$BENCH/html" "$OUT/trafilatura.json")
  theirs_score=$(python3 "$SCORER" "$BENCH/ground-truth.json" "$OUT/trafilatura.json" --json)
fi

python3 - "$PAGES" "$ours_secs" "$ours_score" "${theirs_secs:-}" "${theirs_score:-}" "${extract_secs:-}" <<'PY'
import json, sys
pages, ours_secs, ours, theirs_secs, theirs, extract_secs = sys.argv[1:7]
pages = int(pages)
def line(name, score, secs):
    s = json.loads(score)
    pps = pages / float(secs)
    print(f"{name:<12} F1 {s['f1']:.3f}  precision {s['precision']:.3f}  recall {s['recall']:.3f}  "
          f"{pps:7.1f} pages/s  ({float(secs):.2f} s for {pages} pages)")
    return pps
print()
ours_pps = line("vnfacts", ours, ours_secs)
extract_pps = pages / float(extract_secs) if extract_secs else None
if extract_pps:
    print(f"{'':<12} parse+extract alone (decoded markup, as trafilatura is timed): {extract_pps:7.1f} pages/s")
if theirs:
    theirs_pps = line("trafilatura", theirs, theirs_secs)
    print(f"speed ratio vnfacts/trafilatura: {ours_pps / theirs_pps:.1f}x end to end", end="")
    if extract_pps:
        print(f", {extract_pps / theirs_pps:.1f}x parse+extract alone")
    else:
        print()
PY
echo "(predictions in $OUT)"
