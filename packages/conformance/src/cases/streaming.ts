/** Conformance: large and streamed responses, and a client leaving mid-response. */
import type { Test } from 'tap';
import { LARGE_SIZE } from '../conformance-app.js';
import type { CaseContext } from '../index.js';
import { openSocket } from '../raw-http.js';

export async function testStreaming(t: Test, { server }: CaseContext): Promise<void> {
  let res = await fetch(`${server.url}/large`);
  const body = Buffer.from(await res.arrayBuffer());
  t.equal(body.length, LARGE_SIZE, 'large response arrives whole');
  t.ok(
    body.every((b) => b === 0x78),
    'large response bytes intact',
  );

  res = await fetch(`${server.url}/stream?chunks=20&ms=2`);
  t.equal(res.status, 200);
  t.equal(res.headers.get('content-type'), 'text/plain');
  t.equal(
    await res.text(),
    Array.from({ length: 20 }, (_, i) => `chunk-${i};`).join(''),
    'streamed response arrives in order and complete',
  );

  // Leave in the middle of a slow stream, and in the middle of the large body.
  for (const path of ['/stream?chunks=1000&ms=5', '/large']) {
    const socket = await openSocket(server.port);
    await new Promise<void>((resolve) => {
      socket.once('data', () => resolve());
      socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
    });
    socket.destroy();
  }
  await new Promise((r) => setTimeout(r, 100));
  res = await fetch(`${server.url}/`);
  t.equal(res.status, 200, 'server serves after clients left mid-response');
  await res.arrayBuffer();
}
