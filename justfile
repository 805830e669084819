# Recipes for Next.js on the Wire. Each wraps a plain cargo command (see README.md);
# just is a convenience, never a requirement.

# List the recipes.
default:
    @just --list

# Serve the book and run the examples, live, on http://127.0.0.1:3000.
serve *ARGS:
    cargo run -p playground-server -- {{ARGS}}

# Share the playground with a class on this network: prints the addresses, a QR code and the instructor's link.
classroom *ARGS:
    cargo run -p playground-server -- --classroom {{ARGS}}

# Run every test (unit, HTTP, book, browser; the last need Chromium and the mdBook CLI).
test:
    cargo test --workspace -- --include-ignored

# Build the static book into target/book (for hosting; no server needed).
book:
    cargo run -p book-tools -- build

# Check the book: transcripts, directives, links.
check:
    cargo run -p book-tools -- check

# Print the workshop timetable (parts, chapters, minutes, start times).
schedule:
    cargo run -q -p book-tools -- schedule

# Format the code and run the linter as CI does.
fmt:
    cargo fmt --all
    cargo clippy --workspace --all-targets -- -D warnings

# Re-record our examples' transcripts (all, or the named examples).
record *EXAMPLES:
    cargo run -p traffic --bin record -- {{EXAMPLES}}

# Re-record the real Next.js transcripts (needs Node.js 20 and npm). The proxy
# example has its own reference app, reference/nextjs-proxy.
record-next *EXAMPLES:
    #!/usr/bin/env bash
    set -euo pipefail
    examples="{{EXAMPLES}}"
    bash reference/nextjs/build.sh
    bash reference/nextjs/record.sh $examples
    if [ -z "$examples" ] || [[ " $examples " == *" proxy "* ]]; then
      bash reference/nextjs-proxy/build.sh
      bash reference/nextjs-proxy/record.sh
    fi

# Re-record the book's version claims from Next.js 14 or 15 (V is 14 or 15; needs Node.js 20 and npm).
record-next-version V:
    bash reference/versions/build.sh {{V}}
    bash reference/versions/record.sh {{V}}

# Run workshop exercise N (1 to 5): serve your starter; `just exercise 1 check` checks it.
exercise N *ARGS:
    @dir=$(ls -d exercises/$(printf %02d {{N}})-* 2>/dev/null) || { echo "there is no exercise {{N}}: pick 1 to 5" >&2; exit 1; }; cargo run -q -p "exercise-$(basename "$dir")" -- {{ARGS}}

# Measure the proxy, /send, builds and memory (release build); writes BENCHMARKS.md.
bench *ARGS:
    cargo run --release -p playground-server --bin bench -- {{ARGS}}

# Simulate a class: 60 browsers for 60 s on one playground; writes BENCHMARKS.md.
load *ARGS:
    cargo run --release -p playground-server --bin bench -- --load {{ARGS}}
