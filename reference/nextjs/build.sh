#!/usr/bin/env bash
# Builds the reference app so that a rebuild keeps what our scenarios depend on:
# the build id (pinned in next.config.ts) and the Server Action ids, which Next.js
# salts with the encryption key. The key below is the one of the first recorded
# build (mini_next::server_actions::ids::REFERENCE_HASH_SALT); it only protects
# bound values of this local, never-deployed app.
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules ] || npm ci --no-audit --no-fund
NEXT_TELEMETRY_DISABLED=1 \
NEXT_SERVER_ACTIONS_ENCRYPTION_KEY='gTrPU+NNee3nHZJ92XVFhEoQP07O8DRassGAtrz+RIg=' \
  ./node_modules/.bin/next build "$@"
