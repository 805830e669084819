# Sourced by the record.sh of nextjs/, nextjs-proxy/, nextjs-cache-components/ and
# versions/: `start_next <app dir> <port> <log file> <path to wait for>` runs
# `next start` there on 127.0.0.1:<port>, in its own process group so that stopping it
# also stops any process it started, stops it when the calling script exits, and
# returns once <path> answers (or after 30 s).
start_next() {
  local dir="$1" port="$2" log="$3" probe="$4"
  (cd "$dir" && NEXT_TELEMETRY_DISABLED=1 exec setsid ./node_modules/.bin/next start -H 127.0.0.1 -p "$port") \
    >"$log" 2>&1 &
  next_server=$!
  trap 'kill -- -$next_server 2>/dev/null || true; wait $next_server 2>/dev/null || true' EXIT
  for _ in $(seq 1 60); do
    curl -s -o /dev/null "http://127.0.0.1:$port$probe" && return 0
    sleep 0.5
  done
}
