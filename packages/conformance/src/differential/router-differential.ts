/**
 * The router-differential cases: an engine with a router of its own (uWS's, matchit) must never match
 * differently from Bolt's. The same table of paths (static, dynamic, catch-all, percent-encoded,
 * trailing slash, unicode, shadowing) goes to the engine and to the node:http reference, which routes
 * with Bolt's own router; status, body and `Allow` must be equal.
 */
import { nodeTransport } from '@bolt/core/node';
import type { Test } from 'tap';
import { conformanceApp } from '../app-spec.js';
import { exchange } from '../raw-http.js';
import type { ConformanceTarget } from '../target.js';

const PATHS = [
  '/items/1/',
  '//items/1',
  '/items//1',
  '/items/1?',
  '/items/%31',
  '/Items/1',
  '/items/',
  '/items',
  '/files/',
  '/files',
  '/files/a/b/',
  '/files/a%2Fb',
  '/files/%E2%82%AC/x',
  '/params/',
  '/params/%2F',
  '/params/caf%C3%A9',
  '/unicode/%E6%97%A5%E6%9C%AC',
  '/unicode/%C3%A9/',
  '/./items/1',
  '/items/1/../2',
  '/text/',
  '/%7E',
  '/items/1;x',
  '/items/1%3Fq=1',
  '/hello?x=%zz',
  '/items/1?q=%zz',
  '/shadow/static',
  '/shadow/other',
  '/shadow/',
  '/shadow',
];

const REQUESTS = [
  ...PATHS.map((p) => `GET ${p} HTTP/1.1\r\nHost: x\r\n\r\n`),
  'DELETE /items/1 HTTP/1.1\r\nHost: x\r\n\r\n',
  'OPTIONS /items/1 HTTP/1.1\r\nHost: x\r\n\r\n',
  'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}',
  'PATCH /nope HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}',
  'POST /shadow/static HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n',
  'POST /shadow/other HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n',
  'DELETE /shadow/static HTTP/1.1\r\nHost: x\r\n\r\n',
  'DELETE /shadow/other HTTP/1.1\r\nHost: x\r\n\r\n',
  'OPTIONS /shadow/static HTTP/1.1\r\nHost: x\r\n\r\n',
  'OPTIONS /shadow/other HTTP/1.1\r\nHost: x\r\n\r\n',
  'HEAD /shadow/static HTTP/1.1\r\nHost: x\r\n\r\n',
];

/** Runs every request against `target` and against Bolt's own router (node:http), and compares. */
export function testRouterDifferential(t: Test, target: ConformanceTarget): void {
  t.test(`router differential: ${target.name} against Bolt's router`, async (t) => {
    const engine = await target.start(conformanceApp);
    const reference = await nodeTransport.listen(conformanceApp.api.compile(), {
      host: '127.0.0.1',
      port: 0,
    });
    t.teardown(async () => {
      await engine.close({ graceMs: 100 });
      await reference.close({ graceMs: 100 });
    });
    for (const request of REQUESTS) {
      const line = request.slice(0, request.indexOf(' HTTP/1.1'));
      const head = request.startsWith('HEAD ');
      const [a, b] = await Promise.all([
        exchange(engine.port, request, 1, { headOnly: head }),
        exchange(reference.port, request, 1, { headOnly: head }),
      ]);
      const ra = a.responses[0];
      const rb = b.responses[0];
      t.ok(rb, `${line}: the reference answered`);
      t.equal(ra?.status, rb?.status, `${line}: same status`);
      t.equal(ra?.body.toString(), rb?.body.toString(), `${line}: same body`);
      t.equal(ra?.headers.allow, rb?.headers.allow, `${line}: same Allow`);
    }
  });
}
