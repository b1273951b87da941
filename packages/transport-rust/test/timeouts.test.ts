// Idle and slow connections are closed by Rust (hyper's header read timeout), not by JS timers,
// and not before `headersTimeout`: each case measures when the connection closed.
import { RawConnection } from '@bolt/conformance';
import t from 'tap';
import { serve } from '../src/index.js';
import { api } from './fixtures/probe-app.js';

const headersTimeout = 1000;
// Timers fire a little early or late; the upper bound only says "by the timeout, not by tap's".
const EARLY_MS = 50;
const LATE_MS = 10_000;

t.test('a head that never finishes is answered 408 and closed at headersTimeout', async (t) => {
  const server = await serve(api, { port: 0, headersTimeout });
  t.teardown(() => server.close({ graceMs: 500 }));
  const conn = await RawConnection.open(server.port);
  t.teardown(() => conn.destroy());
  const started = Date.now();
  conn.write('GET / HTTP/1.1\r\nHost: x\r\n');
  t.ok(await conn.waitForClose(headersTimeout + LATE_MS), 'closed by the server');
  const elapsed = Date.now() - started;
  t.ok(elapsed >= headersTimeout - EARLY_MS, `not before headersTimeout (${elapsed} ms)`);
  t.ok(elapsed < headersTimeout + LATE_MS, `soon after it (${elapsed} ms)`);
  const [answer] = conn.responses();
  t.equal(answer?.status, 408, 'with a 408');
  t.equal(answer?.body.toString(), '{"detail":"Request Timeout"}', "and Bolt's body");
  t.equal((await fetch(`${server.url}/`)).status, 200, 'still serving');
});

t.test('an idle keep-alive connection is closed at headersTimeout, without a word', async (t) => {
  const server = await serve(api, { port: 0, headersTimeout });
  t.teardown(() => server.close({ graceMs: 500 }));
  const conn = await RawConnection.open(server.port);
  t.teardown(() => conn.destroy());
  conn.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  const [first] = await conn.waitForResponses(1, LATE_MS);
  const answeredAt = Date.now();
  t.equal(first?.status, 200, 'the request was answered first');
  t.ok(await conn.waitForClose(headersTimeout + LATE_MS), 'then closed by the server');
  const idle = Date.now() - answeredAt;
  t.ok(idle >= headersTimeout - EARLY_MS, `not before headersTimeout of idleness (${idle} ms)`);
  t.ok(idle < headersTimeout + LATE_MS, `soon after it (${idle} ms)`);
  t.equal(conn.responses().length, 1, 'no second answer (no 408 to an idle connection)');
});
