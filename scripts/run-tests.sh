#!/usr/bin/env bash
# Runs every package's tests (with a private PostgreSQL when the script for it exists), keeps the
# log, and ends with one line: `tests: N passed, M failed`, summed over all packages.
set -u
cd "$(dirname "$0")/.."
log=${BOLT_TEST_LOG:-$(mktemp /tmp/bolt-tests.XXXXXX.log)}
runner=(pnpm turbo run test --concurrency=1 --continue)
if [ -x scripts/postgres/with-postgres.sh ]; then runner=(bash scripts/postgres/with-postgres.sh "${runner[@]}"); fi
if [ -x scripts/redis/with-redis.sh ]; then runner=(bash scripts/redis/with-redis.sh "${runner[@]}"); fi
CI=${CI:-1} "${runner[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
node scripts/test-summary.mjs "$log" "$status"
