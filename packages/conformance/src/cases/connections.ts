/** Conformance: keep-alive, pipelining, chunked request bodies, aborted requests, concurrency. */
import type { Test } from 'tap';
import type { CaseContext } from '../index.js';
import { exchange, openSocket } from '../raw-http.js';

export async function testConnections(t: Test, { server }: CaseContext): Promise<void> {
  const get = 'GET / HTTP/1.1\r\nHost: x\r\n\r\n';
  const items = 'GET /items/3?q=p HTTP/1.1\r\nHost: x\r\n\r\n';

  // Keep-alive: a second request on the same socket after the first is answered.
  const socket = await openSocket(server.port);
  const replies: string[] = [];
  await new Promise<void>((resolve) => {
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString();
      const count = data.split('HTTP/1.1 200').length - 1;
      if (count === 1 && replies.length === 0) {
        replies.push('first');
        socket.write(items);
      } else if (count === 2) {
        replies.push('second');
        resolve();
      }
    });
    socket.write(get);
  });
  socket.destroy();
  t.same(replies, ['first', 'second'], 'keep-alive serves two requests on one connection');

  const pipelined = await exchange(server.port, get + items + get, 3);
  t.same(
    pipelined.responses.map((r) => r.body.toString()),
    ['{"Hello":"World"}', '{"item_id":3,"q":"p"}', '{"Hello":"World"}'],
    'pipelined requests answered in order',
  );

  // A head that arrives over several TCP reads (slow clients, small segments). Kept under 4 KiB:
  // uWS 20.30 drops split heads above that (packages/transport-uws/README.md, "Known limits").
  const cookie = `session=${'c'.repeat(2500)}`;
  const pieces = await exchange(server.port, [
    'GET /items/4?q=split HTTP/1.1\r\nHo',
    `st: x\r\nCookie: ${cookie.slice(0, 1200)}`,
    `${cookie.slice(1200)}\r\n\r\n`,
  ]);
  t.equal(
    pieces.responses[0]?.body.toString(),
    '{"item_id":4,"q":"split"}',
    'a head split over three reads is assembled',
  );

  const chunked = await exchange(
    server.port,
    'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n' +
      '5\r\n{"a":\r\n6\r\n[1,2]}\r\n0\r\n\r\n',
  );
  t.equal(chunked.responses[0]?.body.toString(), '{"a":[1,2]}', 'chunked request body assembled');

  // Abort mid-body: announce 500 bytes, send 10, hang up.
  const aborting = await openSocket(server.port);
  aborting.write(
    'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"partial":',
  );
  await new Promise((r) => setTimeout(r, 50));
  aborting.destroy();
  await new Promise((r) => setTimeout(r, 50));
  const after = await fetch(`${server.url}/`);
  t.equal(after.status, 200, 'server serves after a client aborted mid-body');
  await after.arrayBuffer();

  // Concurrent connections, each with a slow request in flight at the same time.
  const results = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      exchange(server.port, `GET /slow?ms=${50 + (i % 5)} HTTP/1.1\r\nHost: x\r\n\r\n`),
    ),
  );
  t.equal(
    results.filter((r) => r.responses[0]?.status === 200).length,
    40,
    '40 concurrent connections with async handlers all answered',
  );
}
