#!/usr/bin/env bash
# Starts the built reference app on 127.0.0.1:3100, records every example's scenarios
# against it into transcripts/next-16.4.6/, and stops it. Needs `npm install` and
# `bash build.sh` first (the `just record-next` recipe does both).
set -euo pipefail
cd "$(dirname "$0")"
# The proxy example has a reference app of its own (../nextjs-proxy, see README.md):
# recorded here, its scenarios would get this app's 404s. So it is left out, by name
# or from "all examples", and ../nextjs-proxy/record.sh records it.
examples=()
if [ $# -eq 0 ]; then
  for dir in ../../examples/*/; do
    if [ -f "$dir/Cargo.toml" ] && [ -d "$dir/scenarios" ]; then
      examples+=("$(basename "$dir")")
    fi
  done
else
  examples=("$@")
fi
kept=()
for id in "${examples[@]}"; do
  case "$id" in
    proxy) echo "skipping proxy: record it with bash reference/nextjs-proxy/record.sh" >&2 ;;
    *) kept+=("$id") ;;
  esac
done
[ ${#kept[@]} -gt 0 ] || exit 0
port="${NEXT_PORT:-3100}"
source ../next-server.sh
start_next . "$port" /tmp/next-reference.log /api/hello
cd ../..
# Each example's scenarios start from a fresh server state only if run first; the
# server-actions scenarios are ordered by file name for that reason.
cargo run -q -p traffic --bin record -- --base "http://127.0.0.1:$port" --label next-16.4.6 "${kept[@]}"
