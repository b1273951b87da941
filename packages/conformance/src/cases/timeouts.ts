/**
 * Conformance: a client that sends its head or its body too slowly is cut with 408 within the
 * timeout the server was started with (`ConformanceTarget.timeouts`), and the server keeps serving.
 */
import type { Test } from 'tap';
import type { CaseContext } from '../index.js';
import { strictUnlessDeclared } from '../known-limits.js';
import { RawConnection } from '../raw-connection.js';
import { resolveTimeouts } from '../target.js';

/** Engines check timeouts on a tick (uSockets: 4 s; node: `connectionsCheckingInterval`): allowed on top. */
export const TIMEOUT_TICK_MS = 5000;
/** How often a trickling client sends its next byte: far below any timeout, so only the total counts. */
const TRICKLE_MS = 250;

/**
 * Opens a connection, writes `head`, then one byte of `drip` every TRICKLE_MS until the server
 * closes or `drip` runs out; resolves when the server closed or `waitMs` passed.
 */
export async function trickle(
  port: number,
  head: string,
  drip: string,
  waitMs: number,
): Promise<RawConnection> {
  const conn = await RawConnection.open(port);
  conn.write(head);
  let sent = 0;
  const timer = setInterval(() => {
    if (sent >= drip.length || !conn.write(drip[sent++] as string)) clearInterval(timer);
  }, TRICKLE_MS);
  await conn.waitForClose(waitMs);
  clearInterval(timer);
  return conn;
}

/** A body of 1000 bytes (under /echo's 1 KiB limit): trickled whole, it would take 250 s. */
export const SLOW_BODY_HEAD =
  'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n';
export const SLOW_BODY_DRIP = `"${'b'.repeat(998)}"`;
export const SLOW_HEAD = 'GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ';
export const SLOW_HEAD_DRIP = 's'.repeat(4000);

export async function testTimeouts(t: Test, { server, target }: CaseContext): Promise<void> {
  const { headersMs, requestMs } = resolveTimeouts(target);
  const limits = target.knownLimits ?? {};
  const [body, head] = await Promise.all([
    trickle(server.port, SLOW_BODY_HEAD, SLOW_BODY_DRIP, requestMs + TIMEOUT_TICK_MS * 2),
    trickle(server.port, SLOW_HEAD, SLOW_HEAD_DRIP, headersMs + TIMEOUT_TICK_MS * 2),
  ]);
  body.destroy();
  head.destroy();

  t.equal(body.responses()[0]?.status, 408, 'a body sent too slowly is answered 408');
  t.ok(
    (body.closedAfterMs ?? Number.POSITIVE_INFINITY) <= requestMs + TIMEOUT_TICK_MS,
    `a body sent too slowly is cut within ${requestMs} ms (+${TIMEOUT_TICK_MS} ms tick); closed after ${body.closedAfterMs ?? 'never'}`,
  );

  const headOutcome = { responses: head.responses(), closed: head.closed };
  strictUnlessDeclared(t, limits, 'slow-head-unanswered', headOutcome, () => {
    t.equal(headOutcome.responses[0]?.status, 408, 'a head sent too slowly is answered 408');
  });
  t.ok(
    (head.closedAfterMs ?? Number.POSITIVE_INFINITY) <= headersMs + TIMEOUT_TICK_MS,
    `a head sent too slowly is cut within ${headersMs} ms (+${TIMEOUT_TICK_MS} ms tick); closed after ${head.closedAfterMs ?? 'never'}`,
  );

  const res = await fetch(`${server.url}/`);
  t.equal(res.status, 200, 'server still serves after slow clients were cut');
  await res.arrayBuffer();
}
