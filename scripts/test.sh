#!/usr/bin/env bash
# The whole test suite (`pnpm test`): starts PostgreSQL and Redis if they do not answer, installs
# Debian's Chromium for the studio's browser test if it is missing, runs
# every vitest test against them, and ends with the line `N passed, N failed`.
set -euo pipefail
cd "$(dirname "$0")/.."
# The project's Node (24 LTS), fetched from the npm registry when the machine has another.
source scripts/ensure-node.sh

bash scripts/ensure-services.sh
bash scripts/ensure-chromium.sh

report=$(mktemp --suffix=.json)
trap 'rm -f "$report"' EXIT
status=0
# A hard ceiling, so a runaway test can never eat CI's 90 minutes.
timeout --kill-after=30 1800 pnpm exec vitest run --reporter=default --reporter=json \
  --outputFile.json="$report" "$@" || status=$?
# A missing report fails the run even if vitest's exit code said otherwise.
node scripts/summarise-vitest.mjs "$report" || [ "$status" != 0 ] || status=1
exit "$status"
