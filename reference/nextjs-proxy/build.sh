#!/usr/bin/env bash
# Builds the proxy reference app. It has no node_modules of its own: it borrows the
# pinned install of ../nextjs through a symlink (not committed), so both apps run the
# very same next@16.4.6. The build id is pinned in next.config.ts; the key is the one
# ../nextjs/build.sh pins (this app has no Server Actions, it only keeps builds alike).
set -euo pipefail
cd "$(dirname "$0")"
[ -d ../nextjs/node_modules ] || (cd ../nextjs && npm ci --no-audit --no-fund)
[ -e node_modules ] || ln -s ../nextjs/node_modules node_modules
NEXT_TELEMETRY_DISABLED=1 \
NEXT_SERVER_ACTIONS_ENCRYPTION_KEY='gTrPU+NNee3nHZJ92XVFhEoQP07O8DRassGAtrz+RIg=' \
  ./node_modules/.bin/next build "$@"
