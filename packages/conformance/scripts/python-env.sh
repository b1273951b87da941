#!/usr/bin/env bash
# Prints the path of a Python that has the `websockets` package, creating a private virtualenv for
# it (under node_modules/.cache, which git ignores) the first time. Used by the tests that check
# WebSocket endpoints with a client nobody here wrote (ws_check.py).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
venv="$root/node_modules/.cache/bolt-python-ws"
version="17.4"
if ! "$venv/bin/python" -c "import websockets, sys; sys.exit(websockets.__version__ != '$version')" 2>/dev/null; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "websockets==$version" >&2
fi
echo "$venv/bin/python"
