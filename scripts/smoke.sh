#!/usr/bin/env bash
# Curls every example endpoint and fails on the first wrong status.
set -u
base=${1:-http://127.0.0.1:8000}
fail=0
check() {
  local expected=$1; shift
  local status
  status=$(curl -s -o /tmp/bolt-smoke-body -w '%{http_code}' "$@")
  printf '%-4s %s %s\n' "$status" "$*" "$(head -c 120 /tmp/bolt-smoke-body)"
  [ "$status" = "$expected" ] || { echo "  expected $expected"; fail=1; }
}
check 200 "$base/"
check 200 "$base/items/1?q=hello"
check 422 "$base/items/abc"
check 200 -X PUT -H 'content-type: application/json' -d '{"name":"Foo","price":1.5,"is_offer":true}' "$base/items/1"
check 200 "$base/items100"
check 200 -X POST -H 'content-type: application/json' -d '{"title":"t","count":1,"items":[{"name":"a","price":1}]}' "$base/bench/parse"
check 200 "$base/bench/slow?ms=10"
if curl -s -o /dev/null -w '%{http_code}' "$base/users/" | grep -q 200; then
  check 200 "$base/users/"
  check 200 "$base/users/full10"
  check 200 "$base/users/mini10"
fi
exit $fail
