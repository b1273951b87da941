"""Checks a Bolt app's WebSocket endpoints from outside, with the `websockets` package (a client
nobody here wrote): /ws/echo echoes text and binary and answers pings; /ws/chat/{room} broadcasts
{"room","text","from"} to the room and closes with 1007 on an invalid message; refusals are HTTP
answers before the handshake.

    python ws_check.py ws://127.0.0.1:8000

Prints one JSON object per check, {"check": name, "ok": bool, "detail": str}, then
{"summary": {"passed": n, "failed": m}}; exits 1 when any check failed.
"""

import json
import os
import sys

from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

TIMEOUT = 10
results = []


def check(name):
    """Runs the decorated function as one check; an exception is a failure with its message."""

    def run(fn):
        try:
            detail = fn()
            results.append({"check": name, "ok": True, "detail": detail or ""})
        except Exception as error:  # noqa: BLE001 - every failure is reported, none stops the run
            results.append({"check": name, "ok": False, "detail": f"{type(error).__name__}: {error}"})
        return fn

    return run


def expect(condition, message):
    if not condition:
        raise AssertionError(message)


def main(base):
    @check("echo text")
    def _():
        with connect(f"{base}/ws/echo", open_timeout=TIMEOUT) as ws:
            for text in ["hello", "héllo wörld ✓ 🎉", ""]:
                ws.send(text)
                got = ws.recv(timeout=TIMEOUT)
                expect(got == text, f"sent {text!r}, got {got!r}")
        return "3 messages, UTF-8 and empty included"

    @check("echo binary")
    def _():
        with connect(f"{base}/ws/echo", open_timeout=TIMEOUT, max_size=2**20) as ws:
            for data in [bytes([0, 1, 0xFE, 0xFF]), os.urandom(60_000)]:
                ws.send(data)
                got = ws.recv(timeout=TIMEOUT)
                expect(isinstance(got, bytes), f"binary came back as {type(got).__name__}")
                expect(got == data, f"{len(data)} bytes sent, {len(got)} different bytes back")
        return "4 bytes and 60000 random bytes"

    @check("echo fragmented")
    def _():
        with connect(f"{base}/ws/echo", open_timeout=TIMEOUT) as ws:
            # An iterable is sent as one message in several frames.
            ws.send(["frag", "mented ", "✓"])
            got = ws.recv(timeout=TIMEOUT)
            expect(got == "fragmented ✓", f"got {got!r}")
        return "3 text fragments joined"

    @check("ping pong")
    def _():
        with connect(f"{base}/ws/echo", open_timeout=TIMEOUT) as ws:
            latency = ws.ping(b"bolt").wait(TIMEOUT)
            expect(latency, "no pong")
        return "pong received"

    @check("close 1000")
    def _():
        with connect(f"{base}/ws/echo", open_timeout=TIMEOUT) as ws:
            ws.close(1000, "bye")
            # close_code is the code of the close frame the server sent back.
            expect(ws.close_code == 1000, f"close code {ws.close_code}")
        return "the server answered the close handshake with 1000"

    @check("chat broadcast")
    def _():
        room = f"py{os.getpid()}"
        with connect(f"{base}/ws/chat/{room}?name=ann", open_timeout=TIMEOUT) as ann:
            ann.send(json.dumps({"text": "ann here"}))
            expect(json.loads(ann.recv(timeout=TIMEOUT)) == {"room": room, "text": "ann here", "from": "ann"}, "ann's own message")
            with connect(f"{base}/ws/chat/{room}?name=bob", open_timeout=TIMEOUT) as bob:
                bob.send(json.dumps({"text": "bob here"}))
                expected = {"room": room, "text": "bob here", "from": "bob"}
                expect(json.loads(bob.recv(timeout=TIMEOUT)) == expected, "bob's own message")
                expect(json.loads(ann.recv(timeout=TIMEOUT)) == expected, "ann sees bob's message")
                ann.send(json.dumps({"text": "hi bob"}))
                expected = {"room": room, "text": "hi bob", "from": "ann"}
                expect(json.loads(bob.recv(timeout=TIMEOUT)) == expected, "bob sees ann's message")
                expect(json.loads(ann.recv(timeout=TIMEOUT)) == expected, "and so does ann")
        return "two clients, each message to both"

    @check("chat invalid message 1007")
    def _():
        for message in ["not json", json.dumps({"text": 1}), json.dumps({"nope": "x"})]:
            with connect(f"{base}/ws/chat/lobby", open_timeout=TIMEOUT) as ws:
                ws.send(message)
                try:
                    got = ws.recv(timeout=TIMEOUT)
                    raise AssertionError(f"{message!r} was answered with {got!r} instead of a close")
                except ConnectionClosed as closed:
                    code = closed.rcvd.code if closed.rcvd else None
                    expect(code == 1007, f"{message!r}: close code {code}")
        return "3 invalid messages, each closed with 1007"

    @check("refused upgrades")
    def _():
        for path, status in [("/ws/nowhere", 404), ("/ws/chat/not%20a%20room", 422)]:
            try:
                with connect(f"{base}{path}", open_timeout=TIMEOUT):
                    raise AssertionError(f"{path} was accepted")
            except InvalidStatus as refused:
                got = refused.response.status_code
                expect(got == status, f"{path}: {got}, expected {status}")
        return "404 and 422 before the handshake"

    for result in results:
        print(json.dumps(result), flush=True)
    failed = sum(1 for r in results if not r["ok"])
    print(json.dumps({"summary": {"passed": len(results) - failed, "failed": failed}}), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: ws_check.py ws://host:port", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1].rstrip("/")))
