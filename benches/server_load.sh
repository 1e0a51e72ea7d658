#!/usr/bin/env bash
# Load test of `vnfacts serve` on a synthetic index (release build).
#
#   benches/server_load.sh            # N=100000 articles, 20 s per endpoint, 64 connections
#   env: N, DURATION (wrk -d, default 20s), CONNECTIONS (64), THREADS (2),
#        BENCH_DIR (default target/server-load), VNFACTS_BIN (skip the build)
#
# Steps: build release; `vnfacts gen-corpus -n N --seed 1`; `vnfacts extract`
# (the rules, not the generator's gold facts, make the index); `vnfacts index`;
# `vnfacts serve` on 127.0.0.1:0; then wrk (Debian package, installed if
# missing) drives /api/search (rotating folded and accented queries, a filter,
# a document number) and /api/documents/{id} (ids sampled from the extracted
# facts) with many concurrent connections, bounded in time. Prints requests/s,
# p50/p99, errors (non-2xx and socket errors) and the server's RSS.
# Figures only; no pass/fail. Work files are reused when present (delete
# BENCH_DIR to start over).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${N:-100000}
duration=${DURATION:-20s}
conns=${CONNECTIONS:-64}
threads=${THREADS:-2}
work=${BENCH_DIR:-target/server-load}/n$n
mkdir -p "$work"

if ! command -v wrk >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
bin=${VNFACTS_BIN:-target/release/vnfacts}
[ -n "${VNFACTS_BIN:-}" ] || cargo build --release --bin vnfacts >&2

t() { /usr/bin/time -f "%e s, max RSS %M KB" "$@"; }
if [ ! -s "$work/corpus.jsonl" ]; then
  echo "== gen-corpus -n $n" >&2
  t "$bin" gen-corpus -n "$n" --seed 1 -q -o "$work/corpus.jsonl"
fi
if [ ! -s "$work/extracted.jsonl" ]; then
  echo "== extract" >&2
  t "$bin" extract "$work/corpus.jsonl" -o "$work/extracted.jsonl.part"
  mv "$work/extracted.jsonl.part" "$work/extracted.jsonl"
fi
if [ ! -d "$work/data/index" ]; then
  echo "== index" >&2
  t "$bin" --data "$work/data" index "$work/extracted.jsonl"
fi

# Request paths: document ids from the extracted facts, and a mix of searches.
python3 - "$work" <<'PY'
import json, random, sys, urllib.parse
work = sys.argv[1]
ids = []
with open(f"{work}/extracted.jsonl", encoding="utf-8") as f:
    for line in f:
        for fact in json.loads(line).get("facts", []):
            if fact.get("kind") == "document" and "/" in fact.get("id", ""):
                ids.append(fact["id"])
        if len(ids) > 20000:
            break
rnd = random.Random(1)
ids = sorted(set(ids))
rnd.shuffle(ids)
q = lambda s: urllib.parse.quote(s, safe="")
with open(f"{work}/paths-documents.txt", "w") as out:
    for i in ids[:2000]:
        out.write(f"/api/documents/{q(i)}\n")
queries = ["binh dang gioi", "bình đẳng giới", "tập huấn", "giam ngheo ben vung", "chuyển đổi số",
           "nong thon moi", "hội nghị triển khai", "phong chong bao luc gia dinh", "an toàn thực phẩm",
           "cải cách hành chính"]
with open(f"{work}/paths-search.txt", "w") as out:
    for j in range(400):
        s = queries[j % len(queries)]
        extra = ""
        if j % 4 == 1:
            extra = "&year=2023"
        elif j % 4 == 2:
            extra = "&province=" + q("Quảng Ninh")
        elif j % 4 == 3 and ids:
            s = ids[j % len(ids)]
        out.write(f"/api/search?q={q(s)}{extra}&limit=10\n")
print(f"{len(ids)} distinct document ids sampled", file=sys.stderr)
PY
cat > "$work/rotate.lua" <<'LUA'
-- Each wrk thread walks the path list from its own offset.
local paths = {}
for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
local i = math.random(#paths)
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
LUA

"$bin" --data "$work/data" serve --addr 127.0.0.1:0 --max-concurrent 4096 > "$work/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
url=
for _ in $(seq 1 200); do
  url=$(grep -o 'http://[0-9.:]*' "$work/serve.log" | head -n1 || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { cat "$work/serve.log" >&2; exit 1; }
echo "server $url (pid $pid); RSS after start: $(grep VmRSS /proc/$pid/status | awk '{print $2}') KB"
curl -fsS "$url/api/stats" | python3 -c 'import json,sys; s=json.load(sys.stdin); print("index: %d articles, %d facts, %.0f MB" % (s["articles"], s["facts"], s["index_bytes"] / 1e6))'

for kind in search documents; do
  echo
  echo "== GET /api/$kind: wrk -t$threads -c$conns -d$duration --timeout 10s"
  PATHS="$work/paths-$kind.txt" wrk -t"$threads" -c"$conns" -d"$duration" --timeout 10s --latency -s "$work/rotate.lua" "$url" > "$work/wrk-$kind.txt"
  awk '/Requests\/sec/ {print "requests/s: " $2}
       /^ +50%/ {print "p50: " $2}
       /^ +99%/ {print "p99: " $2}
       /requests in/ {print "requests: " $1 " in " $4}
       /Non-2xx/ {print "non-2xx responses: " $NF}
       /Socket errors/ {print "socket errors: " $0}' "$work/wrk-$kind.txt"
  grep -q Non-2xx "$work/wrk-$kind.txt" || echo "non-2xx responses: 0"
  grep -q "Socket errors" "$work/wrk-$kind.txt" || echo "socket errors: 0"
  echo "server RSS: $(grep VmRSS /proc/$pid/status | awk '{print $2}') KB (peak $(grep VmHWM /proc/$pid/status | awk '{print $2}') KB)"
done
