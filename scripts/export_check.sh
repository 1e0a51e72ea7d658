#!/usr/bin/env bash
# Read a `vnfacts export --format parquet` file back with pyarrow and check
# the column types and that Vietnamese text survived the round trip.
#
#   scripts/export_check.sh FILE.parquet
#
# Creates its own venv (target/venv-export-check, or $VNFACTS_PY_VENV; the
# target directory is already ignored by git) and installs pyarrow from PyPI
# into it on first use.
set -euo pipefail
file=${1:?usage: scripts/export_check.sh FILE.parquet}
here=$(cd "$(dirname "$0")" && pwd)
venv=${VNFACTS_PY_VENV:-${CARGO_TARGET_DIR:-$here/../target}/venv-export-check}
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check pyarrow
fi
"$venv/bin/python" - "$file" <<'PY'
import sys
import unicodedata
import pyarrow as pa
import pyarrow.parquet as pq

t = pq.read_table(sys.argv[1])
want = {
    "article_url": pa.string(), "article_id": pa.string(), "title": pa.string(),
    "published": pa.timestamp("ms", tz="UTC"), "province": pa.string(), "kind": pa.string(),
    "doc_id": pa.string(), "doc_year": pa.int64(), "issued": pa.date32(),
    "quantity": pa.int64(), "person_times": pa.bool_(), "amount": pa.int64(),
    "percent": pa.float64(), "period_start": pa.int64(), "sentence": pa.string(),
    "sentence_folded": pa.string(),
}
problems = []
for name, typ in want.items():
    if name not in t.column_names:
        problems.append(f"missing column {name}")
    elif t.schema.field(name).type != typ:
        problems.append(f"{name}: {t.schema.field(name).type}, want {typ}")
if t.num_rows == 0:
    problems.append("no rows")
rows = t.to_pylist()
# Vietnamese text: NFC, with its diacritics, and a folded twin without them.
viet = [r for r in rows if any(c in (r["sentence"] or "") for c in "ăâđêôơưĐ")]
if not viet:
    problems.append("no sentence with Vietnamese letters")
for r in viet:
    s = r["sentence"]
    if unicodedata.normalize("NFC", s) != s:
        problems.append(f"not NFC: {s!r}")
    f = r["sentence_folded"]
    if any(c in f for c in "ăâđêôơư"):
        problems.append(f"folded column keeps diacritics: {f!r}")
kinds = {r["kind"] for r in rows}
money = [r for r in rows if r["kind"] == "money"]
if money and not all(isinstance(r["amount"], int) and r["amount"] > 0 for r in money):
    problems.append("money rows without an integer amount")
docs = [r for r in rows if r["kind"] == "document"]
if docs and not any(r["doc_id"] and "Đ" in r["doc_id"] for r in docs):
    problems.append("no document id kept its Đ")
if problems:
    print("FAIL", *problems, sep="\n  ")
    sys.exit(1)
print(f"ok: {t.num_rows} rows, {len(t.column_names)} columns, kinds {sorted(kinds)}, pyarrow {pa.__version__}")
PY
