#!/usr/bin/env bash
# Browser test of the search page: Debian chromium driven by playwright-core.
#
#   scripts/browser_test.sh            # from the repository root
#
# Installs chromium (apt) and playwright-core (npm, into scripts/browser/node_modules,
# gitignored) when missing, builds fixture data with `vnfacts demo --no-serve --keep`,
# starts `vnfacts serve` on 127.0.0.1 (free port), searches `3608/QD-BPN&TE` and
# `binh dang gioi`, checks results and highlighted sentences, opens an article, and
# saves desktop (1280) and phone (390) screenshots to scripts/screenshots/.
# Env: VNFACTS_BIN (default target/debug/vnfacts, built if absent).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

if [ ! -x /usr/bin/chromium ]; then
  echo "installing chromium (apt)..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if [ ! -d scripts/browser/node_modules/playwright-core ]; then
  echo "installing playwright-core (npm)..." >&2
  # Debian's chromium is used; never download a browser.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix scripts/browser --no-audit --no-fund --silent
fi

bin=${VNFACTS_BIN:-target/debug/vnfacts}
if [ ! -x "$bin" ]; then
  cargo build --bin vnfacts
fi

work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$bin" demo --no-serve --keep "$work/data" > "$work/demo.log" 2>&1 || { cat "$work/demo.log" >&2; exit 1; }
"$bin" --data "$work/data" serve --addr 127.0.0.1:0 > "$work/serve.log" 2> "$work/serve.err" &
server_pid=$!
url=
for _ in $(seq 1 100); do
  url=$(grep -o 'http://[0-9.:]*/' "$work/serve.log" 2>/dev/null | head -n1 || true)
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.err" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "vnfacts serve printed no URL" >&2; exit 1; }
echo "search page at $url"

mkdir -p scripts/screenshots
node scripts/browser_test.cjs "$url" "$root/scripts/screenshots"
