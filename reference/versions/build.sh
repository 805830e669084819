#!/usr/bin/env bash
# Builds the reference app's version-claim routes under an older Next.js:
#     bash reference/versions/build.sh 14      (or 15)
# Copies the routes listed in routes.txt from ../nextjs/app/ into next-<major>/app/
# (the same code the Next.js 16 app runs), installs exactly what next-<major>/
# package-lock.json pins and runs `next build` there.
set -euo pipefail
cd "$(dirname "$0")"
major="${1:?name the major version: bash build.sh 14 (or 15)}"
app="next-$major"
[ -f "$app/package.json" ] || { echo "there is no $app/ here: pick 14 or 15" >&2; exit 1; }
rm -rf "$app/app"
grep -v '^#' routes.txt | while read -r route; do
  [ -n "$route" ] || continue
  mkdir -p "$app/app/$(dirname "$route")"
  cp "../nextjs/app/$route" "$app/app/$route"
done
cp next.config.mjs "$app/next.config.mjs"
cd "$app"
[ -d node_modules ] || npm ci --no-audit --no-fund
NEXT_TELEMETRY_DISABLED=1 ./node_modules/.bin/next build
