#!/usr/bin/env bash
# Index and search benchmark on a synthetic corpus (release build).
#
#   benches/index_bench.sh [SIZES...]        default: 10000 100000
#   env: VNFACTS_BIN (skip the release build, use this binary), GEN_BIN (binary
#   for gen-corpus), BENCH_DIR, REPEAT (runs per query, default 300)
#
# For each size N: generate N articles with facts (`vnfacts gen-corpus` when
# the binary has it, else the small generator below; both write the extract
# shape), index them, and report indexing MB/s, index size per article, and
# query latency p50/p99 for a document-number lookup, folded free text, and a
# filtered fact query with facets (`vnfacts search --bench-queries`, which
# opens the index once and times each query REPEAT times after a warm-up).
# Work files go to ${BENCH_DIR:-target/index-bench}. Figures only; no pass/fail.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(10000 100000)
work=${BENCH_DIR:-target/index-bench}
repeat=${REPEAT:-300}
mkdir -p "$work"

bin=${VNFACTS_BIN:-target/release/vnfacts}
[ -n "${VNFACTS_BIN:-}" ] || cargo build --release --bin vnfacts >&2
gen=${GEN_BIN:-$bin}  # the corpus generator may come from another (e.g. debug) build
have_gen=0
if "$gen" gen-corpus --help >/dev/null 2>&1; then have_gen=1; fi

generate() { # N SEED OUT
  if [ "$have_gen" = 1 ]; then
    "$gen" gen-corpus --articles "$1" --seed "$2" --quiet >"$3"
  else
    python3 - "$1" "$2" >"$3" <<'PY'
# Fallback generator (text written here, not taken from any site): articles in
# the `vnfacts extract` shape, ~1.5 KB of body, 5 facts with byte offsets.
import json, random, sys
n, seed = int(sys.argv[1]), int(sys.argv[2])
rnd = random.Random(seed)
provinces = ["Quảng Ninh", "Hà Nội", "Bắc Giang", "Thừa Thiên Huế", "Đà Nẵng", "Cần Thơ", "Lào Cai", "Nghệ An",
             "Thanh Hóa", "Hải Phòng", "Kiên Giang", "Gia Lai", "Đắk Lắk", "Bình Định", "Hòa Bình", "Sơn La"]
topics = ["bình đẳng giới", "phòng chống bạo lực gia đình", "chuyển đổi số", "xây dựng nông thôn mới",
          "an toàn thực phẩm", "phòng cháy chữa cháy", "cải cách hành chính", "giảm nghèo bền vững",
          "bảo vệ trẻ em", "hòa giải ở cơ sở", "phổ biến giáo dục pháp luật", "khuyến học khuyến tài"]
types = [("QĐ", "decision"), ("KH", "plan"), ("NQ", "resolution"), ("CT", "directive"), ("TB", "notice"), ("BC", "report")]
issuers = ["UBND", "BPN&TE", "SLĐTBXH", "HĐND", "BCĐ", "STTTT", "UBMTTQ"]
filler = ("Các cấp, các ngành tiếp tục quán triệt, triển khai đồng bộ các giải pháp, nâng cao nhận thức của cán bộ, "
          "đảng viên và nhân dân; tăng cường kiểm tra, giám sát, kịp thời biểu dương các điển hình tiên tiến. ")
def fact(body, text, at, kind, **kw):
    s = body.rfind("\n", 0, at) + 1
    e = body.find("\n", at); e = len(body) if e < 0 else e
    b = len(body[:at].encode())
    return {"kind": kind, **kw, "text": text, "start": b, "end": b + len(text.encode()), "sentence": body[s:e], "rule": "bench." + kind}
for i in range(n):
    prov, topic = rnd.choice(provinces), rnd.choice(topics)
    year = rnd.randint(2016, 2025)
    lines, facts = [], []
    def add(line, pieces):
        base = sum(len(l) + 1 for l in lines)
        lines.append(line)
        body = "\n".join(lines)
        for text, kind, kw in pieces:
            facts.append((text, base + line.index(text), kind, kw))
    num, (sym, dt), iss = rnd.randint(1, 4000), rnd.choice(types), rnd.choice(issuers)
    doc = f"{num:02d}/{sym}-{iss}" if rnd.random() < 0.2 else f"{num}/{sym}-{iss}"
    add(f"Ngày {rnd.randint(1,28)}/{rnd.randint(1,12)}/{year}, UBND tỉnh {prov} tổ chức hội nghị triển khai "
        f"{'Quyết định' if sym == 'QĐ' else 'văn bản'} số {doc} về công tác {topic}.",
        [(doc, "document", {"id": f"{num}/{sym}-{iss}", "doc_type": dt, "number": doc.split('/')[0], "symbol": f"{sym}-{iss}"})])
    k = rnd.randint(2, 40)
    add(f"Trong năm {year}, toàn tỉnh đã tổ chức {k} lớp tập huấn về {topic} cho cán bộ cơ sở.",
        [(f"{k} lớp", "count", {"quantity": k, "unit": "lớp", "category": "class"})])
    p = rnd.randint(50, 5000)
    add(f"Hội nghị có khoảng {p} người tham dự, trong đó có nhiều hội viên phụ nữ và đoàn viên thanh niên.",
        [(f"khoảng {p} người", "participants", {"quantity": p, "qualifier": "approx", "role": "attendee", "unit": "người"})])
    m = rnd.choice([50, 80, 120, 300, 500, 750, 900]) * 1_000_000 if rnd.random() < 0.7 else rnd.randint(1, 9) * 1_000_000_000
    mt = f"{m // 1_000_000} triệu đồng" if m < 1_000_000_000 else f"{m // 1_000_000_000} tỷ đồng"
    add(f"Tổng kinh phí thực hiện là {mt} từ ngân sách địa phương và nguồn xã hội hóa.",
        [(mt, "money", {"amount": m, "currency": "VND", "role": "budget"})])
    pc = round(rnd.uniform(40, 100), 1)
    pct = f"{pc}".replace(".", ",") + "%"
    add(f"Tỷ lệ hộ gia đình được tuyên truyền đạt {pct}, vượt kế hoạch đề ra.",
        [(pct, "ratio", {"percent": pc, "subject": "hộ gia đình"})])
    for _ in range(rnd.randint(6, 10)):
        lines.append(filler + f"Công tác {rnd.choice(topics)} được chú trọng tại {rnd.choice(provinces)}.")
    body = "\n".join(lines)
    out_facts = [fact(body, text, at, kind, **kw) for text, at, kind, kw in facts]
    art = {"article": f"bench-{seed}-{i}", "url": f"https://bench{i % 50}.example.gov.vn/tin/{seed}/{i}",
           "meta": {"title": f"{prov}: triển khai công tác {topic} năm {year}", "published": f"{year}-{rnd.randint(1,12):02d}-{rnd.randint(1,28):02d}T08:00",
                    "province": prov, "author": None, "source": f"bench{i % 50}"},
           "text": body, "facts": out_facts}
    sys.stdout.write(json.dumps(art, ensure_ascii=False) + "\n")
PY
  fi
}

queries() { # CORPUS OUT: one query per line; document ids are taken from the corpus
  python3 - "$1" >"$2" <<'PY'
import json, sys, unicodedata
ids = []
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        for fact in json.loads(line).get("facts", []):
            i = fact.get("id", "")
            if fact.get("kind") == "document" and "/" in i and "-" in i and i not in ids:
                ids.append(i)
        if len(ids) >= 3:
            break
def fold(s):
    s = s.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
out = []
for i in ids[:3]:                      # document-number lookups, typed three ways
    out += [i, fold(i).lower(), "số " + i.replace("-", " – ", 1)]
if ids:
    out.append("doc:" + ids[0].split("/")[0])  # bare number: the broader lookup
out += ["binh dang gioi", '"bình đẳng giới" tập huấn', "giam ngheo ben vung"]  # folded free text
out += ['kind:money amount>=500000000 province:"Quảng Ninh"',      # filtered fact queries with facets
        "kind:count category:class quantity:10..50 year:2021..2023",
        "role:attendee quantity>=100 bình đẳng giới year:2023"]
print("\n".join(out))
PY
}

printf '%s\n' "generator: $([ "$have_gen" = 1 ] && echo 'vnfacts gen-corpus' || echo 'fallback in this script')" >&2
for n in "${sizes[@]}"; do
  corpus="$work/corpus-$n.jsonl"
  data="$work/data-$n"
  [ -s "$corpus" ] || generate "$n" 42 "$corpus"
  rm -rf "$data"
  mb=$(du -m "$corpus" | cut -f1)
  echo "== $n articles ($mb MB of JSON Lines), $(nproc) cores"
  summary=$("$bin" --data "$data" index --json --commit-every 50000 "$corpus")
  again=$("$bin" --data "$data" index --json "$corpus")
  SUMMARY=$summary AGAIN=$again N=$n python3 - <<'PY'
import json, os
s, again, n = json.loads(os.environ["SUMMARY"]), json.loads(os.environ["AGAIN"]), int(os.environ["N"])
i = s["index"]
print(f"index: {s['seconds']:.1f} s, {s['mb_per_s']:.1f} MB/s, {n / s['seconds']:.0f} articles/s; "
      f"{i['articles']} articles, {i['facts']} facts, {i['bytes'] / 1e6:.1f} MB on disk = "
      f"{i['bytes'] / max(1, i['articles']) / 1024:.2f} KiB/article")
print(f"re-index of the same file: {again['seconds']:.1f} s, {again['run']['unchanged']} unchanged, {again['run']['added']} added")
PY
  queries "$corpus" "$work/queries-$n.txt"
  "$bin" --data "$data" search --bench-queries "$work/queries-$n.txt" --repeat "$repeat" --limit 10
done
