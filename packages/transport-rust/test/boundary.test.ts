// Malformed and oversized requests are answered by Rust without entering JavaScript: every
// handler counts its calls, and the count only moves for the requests that should reach it.
import { exchange } from '@bolt/conformance';
import t from 'tap';
import { serve } from '../src/index.js';
import { api, calls } from './fixtures/probe-app.js';

t.test('requests Rust answers alone never reach a handler', async (t) => {
  const server = await serve(api, { port: 0 });
  t.teardown(() => server.close({ graceMs: 1000 }));
  const before = calls.count;
  const stillServes = async (what: string) => {
    const res = await fetch(`${server.url}/`);
    t.equal(res.status, 200, `serves after ${what}`);
    await res.arrayBuffer();
  };
  let served = 0;

  const cases: [string, string, number[], string?][] = [
    ['unknown path', 'GET /nope HTTP/1.1\r\nHost: x\r\n\r\n', [404], '{"detail":"Not Found"}'],
    ['wrong method', 'DELETE / HTTP/1.1\r\nHost: x\r\n\r\n', [405], '{"detail":"Method Not Allowed"}'],
    ['automatic OPTIONS', 'OPTIONS / HTTP/1.1\r\nHost: x\r\n\r\n', [204]],
    [
      'announced oversized body',
      `POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n"${'x'.repeat(4998)}"`,
      [413],
      '{"detail":"Payload Too Large"}',
    ],
    [
      'chunked body crossing the limit',
      `POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${(800).toString(16)}\r\n${'y'.repeat(800)}\r\n${(800).toString(16)}\r\n${'y'.repeat(800)}\r\n0\r\n\r\n`,
      [413],
    ],
    [
      'oversized head',
      `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'z'.repeat(20_000)}\r\n\r\n`,
      [431],
      '{"detail":"Request Header Fields Too Large"}',
    ],
    ['garbage request line', 'NOT HTTP AT ALL\r\n\r\n', [400], '{"detail":"Bad Request"}'],
    [
      'bad header line',
      'GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n',
      [400],
      '{"detail":"Bad Request"}',
    ],
    [
      'bad chunk size',
      'POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      [400],
      '{"detail":"Bad Request"}',
    ],
    ['missing Host', 'GET / HTTP/1.1\r\n\r\n', [400], '{"detail":"Bad Request"}'],
  ];
  for (const [what, raw, statuses, body] of cases) {
    const res = await exchange(server.port, raw, 1, { timeoutMs: 3000 });
    const got = res.responses[0];
    // Every one is answered (hyper's own empty 400s are replaced by Bolt's), and none reaches JS.
    t.ok(got && statuses.includes(got.status), `${what}: ${got?.status ?? 'no answer'}`);
    if (body) t.equal(got?.body.toString(), body, `${what}: Bolt's body`);
    await stillServes(what);
    served++;
  }
  t.equal(calls.count - before, served, 'only the follow-up GETs reached a handler');
});

t.test('the 503 for a full worker is answered by Rust', async (t) => {
  const server = await serve(api, { port: 0, maxInFlight: 1 });
  t.teardown(() => server.close({ graceMs: 1000 }));
  const started = calls.count;
  // 3 s in the handler: the second request must reach Rust while the first is still in flight, and
  // on a busy machine opening its connection alone can take a good part of a second.
  const slow = fetch(`${server.url}/who?ms=3000`);
  // The slow handler has started (it counts first), so its request is in flight in Rust's table.
  while (calls.count === started) await new Promise((r) => setTimeout(r, 5));
  const before = calls.count;
  const shed = await fetch(`${server.url}/`);
  t.equal(shed.status, 503, 'second request shed while the first is in flight');
  t.equal(await shed.text(), '{"detail":"Service Unavailable"}');
  t.equal(calls.count, before, 'the shed request never reached JS');
  t.equal((await slow).status, 200, 'the in-flight request finishes');
  t.equal((await fetch(`${server.url}/`)).status, 200, 'serves again once below the cap');
});
