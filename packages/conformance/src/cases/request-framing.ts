/**
 * Conformance: how a request is framed and when a connection ends (RFC 9112). Every complete
 * request gets its answer, in order, at once; an ambiguous frame is refused with 400 and close;
 * `Connection: close` and HTTP/1.0 end the connection after their answer.
 */
import type { Test } from 'tap';
import type { CaseContext } from '../index.js';
import { strictUnlessDeclared } from '../known-limits.js';
import { RawConnection } from '../raw-connection.js';
import { exchange } from '../raw-http.js';

const ROOT_BODY = '{"Hello":"World"}';
const SMUGGLED = 'GET /items/666 HTTP/1.1\r\nHost: x\r\n\r\n';
// Long enough to outlast an engine that holds a request it cannot parse until an idle timeout
// (uWS 20.30: 10 s, checked on a 4 s tick), so a declared limit is seen as a close, not a hang.
const PAST_IDLE_CLOSE_MS = 20_000;

export async function testRequestFraming(t: Test, { server, target }: CaseContext): Promise<void> {
  const limits = target.knownLimits ?? {};
  const send = (payload: string, count = 1) =>
    exchange(server.port, payload, count, { timeoutMs: PAST_IDLE_CLOSE_MS });

  // Sent together: the cases an engine may hold until its idle close wait it out side by side.
  const manyHeaders = Array.from({ length: 60 }, (_, i) => `X-H${i}: ${i}\r\n`).join('');
  const [close, http10, http10More, duplicateLength, noHost, underscore, sixty] = await Promise.all([
    send(`GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n${SMUGGLED}`, 2),
    send('GET / HTTP/1.0\r\n\r\n', 2),
    send(`GET / HTTP/1.0\r\n\r\n${SMUGGLED}`, 2),
    send(
      `POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 0\r\n` +
        `Content-Length: ${SMUGGLED.length}\r\n\r\n${SMUGGLED}`,
      2,
    ),
    send('GET / HTTP/1.1\r\n\r\n'),
    send('GET / HTTP/1.1\r\nHost: x\r\nX_Api_Key: 1\r\n\r\n'),
    send(`GET / HTTP/1.1\r\nHost: x\r\n${manyHeaders}\r\n`),
  ]);

  strictUnlessDeclared(t, limits, 'close-pipelined-unanswered', close, () => {
    t.same(
      close.responses.map((r) => r.status),
      [200],
      'Connection: close: the request is answered and the one pipelined after it is not',
    );
    t.ok(close.closed, 'Connection: close: the server closes after its answer');
  });

  strictUnlessDeclared(t, limits, 'http10-unanswered', http10, () => {
    t.equal(http10.responses[0]?.status, 200, 'HTTP/1.0 request is answered 200');
    t.equal(http10.responses[0]?.body.toString(), ROOT_BODY, 'HTTP/1.0 answer carries the body');
    t.ok(http10.closed, 'HTTP/1.0 without keep-alive: the server closes after its answer');
  });
  strictUnlessDeclared(t, limits, 'http10-unanswered', http10More, () => {
    t.same(
      http10More.responses.map((r) => r.status),
      [200],
      'HTTP/1.0 followed by more bytes: the first request is answered, the bytes after it are not',
    );
    t.ok(http10More.closed, 'HTTP/1.0 followed by more bytes: closed after the answer');
  });

  strictUnlessDeclared(t, limits, 'duplicate-length-pipelined-unanswered', duplicateLength, () => {
    t.same(
      duplicateLength.responses.map((r) => r.status),
      [400],
      'two different Content-Length values: one 400, and the body is never answered as a request',
    );
    t.ok(duplicateLength.closed, 'two different Content-Length values: the connection is closed');
  });

  strictUnlessDeclared(t, limits, 'missing-host-unanswered', noHost, () => {
    t.equal(noHost.responses[0]?.status, 400, 'HTTP/1.1 without Host is 400');
  });

  strictUnlessDeclared(t, limits, 'underscore-header-unanswered', underscore, () => {
    t.equal(underscore.responses[0]?.status, 200, 'a header name with `_` (a valid token) is served');
  });
  strictUnlessDeclared(t, limits, 'many-headers-unanswered', sixty, () => {
    t.equal(sixty.responses[0]?.status, 200, 'a head with 60 small headers is served');
  });

  // A complete request is answered while the next one is still arriving.
  const conn = await RawConnection.open(server.port);
  conn.write('GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /items/1 HTTP/1.1\r\n');
  const first = await conn.waitForResponses(1, 5000);
  t.equal(
    first[0]?.body.toString(),
    ROOT_BODY,
    'a complete request is answered before the next one is complete',
  );
  conn.write('Host: x\r\n\r\n');
  const both = await conn.waitForResponses(2, 5000);
  t.equal(
    both[1]?.body.toString(),
    '{"item_id":1,"q":null}',
    'the next request is answered once it completes',
  );
  conn.destroy();
}
