/**
 * Conformance: what goes on the wire for responses a handler builds. Header values are checked
 * once in core, so every engine writes the same bytes; a framing fault (a body after a 204, a
 * length that does not match) shows as the next pipelined response failing to parse.
 */
import type { Test } from 'tap';
import type { CaseContext } from '../index.js';
import { exchange } from '../raw-http.js';

const GET = (path: string) => `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`;
const ROOT_BODY = '{"Hello":"World"}';

export async function testResponseFraming(t: Test, { server }: CaseContext): Promise<void> {
  const stillServes = async (what: string) => {
    const res = await fetch(`${server.url}/`);
    t.equal(res.status, 200, `server still serves after ${what}`);
    await res.arrayBuffer();
  };

  const numeric = await exchange(server.port, GET('/header-number'));
  t.equal(numeric.responses[0]?.status, 200, 'a numeric header value is answered 200');
  t.equal(numeric.responses[0]?.headers['x-n'], '1', 'a numeric header value is sent as its decimal text');
  await stillServes('a numeric header value');

  const badStatus = await exchange(server.port, GET('/bad-status'));
  t.equal(badStatus.responses[0]?.status, 500, 'json(x, { status: 99 }) is answered 500');
  t.equal(
    badStatus.responses[0]?.body.toString(),
    '{"detail":"Internal Server Error"}',
    'with the public 500 body',
  );
  await stillServes('an invalid status');

  const cookies = await exchange(server.port, GET('/two-cookies'));
  t.same(
    cookies.responses[0]?.headerLines.filter(([name]) => name === 'set-cookie').map(([, value]) => value),
    ['a=1; Path=/', 'b=2; Path=/'],
    'two set-cookie values arrive as two header lines, never joined',
  );

  for (const [path, status] of [
    ['/no-content', 204],
    ['/not-modified', 304],
  ] as const) {
    // The root request after it parses only if the 204/304 carried no body bytes.
    const both = await exchange(server.port, GET(path) + GET('/'), 2);
    const [empty, next] = both.responses;
    t.equal(empty?.status, status, `${path} is ${status}`);
    t.equal(empty?.headers['content-length'], undefined, `${status} carries no content-length`);
    t.equal(empty?.headers['transfer-encoding'], undefined, `${status} carries no transfer-encoding`);
    t.equal(next?.status, 200, `the request pipelined after a ${status} is answered`);
    t.equal(next?.body.toString(), ROOT_BODY, `no body bytes follow the ${status} head`);
  }

  const redirected = await exchange(server.port, GET('/redirect') + GET('/'), 2);
  const [moved, after] = redirected.responses;
  t.equal(moved?.status, 307, 'redirect() is 307');
  t.equal(moved?.headers.location, '/', 'redirect() sends location');
  t.equal(moved?.headers['content-length'], '0', 'redirect() carries content-length: 0');
  t.equal(moved?.headers['transfer-encoding'], undefined, 'redirect() is not chunked');
  t.equal(after?.body.toString(), ROOT_BODY, 'the request pipelined after a redirect is answered');
}
