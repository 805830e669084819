#!/usr/bin/env bash
# Starts the built proxy reference app on 127.0.0.1:3102, records the `proxy`
# example's scenarios against it into ../nextjs/transcripts/next-16.4.6/proxy/ (where
# the example registry and the conformance test look for every example), and stops
# it. Run `bash build.sh` first. A second app, because its proxy.ts matches
# /api/:path*: inside ../nextjs it would add x-from-proxy to every API recording.
set -euo pipefail
cd "$(dirname "$0")"
port="${NEXT_PROXY_PORT:-3102}"
source ../next-server.sh
start_next . "$port" /tmp/next-proxy-reference.log /new/ready
cd ../..
cargo run -q -p traffic --bin record -- --base "http://127.0.0.1:$port" --label next-16.4.6 proxy "$@"
