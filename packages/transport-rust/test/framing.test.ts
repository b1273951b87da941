// Request framing on the Rust engine, over raw sockets: every complete request is answered at
// once and in order, a closing request ends the connection after its answer, malformed heads are
// answered 400 with Bolt's body, and slow bodies are cut with 408.
import { exchange, RawConnection } from '@bolt/conformance';
import t from 'tap';
import { serve } from '../src/index.js';
import { api } from './fixtures/probe-app.js';

const BAD_REQUEST = '{"detail":"Bad Request"}';
const TIMEOUT = '{"detail":"Request Timeout"}';

t.test('a finished answer is not held back by a partly sent pipelined request', async (t) => {
  const server = await serve(api, { port: 0, headersTimeout: 60_000 });
  t.teardown(() => server.close({ graceMs: 500 }));
  const conn = await RawConnection.open(server.port);
  t.teardown(() => conn.destroy());
  conn.write('GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /who HTTP/1.1\r\n');
  // Before the fix nothing came back until the head timeout (here 60 s) closed the connection.
  const first = await conn.waitForResponses(1, 10_000);
  t.equal(first.length, 1, 'the first answer arrived while the second head is incomplete');
  t.equal(first[0]?.body.toString(), '{"Hello":"World"}');
  conn.write('Host: x\r\n\r\n');
  const both = await conn.waitForResponses(2, 10_000);
  t.equal(both[1]?.status, 200, 'the second request is answered once complete');
});

for (const [what, raw] of [
  [
    'connection: close',
    'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /who HTTP/1.1\r\nHost: x\r\n\r\n',
  ],
  ['HTTP/1.0', 'GET / HTTP/1.0\r\n\r\nGET /who HTTP/1.1\r\nHost: x\r\n\r\n'],
] as const) {
  t.test(`${what} followed by more bytes: answered, then closed`, async (t) => {
    const server = await serve(api, { port: 0 });
    t.teardown(() => server.close({ graceMs: 500 }));
    const res = await exchange(server.port, raw, 2, { timeoutMs: 5000 });
    t.equal(res.responses.length, 1, 'exactly one answer');
    t.equal(res.responses[0]?.body.toString(), '{"Hello":"World"}', 'to the complete request');
    t.ok(res.closed, 'then the connection is closed');
    t.ok(res.elapsedMs < 4000, `closed at once (${res.elapsedMs} ms), not by a timeout`);
  });
}

t.test('malformed requests are answered 400 with Bolt body', async (t) => {
  const server = await serve(api, { port: 0 });
  t.teardown(() => server.close({ graceMs: 500 }));
  for (const [what, raw] of [
    ['HTTP/1.1 without Host', 'GET / HTTP/1.1\r\n\r\n'],
    ['two Host headers', 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n'],
    ['garbage request line', 'NOT HTTP AT ALL\r\n\r\n'],
    ['header line without a colon', 'GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n'],
  ] as const) {
    const res = await exchange(server.port, raw, 1, { timeoutMs: 5000 });
    const got = res.responses[0];
    t.equal(got?.status, 400, `${what}: 400`);
    t.equal(got?.headers['content-type'], 'application/json', `${what}: JSON`);
    t.equal(got?.body.toString(), BAD_REQUEST, `${what}: Bolt body`);
    t.ok(
      res.closed || (await exchange(server.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n')).responses[0],
      'serves on',
    );
  }
  const ok = (await exchange(server.port, 'GET / HTTP/1.0\r\n\r\n')).responses[0];
  t.equal(ok?.status, 200, 'HTTP/1.0 needs no Host');
});

t.test('a good request then garbage on one connection: the answer, then a 400 with Bolt body', async (t) => {
  const server = await serve(api, { port: 0 });
  t.teardown(() => server.close({ graceMs: 500 }));
  const res = await exchange(server.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\nNOT HTTP\r\n\r\n', 2);
  t.equal(res.responses[0]?.status, 200);
  t.equal(res.responses[1]?.status, 400);
  t.ok(res.closed || res.responses.length === 2);
});

t.test('a stalled body is cut with 408 after bodyTimeout', async (t) => {
  const bodyTimeout = 500;
  const server = await serve(api, { port: 0, bodyTimeout });
  t.teardown(() => server.close({ graceMs: 500 }));
  const conn = await RawConnection.open(server.port);
  t.teardown(() => conn.destroy());
  const started = Date.now();
  conn.write(
    'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"abc',
  );
  const got = await conn.waitForResponses(1, 20_000);
  const elapsed = Date.now() - started;
  t.equal(got[0]?.status, 408, '408');
  t.equal(got[0]?.body.toString(), TIMEOUT, 'Bolt body');
  t.ok(elapsed >= bodyTimeout - 50, `not before bodyTimeout (${elapsed} ms)`);
  t.ok(elapsed < bodyTimeout + 10_000, `nor long after (${elapsed} ms)`);
  t.ok(await conn.waitForClose(10_000), 'and the connection is closed');
});

t.test(
  'bodies trickled at a byte per 100 ms are cut at requestTimeout; others are served meanwhile',
  async (t) => {
    const requestTimeout = 1500;
    const server = await serve(api, { port: 0, requestTimeout, bodyTimeout: 60_000 });
    t.teardown(() => server.close({ graceMs: 500 }));
    const slow = await Promise.all(Array.from({ length: 50 }, () => RawConnection.open(server.port)));
    t.teardown(() => {
      for (const c of slow) c.destroy();
    });
    const started = Date.now();
    for (const c of slow)
      c.write(
        'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n',
      );
    const drip = setInterval(() => {
      for (const c of slow) c.write('1');
    }, 100);
    t.teardown(() => clearInterval(drip));
    const quick = await fetch(`${server.url}/`);
    t.equal(quick.status, 200, 'a normal request is served while they trickle');
    await quick.arrayBuffer();
    const answers = await Promise.all(slow.map((c) => c.waitForResponses(1, 30_000)));
    const elapsed = Date.now() - started;
    clearInterval(drip);
    t.same(
      answers.map((a) => a[0]?.status),
      slow.map(() => 408),
      'every trickling request is answered 408',
    );
    t.ok(elapsed >= requestTimeout - 50, `not before requestTimeout (${elapsed} ms)`);
    t.ok(elapsed < requestTimeout + 20_000, `nor long after (${elapsed} ms)`);
  },
);

t.test("the whole-request clock starts at each request's own first byte", async (t) => {
  const requestTimeout = 1500;
  const server = await serve(api, { port: 0, requestTimeout });
  t.teardown(() => server.close({ graceMs: 500 }));
  const conn = await RawConnection.open(server.port);
  t.teardown(() => conn.destroy());
  // A request answered without JS (404), then a pause longer than requestTimeout.
  conn.write('GET /nope HTTP/1.1\r\nHost: x\r\n\r\n');
  t.equal((await conn.waitForResponses(1, 10_000))[0]?.status, 404);
  await new Promise((r) => setTimeout(r, requestTimeout + 300));
  // Then a request whose own bytes take far less than requestTimeout.
  conn.write(
    'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n"a',
  );
  await new Promise((r) => setTimeout(r, 100));
  conn.write('bc"');
  const [, second] = await conn.waitForResponses(2, 10_000);
  t.equal(second?.status, 200, 'answered, not cut by the previous request clock');
  t.equal(second?.body.toString(), 'abc');
});
