#!/usr/bin/env bash
# Starts the built reference app on 127.0.0.1:3100, records every example's scenarios
# against it into transcripts/next-16.4.6/, and stops it. Needs `npm install` and
# `bash build.sh` first (the `just record-next` recipe does both).
set -euo pipefail
cd "$(dirname "$0")"
port="${NEXT_PORT:-3100}"
source ../next-server.sh
start_next . "$port" /tmp/next-reference.log /api/hello
cd ../..
# Each example's scenarios start from a fresh server state only if run first; the
# server-actions scenarios are ordered by file name for that reason.
cargo run -q -p traffic --bin record -- --base "http://127.0.0.1:$port" --label next-16.4.6 "$@"
