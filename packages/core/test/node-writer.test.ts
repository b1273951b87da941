/**
 * The node:http writer and adapter, over real sockets: whatever a handler returns, the writer never
 * throws (an invalid status or header is a logged 500, the process serves on); 204 and 304 carry
 * neither a length nor a body; an empty answer says `content-length: 0` instead of chunking
 * nothing; repeated header names are separate lines.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import type { Logger } from '../src/index.js';
import { BoltAPI, json, redirect, setCookie, text } from '../src/index.js';
import { nodeTransport } from '../src/node/node-transport.js';
import { writeResponse } from '../src/node/write-response.js';
import type { BoltResponse } from '../src/transport/contract.js';
import { firstHead, rawExchange, statusLines } from './node-raw-socket.js';

function collectingLogger(): { lines: string[]; logger: Logger } {
  const lines: string[] = [];
  const at = (_obj: object, msg?: string) => {
    lines.push(msg ?? '');
  };
  return { lines, logger: { error: at, warn: at, info: at } };
}

/** A node:http server whose every answer is `response`, written by Bolt's writer. */
async function writerServer(t: Test, response: () => BoltResponse) {
  const { lines, logger } = collectingLogger();
  const server = createServer((_req, res) => {
    void writeResponse(res, response(), undefined, logger);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise((resolve) => server.close(resolve)));
  return { port: (server.address() as AddressInfo).port, lines };
}

for (const status of [99, 100, 1000, 600, Number.NaN, 200.5]) {
  t.test(`writer: status ${status} is answered as a logged 500, and the server serves on`, async (t) => {
    const { port, lines } = await writerServer(t, () => ({ status, headers: [], body: 'x' }));
    const first = await fetch(`http://127.0.0.1:${port}/`);
    t.equal(first.status, 500);
    t.same(await first.json(), { detail: 'Internal Server Error' });
    t.match(lines[0], /invalid status/, 'logged, with the reason');
    t.equal((await fetch(`http://127.0.0.1:${port}/`)).status, 500, 'the next request is answered too');
  });
}

t.test('writer: a header value node:http refuses (CR LF) is a logged 500, not a throw', async (t) => {
  const { port, lines } = await writerServer(t, () => ({
    status: 200,
    headers: ['x-evil', 'a\r\nset-cookie: pwned=1'],
    body: 'x',
  }));
  const reply = await rawExchange(port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  t.same(statusLines(reply.text), ['HTTP/1.1 500 Internal Server Error']);
  t.notMatch(reply.text, /pwned/, 'nothing of the refused head went out');
  t.match(lines[0], /refused the response head/);
});

for (const status of [204, 304]) {
  t.test(`writer: a ${status} handed a body and a length sends neither`, async (t) => {
    const { port } = await writerServer(t, () => ({
      status,
      headers: ['content-length', '4'],
      body: 'oops',
    }));
    const reply = await rawExchange(
      port,
      'GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    t.equal(statusLines(reply.text).length, 2, 'both pipelined requests answered');
    const head = firstHead(reply.text);
    t.notOk(
      head.some((h) => h.startsWith('content-length:') || h.startsWith('transfer-encoding:')),
      `no framing header: ${head.join(' | ')}`,
    );
    t.notMatch(reply.text, /oops/, 'no body');
  });
}

t.test('writer: two set-cookie pairs are two header lines', async (t) => {
  const { port } = await writerServer(t, () => ({
    status: 200,
    headers: ['set-cookie', 'a=1; Path=/', 'set-cookie', 'b=2; Path=/'],
    body: 'ok',
  }));
  const reply = await rawExchange(port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  t.same(
    firstHead(reply.text).filter((h) => h.startsWith('set-cookie:')),
    ['set-cookie: a=1; Path=/', 'set-cookie: b=2; Path=/'],
  );
});

/** The app the adapter cases serve through the node transport. */
function app(): BoltAPI {
  const api = new BoltAPI();
  api.get('/bad-status', () => json({ ok: true }, { status: 99 }));
  api.get('/no-content', () => text('oops', { status: 204 }));
  api.get('/not-modified', () => json({ stale: true }, { status: 304, headers: { etag: '"v1"' } }));
  api.get('/moved', () => redirect('/ok'));
  api.get('/ok', () => ({ ok: true }));
  api.get('/cookies', () =>
    json(
      { ok: true },
      { headers: { 'set-cookie': [setCookie('session', 's1'), setCookie('theme', 'dark')] } },
    ),
  );
  return api;
}

t.test('node transport: what handlers return is framed right', async (t) => {
  const server = await nodeTransport.listen(app().compile(), { port: 0 });
  t.teardown(() => server.close({ graceMs: 0 }));

  t.test('json(x, { status: 99 }) answers 500 and the process serves on', async (t) => {
    t.equal((await fetch(`${server.url}/bad-status`)).status, 500);
    t.equal((await fetch(`${server.url}/ok`)).status, 200, 'still serving');
  });

  for (const [path, status] of [
    ['/no-content', '204 No Content'],
    ['/not-modified', '304 Not Modified'],
  ] as const) {
    t.test(`${status}: no content-length, no body; the next pipelined answer follows the head`, async (t) => {
      const reply = await rawExchange(
        server.port,
        `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\nGET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      );
      t.same(statusLines(reply.text), [`HTTP/1.1 ${status}`, 'HTTP/1.1 200 OK']);
      const head = firstHead(reply.text);
      t.notOk(
        head.some((h) => h.startsWith('content-length:') || h.startsWith('transfer-encoding:')),
        `no framing header: ${head.join(' | ')}`,
      );
      const afterHead = reply.text.slice(reply.text.indexOf('\r\n\r\n') + 4);
      t.ok(afterHead.startsWith('HTTP/1.1 200 OK'), 'not one byte of body after the head');
    });
  }

  t.test('redirect(): content-length 0, not chunked', async (t) => {
    const reply = await rawExchange(
      server.port,
      'GET /moved HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    const head = firstHead(reply.text);
    t.same(statusLines(reply.text), ['HTTP/1.1 307 Temporary Redirect']);
    t.ok(head.includes('content-length: 0'), head.join(' | '));
    t.notOk(
      head.some((h) => h.startsWith('transfer-encoding:')),
      'no transfer-encoding',
    );
    t.ok(reply.text.endsWith('\r\n\r\n'), 'nothing after the head');
  });

  t.test('two cookies are two set-cookie lines', async (t) => {
    const reply = await rawExchange(
      server.port,
      'GET /cookies HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    t.same(
      firstHead(reply.text).filter((h) => h.startsWith('set-cookie:')),
      ['set-cookie: session=s1; Path=/', 'set-cookie: theme=dark; Path=/'],
    );
  });
});
