/**
 * uWS's router must never match differently from Bolt's: odd paths and methods get the same status,
 * body and `Allow` over uWS as over the node:http reference transport.
 */
import { exchange } from '@bolt/conformance';
import { api } from '@bolt/conformance/app';
import { serve as serveNode } from '@bolt/core/node';
import t from 'tap';
import { serve } from '../src/index.js';

const uws = await serve(api, { port: 0, handleSignals: false });
const node = await serveNode(api, { host: '127.0.0.1', port: 0 });
t.teardown(async () => {
  await uws.close({ graceMs: 100 });
  await node.close({ graceMs: 100 });
});

const paths = [
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
  '/params/',
  '/params/%2F',
  '/./items/1',
  '/items/1/../2',
  '/text/',
  '/%7E',
  '/items/1;x',
  '/items/1%3Fq=1',
  '/hello?x=%zz',
  '/items/1?q=%zz',
];
const requests = [
  ...paths.map((p) => `GET ${p} HTTP/1.1\r\nHost: x\r\n\r\n`),
  'DELETE /items/1 HTTP/1.1\r\nHost: x\r\n\r\n',
  'OPTIONS /items/1 HTTP/1.1\r\nHost: x\r\n\r\n',
  'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}',
  'PATCH /nope HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}',
];

for (const request of requests) {
  const line = request.slice(0, request.indexOf(' HTTP/1.1'));
  t.test(line, async (t) => {
    const [a, b] = await Promise.all([exchange(uws.port, request), exchange(node.port, request)]);
    const ra = a.responses[0];
    const rb = b.responses[0];
    t.equal(ra?.status, rb?.status, 'same status');
    t.equal(ra?.body.toString(), rb?.body.toString(), 'same body');
    t.equal(ra?.headers.allow, rb?.headers.allow, 'same Allow');
  });
}
