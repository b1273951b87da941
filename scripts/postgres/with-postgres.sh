#!/usr/bin/env bash
# Runs a command against a private, throw-away PostgreSQL server.
#
#   scripts/postgres/with-postgres.sh <command...>
#
# Installs PostgreSQL from Debian's packages when initdb/pg_ctl are missing, creates a cluster in a
# temporary data dir listening on 127.0.0.1 on a free port, exports
#   BOLT_TEST_DATABASE_URL=postgres://bolt@127.0.0.1:<port>/postgres
#   BOLT_TEST_PG_CONTROL=<script>   (`$BOLT_TEST_PG_CONTROL stop|start`: for tests of a database outage)
# runs the command, then stops the server and removes the cluster whatever happens, and exits with
# the command's status. initdb refuses to run as root: as root the cluster belongs to the
# `postgres` user (created if absent).
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 <command...>" >&2
  exit 2
fi

log() { echo "[with-postgres] $*" >&2; }

find_pg_bin() {
  local dir
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return 0
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

PG_BIN="$(find_pg_bin || true)"
if [ -z "$PG_BIN" ]; then
  log "PostgreSQL not found: installing it from Debian's packages"
  if [ "$(id -u)" -ne 0 ]; then
    log "installing needs root (apt-get); run as root or install the 'postgresql' package"
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >&2
  PG_BIN="$(find_pg_bin || true)"
  if [ -z "$PG_BIN" ]; then
    log "PostgreSQL was installed but initdb/pg_ctl were not found"
    exit 1
  fi
fi

# Who owns the cluster: ourselves, or the unprivileged `postgres` user when we are root.
RUN_AS=()
if [ "$(id -u)" -eq 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  fi
  RUN_AS=(runuser -u postgres --)
fi

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# As root the cluster user must reach the folder: keep it under /tmp, not a private TMPDIR.
if [ "${#RUN_AS[@]}" -gt 0 ]; then BASE=/tmp; else BASE="${TMPDIR:-/tmp}"; fi
WORK="$(mktemp -d "$BASE/bolt-pg.XXXXXX")"
DATA="$WORK/data"
SOCKETS="$WORK/sockets"
PORT="$(free_port)"
mkdir -p "$SOCKETS"
if [ "${#RUN_AS[@]}" -gt 0 ]; then chown -R postgres "$WORK"; fi
chmod 700 "$WORK"

cleanup() {
  local status=$?
  if [ -f "$DATA/postmaster.pid" ]; then
    "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"${RUN_AS[@]}" "$PG_BIN/initdb" -D "$DATA" -U bolt --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
  >"$WORK/initdb.log" 2>&1 || { cat "$WORK/initdb.log" >&2; exit 1; }

# A control script for tests that take the database away and bring it back.
cat >"$WORK/control" <<CONTROL
#!/usr/bin/env bash
set -euo pipefail
case "\${1:-}" in
  stop) exec ${RUN_AS[*]} "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w stop ;;
  start) exec ${RUN_AS[*]} "$PG_BIN/pg_ctl" -D "$DATA" -l "$WORK/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $SOCKETS -c fsync=off -c full_page_writes=off -c synchronous_commit=off" start ;;
  *) echo "usage: \$0 stop|start" >&2; exit 2 ;;
esac
CONTROL
chmod 755 "$WORK/control"

"$WORK/control" start >/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT (data in $DATA)"

export BOLT_TEST_DATABASE_URL="postgres://bolt@127.0.0.1:$PORT/postgres"
export BOLT_TEST_PG_CONTROL="$WORK/control"

set +e
"$@"
status=$?
set -e
exit "$status"
