/**
 * Request framing on the node:http engine, over a raw socket: a chunked body on an HTTP/1.0
 * keep-alive request is answered, then the connection is closed (RFC 9112 section 6.1), so the
 * bytes after that body are never answered as a request of their own.
 */
import t from 'tap';
import { BoltAPI, t as s } from '../src/index.js';
import { nodeTransport } from '../src/node/node-transport.js';
import { rawExchange, statusLines } from './node-raw-socket.js';

const api = new BoltAPI();
api.post('/echo', { body: s.Object({ n: s.Integer() }) }, ({ body }) => body);
api.get('/hidden', () => ({ hidden: true }));
api.get('/ok', () => ({ ok: true }));

t.test('node: HTTP/1.0 keep-alive with a chunked body: answered once, then closed', async (t) => {
  const server = await nodeTransport.listen(api.compile(), { port: 0 });
  t.teardown(() => server.close({ graceMs: 0 }));
  const reply = await rawExchange(
    server.port,
    'POST /echo HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\nContent-Type: application/json\r\n' +
      'Transfer-Encoding: chunked\r\n\r\n7\r\n{"n":1}\r\n0\r\n\r\n' +
      'GET /hidden HTTP/1.1\r\nHost: x\r\n\r\n',
  );
  t.same(statusLines(reply.text), ['HTTP/1.1 200 OK'], 'one answer, for the framed request only');
  t.match(reply.text, /\{"n":1\}$/, 'with its body');
  t.notMatch(reply.text, /hidden/, 'the bytes after the body were not answered');
  t.ok(reply.closedByServer, 'the server closed the connection');
  t.match(reply.text.toLowerCase(), /\r\nconnection: close\r\n/, 'and said so');
});

t.test(
  'node: HTTP/1.0 keep-alive without Transfer-Encoding stays open (the close is not blanket)',
  async (t) => {
    const server = await nodeTransport.listen(api.compile(), { port: 0 });
    t.teardown(() => server.close({ graceMs: 0 }));
    const reply = await rawExchange(
      server.port,
      'GET /ok HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\nGET /ok HTTP/1.0\r\nHost: x\r\n\r\n',
    );
    t.same(statusLines(reply.text), ['HTTP/1.1 200 OK', 'HTTP/1.1 200 OK']);
  },
);
