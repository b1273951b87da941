#!/usr/bin/env bash
# Runs a command against a private, throw-away Redis server (and makes sure nginx is installed, for
# the load-balancer test of @bolt/middleware).
#
#   scripts/redis/with-redis.sh <command...>
#
# Installs Debian's `redis-server` and `nginx` packages when they are missing, starts redis-server
# on 127.0.0.1 on a free port with no persistence, exports
#   BOLT_TEST_REDIS_URL=redis://127.0.0.1:<port>
#   BOLT_TEST_REDIS_CONTROL=<script>   (`$BOLT_TEST_REDIS_CONTROL stop|start`: for tests of a Redis outage)
# runs the command, then stops the server and removes its folder whatever happens, and exits with
# the command's status.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 <command...>" >&2
  exit 2
fi

log() { echo "[with-redis] $*" >&2; }

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]} from Debian's packages"
  if [ "$(id -u)" -ne 0 ]; then
    log "installing needs root (apt-get); run as root or install: ${missing[*]}"
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
# The Debian package starts a system-wide service when one can run; the tests use their own server.

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

WORK="$(mktemp -d "${TMPDIR:-/tmp}/bolt-redis.XXXXXX")"
PORT="$(free_port)"

cat >"$WORK/control" <<CONTROL
#!/usr/bin/env bash
set -euo pipefail
case "\${1:-}" in
  stop) redis-cli -h 127.0.0.1 -p $PORT shutdown nosave >/dev/null 2>&1 || true
        for _ in \$(seq 1 100); do redis-cli -h 127.0.0.1 -p $PORT ping >/dev/null 2>&1 || exit 0; sleep 0.1; done
        echo "redis on $PORT did not stop" >&2; exit 1 ;;
  start) redis-server --bind 127.0.0.1 --port $PORT --save '' --appendonly no --dir "$WORK" \
           --daemonize yes --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log"
         for _ in \$(seq 1 100); do redis-cli -h 127.0.0.1 -p $PORT ping >/dev/null 2>&1 && exit 0; sleep 0.1; done
         echo "redis on $PORT did not start" >&2; cat "$WORK/redis.log" >&2; exit 1 ;;
  *) echo "usage: \$0 stop|start" >&2; exit 2 ;;
esac
CONTROL
chmod 755 "$WORK/control"

cleanup() {
  local status=$?
  "$WORK/control" stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$WORK/control" start
log "Redis $(redis-server --version | awk '{print $3}') on 127.0.0.1:$PORT"

export BOLT_TEST_REDIS_URL="redis://127.0.0.1:$PORT"
export BOLT_TEST_REDIS_CONTROL="$WORK/control"

set +e
"$@"
status=$?
set -e
exit "$status"
