/**
 * A body that arrives too slowly is answered 408 and closed before uWS 20.30 would drop it without
 * an answer (its 10 s idle timeout, re-armed per 160 KiB received); a body that keeps arriving fast
 * enough is served however long it takes.
 */
import { connect } from 'node:net';
import { BoltAPI } from '@bolt/core';
import t from 'tap';
import { listen } from '../src/listen.js';
import { STALL_MS } from '../src/read-body.js';
import { statuses } from './raw-socket.js';

const api = new BoltAPI();
api.get('/', () => ({ Hello: 'World' }));
api.post('/size', { bodyLimit: 4 * 1024 * 1024 }, ({ request }) => ({ n: request.rawBody?.length ?? 0 }));
const server = await listen(api.compile(), { port: 0 });
t.teardown(() => server.close({ graceMs: 100 }));

/**
 * Sends a POST /size head announcing `total` bytes, then `chunk` bytes every `everyMs`; resolves
 * with what came back once the server closed or answered, and when.
 */
function upload(total: number, chunk: number, everyMs: number, deadlineMs: number) {
  return new Promise<{ text: string; closed: boolean; elapsedMs: number }>((resolve) => {
    const started = Date.now();
    const socket = connect(server.port, '127.0.0.1');
    let text = '';
    let sent = 0;
    const finish = (closed: boolean) => {
      clearInterval(timer);
      clearTimeout(deadline);
      socket.destroy();
      resolve({ text, closed, elapsedMs: Date.now() - started });
    };
    const timer = setInterval(() => {
      if (sent >= total || socket.destroyed) return;
      const n = Math.min(chunk, total - sent);
      sent += n;
      socket.write(Buffer.alloc(n, 'x'));
    }, everyMs);
    const deadline = setTimeout(() => finish(false), deadlineMs);
    socket.on('connect', () =>
      socket.write(
        `POST /size HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: ${total}\r\n\r\n`,
      ),
    );
    socket.on('data', (data: Buffer) => {
      text += data.toString('latin1');
      if (statuses(text).length > 0 && statuses(text)[0] !== 408) finish(false);
    });
    socket.on('error', () => {});
    socket.on('close', () => finish(true));
  });
}

t.test('a trickled body: 408 and closed, before uWS would drop it', async (t) => {
  const r = await upload(1000, 1, 250, 20_000);
  t.same(statuses(r.text), [408], 'answered 408');
  t.ok(r.closed, 'closed by the server');
  t.ok(r.elapsedMs >= STALL_MS - 500, `not before the watch expires (${r.elapsedMs} ms)`);
  t.equal((await fetch(`${server.url}/`)).status, 200, 'the server still serves');
});

t.test('a body arriving steadily for longer than uWS idle timeout is served', async (t) => {
  // 48 KiB/s for about 12 s: past uWS's 10 s, kept alive by both re-arms.
  const total = 48 * 1024 * 12;
  const r = await upload(total, 12 * 1024, 250, 30_000);
  t.same(statuses(r.text), [200], 'answered 200');
  t.match(r.text, new RegExp(`"n":${total}`), 'the whole body arrived');
  t.ok(r.elapsedMs > 10_000, `it took longer than 10 s (${r.elapsedMs} ms)`);
});
