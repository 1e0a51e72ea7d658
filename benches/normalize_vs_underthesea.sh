#!/usr/bin/env bash
# vnfacts normalize vs underthesea's text_normalize, same text, same run.
#
#   benches/normalize_vs_underthesea.sh            (env: MB=4 size of the text,
#                                                  VNFACTS_BIN to skip the build)
#
# The text is crates/text/benches/corpus.txt (paragraphs we wrote: mixed
# tone placements, odd spaces, glued numbers, dates, amounts) repeated to
# MB megabytes. Both tools run pinned to one core (taskset, when present):
# - vnfacts: the release binary reads the file, decodes, normalizes (with
#   the offset map) and writes the text out; the file is given R times on
#   one command line so process start-up is amortized; best of 3 runs.
# - underthesea: text_normalize() on each line of the same file, timing the
#   calls only (import and model loading excluded); best of 2 runs.
# Prints MB/s for both and the ratio. Figures only; nothing passes or fails.
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${MB:-4}
venv=benches/.venv
work=target/normalize-bench
mkdir -p "$work"

if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
if ! "$venv/bin/python" -c "import underthesea" 2>/dev/null; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check underthesea >&2
fi

bin=${VNFACTS_BIN:-target/release/vnfacts}
[ -n "${VNFACTS_BIN:-}" ] || cargo build --release --quiet --bin vnfacts >&2

calc() { python3 -c "print($1)"; }
pin=()
if command -v taskset >/dev/null; then pin=(taskset -c 0); fi

text="$work/text.txt"
python3 - "$mb" "$text" <<'PY'
import sys
mb, out = float(sys.argv[1]), sys.argv[2]
corpus = open("crates/text/benches/corpus.txt", encoding="utf-8").read()
target = int(mb * 1024 * 1024)
parts, size = [], 0
while size < target:
    parts.append(corpus + "\n")
    size += len(corpus.encode()) + 1
open(out, "w", encoding="utf-8").write("".join(parts))
PY
bytes=$(wc -c < "$text")

# vnfacts: about 64 MB per run, best of 3.
reps=$(( (64 * 1024 * 1024 + bytes - 1) / bytes ))
files=()
for _ in $(seq "$reps"); do files+=("$text"); done
best=""
for _ in 1 2 3; do
  start=$(date +%s.%N)
  "${pin[@]}" "$bin" normalize "${files[@]}" > /dev/null
  end=$(date +%s.%N)
  t=$(calc "$end - $start")
  if [ -z "$best" ] || [ "$(calc "int($t < $best)")" = 1 ]; then best=$t; fi
done
vn_mbs=$(calc "$bytes * $reps / 1048576 / $best")

ut_mbs=$("${pin[@]}" "$venv/bin/python" - "$text" <<'PY'
import sys, time
from underthesea import text_normalize
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
size = sum(len(l.encode()) + 1 for l in lines)
text_normalize("khởi động")  # load whatever it loads lazily
best = None
for _ in range(2):
    t0 = time.perf_counter()
    for line in lines:
        text_normalize(line)
    dt = time.perf_counter() - t0
    best = dt if best is None else min(best, dt)
print(size / 1048576 / best)
PY
)

printf 'text: %s (%.1f MB, corpus.txt repeated)\n' "$text" "$(calc "$bytes / 1048576")"
printf 'vnfacts normalize (decode + normalize + offsets, release, 1 core): %8.1f MB/s  (%d x %.1f MB in %.3f s)\n' \
  "$vn_mbs" "$reps" "$(calc "$bytes / 1048576")" "$best"
printf 'underthesea text_normalize (per line, 1 core):                  %8.2f MB/s\n' "$ut_mbs"
printf 'ratio: %.0fx\n' "$(calc "$vn_mbs / $ut_mbs")"
