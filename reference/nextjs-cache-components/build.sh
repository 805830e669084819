#!/usr/bin/env bash
# Builds the Cache Components reference app: the reference app's /dashboard with
# `cacheComponents: true`. It borrows the pinned install of ../nextjs through a
# symlink (not committed), so it runs the very same next@16.4.6.
set -euo pipefail
cd "$(dirname "$0")"
[ -d ../nextjs/node_modules ] || (cd ../nextjs && npm ci --no-audit --no-fund)
[ -e node_modules ] || ln -s ../nextjs/node_modules node_modules
NEXT_TELEMETRY_DISABLED=1 ./node_modules/.bin/next build "$@"
