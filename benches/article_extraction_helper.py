#!/usr/bin/env python3
"""Helper for benches/article_extraction.sh (standard library + trafilatura).

    to-pred JSONL OUT.json           vnfacts article output -> {id: {"articleBody": text}}
    trafilatura HTML_DIR OUT.json    run trafilatura on every page, one process; prints pages and seconds
"""
import gzip
import json
import os
import sys
import time


def to_pred(jsonl, out):
    pred = {}
    with open(jsonl, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            pred[row["id"]] = {"articleBody": row.get("text") or ""}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(pred, f, ensure_ascii=False)


def run_trafilatura(html_dir, out):
    import trafilatura  # installed in the bench venv

    names = sorted(n for n in os.listdir(html_dir) if n.endswith(".html.gz"))
    pages = []
    for n in names:
        with gzip.open(os.path.join(html_dir, n), "rb") as f:
            pages.append((n[: -len(".html.gz")], f.read().decode("utf-8", errors="replace")))
    pred = {}
    start = time.perf_counter()
    for pid, html in pages:
        text = trafilatura.extract(html) or ""
        pred[pid] = {"articleBody": text}
    secs = time.perf_counter() - start
    with open(out, "w", encoding="utf-8") as f:
        json.dump(pred, f, ensure_ascii=False)
    print(f"{len(pages)} {secs:.3f}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    cmd, a, b = sys.argv[1:]
    if cmd == "to-pred":
        to_pred(a, b)
    elif cmd == "trafilatura":
        run_trafilatura(a, b)
    else:
        sys.exit(__doc__)
