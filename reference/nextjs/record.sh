#!/usr/bin/env bash
# Starts the built reference app on 127.0.0.1:3100, records every example's scenarios
# against it into transcripts/next-16.4.6/, and stops it. Needs `npm install` and
# `bash build.sh` first (the `just record-next` recipe does both).
set -euo pipefail
cd "$(dirname "$0")"
port="${NEXT_PORT:-3100}"
# Its own process group, so stopping it also stops any process it started.
NEXT_TELEMETRY_DISABLED=1 setsid ./node_modules/.bin/next start -H 127.0.0.1 -p "$port" \
  >/tmp/next-reference.log 2>&1 &
server=$!
trap 'kill -- -$server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -s -o /dev/null "http://127.0.0.1:$port/api/hello" && break
  sleep 0.5
done
cd ../..
# Each example's scenarios start from a fresh server state only if run first; the
# server-actions scenarios are ordered by file name for that reason.
cargo run -q -p traffic --bin record -- --base "http://127.0.0.1:$port" --label next-16.4.6 "$@"
