#!/usr/bin/env bash
# Starts the built next-<major>/ app on 127.0.0.1:31<major> (3114, 3115), records the
# scenarios listed in scenarios.txt into ../nextjs/transcripts/next-<version>/ and
# stops it. Run build.sh first (`just record-next-version 14` does both).
set -euo pipefail
cd "$(dirname "$0")"
major="${1:?name the major version: bash record.sh 14 (or 15)}"
app="next-$major"
[ -d "$app/.next" ] || { echo "$app is not built: run bash build.sh $major first" >&2; exit 1; }
port="${NEXT_PORT:-31$major}"
version=$(node -p "require('./$app/package.json').dependencies.next")
source ../next-server.sh
start_next "$app" "$port" "/tmp/next-$major-reference.log" /api/now
cd ../..
grep -v '^#' reference/versions/scenarios.txt | while read -r example scenarios; do
  [ -n "$example" ] || continue
  only=()
  for scenario in $scenarios; do only+=(--only "$scenario"); done
  cargo run -q -p traffic --bin record -- --base "http://127.0.0.1:$port" \
    --label "next-$version" "${only[@]}" "$example"
done
