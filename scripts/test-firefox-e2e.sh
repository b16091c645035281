#!/usr/bin/env bash
# The Firefox end-to-end suite (tests/firefox/*.test.mjs), one file at a time: each file
# starts its own Firefox, and the policy test writes Firefox's system-wide policy file,
# which any Firefox started meanwhile would read. Fails when no test ran.
set -euo pipefail
cd "$(dirname "$0")/.."

tap=$(mktemp)
trap 'rm -f "$tap"' EXIT
node --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" \
  tests/firefox/*.test.mjs
ran=$(sed -n 's/^# tests \([0-9]*\)$/\1/p' "$tap" | tail -1)
if [ "${ran:-0}" -eq 0 ]; then
  echo "No Firefox end-to-end test ran." >&2
  exit 1
fi
