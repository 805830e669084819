#!/usr/bin/env bash
# Builds this app, starts it on 127.0.0.1:${NEXT_PORT:-3105}, records the
# server-components scenarios the book compares with Cache Components on, into
# ../nextjs/transcripts/next-16.4.6-cache-components/, and stops it.
set -euo pipefail
cd "$(dirname "$0")"
port="${NEXT_PORT:-3105}"
bash build.sh >/dev/null
source ../next-server.sh
start_next . "$port" /tmp/next-cache-components.log /dashboard
cd ../..
# Once to warm the server up (a first request pays for loading the page's code),
# then for the record.
for _ in 1 2; do
  cargo run -q -p traffic --bin record -- --base "http://127.0.0.1:$port" \
    --label next-16.4.6-cache-components server-components --only page --only rsc
done
