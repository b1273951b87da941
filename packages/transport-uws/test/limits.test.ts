/**
 * uWS-specific edges of DESIGN.md's bad-input rows over a real socket: each gets its answer (or a
 * closed connection) and the server keeps serving. Timeout cases wait for uWS's own fixed 10 s timer.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exchange, openSocket } from '@bolt/conformance';
import { BoltAPI, file, stream } from '@bolt/core';
import t, { type Test } from 'tap';
import { serve } from '../src/index.js';
import { loadNative } from '../src/load-native.js';

const BIG = Buffer.alloc(16 * 1024 * 1024, 'b');
// Bytes that differ chunk to chunk, so a misplaced or repeated chunk shows.
const FILE_BYTES = Buffer.from(Array.from({ length: 6 * 1024 * 1024 }, (_, i) => (i * 7 + (i >> 16)) & 255));
const FILE_PATH = join(mkdtempSync(join(tmpdir(), 'bolt-uws-file-')), 'payload.bin');
writeFileSync(FILE_PATH, FILE_BYTES);
const api = new BoltAPI({ bodyLimit: 1024 });
api.get('/', () => ({ Hello: 'World' }));
api.post('/echo', ({ body }) => ({ got: body }));
api.get('/big', () => BIG);
api.get('/file', () => file(FILE_PATH));
api.post('/size', { bodyLimit: 2 * 1024 * 1024 }, ({ request }) => ({
  n: request.rawBody?.length ?? 0,
  sum: request.rawBody?.reduce((a, b) => (a + b) % 65521, 0) ?? 0,
}));
api.get('/chunks', () =>
  stream(
    (async function* () {
      for (let i = 0; i < 64; i++) yield Buffer.alloc(256 * 1024, 97 + (i % 26));
    })(),
  ),
);

const server = await serve(api, { port: 0, handleSignals: false });
t.teardown(() => server.close({ graceMs: 500 }));

async function stillServes(t: Test, after: string): Promise<void> {
  const res = await fetch(`${server.url}/`);
  t.equal(res.status, 200, `still serves after ${after}`);
}

t.test('a content-length over the limit is 413 before any body byte is sent', async (t) => {
  const r = await exchange(
    server.port,
    'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10485760\r\n\r\n',
  );
  t.equal(r.responses[0]?.status, 413);
  t.same(JSON.parse(r.responses[0]!.body.toString()), { detail: 'Payload Too Large' });
  await stillServes(t, 'an announced oversized body');
});

t.test('a 20 KiB header is 431 (Node-like 16 KiB limit)', async (t) => {
  const r = await exchange(server.port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
  t.equal(r.responses[0]?.status, 431);
  await stillServes(t, '431');
});

t.test('a head over 4 KiB that arrives in pieces: uWS 20.30 closes, official uWS answers', async (t) => {
  // uWS 20.30 buffers at most 4 KiB of a head spread over several reads (README, "Known limits").
  const head = `GET / HTTP/1.1\r\nHost: x\r\nCookie: s=${'k'.repeat(6000)}\r\n\r\n`;
  const r = await exchange(server.port, [head.slice(0, 1000), head.slice(1000, 4000), head.slice(4000)]);
  if (loadNative().source === 'uWebSockets.js') t.equal(r.responses[0]?.status, 200, 'answered');
  else
    t.same(
      { closed: r.closed, answers: r.responses.length },
      { closed: true, answers: 0 },
      'closed, unanswered',
    );
  await stillServes(t, 'a split 6 KiB head');
});

t.test('an unknown method closes that connection only', async (t) => {
  const r = await exchange(server.port, 'BREW / HTTP/1.1\r\nHost: x\r\n\r\n');
  t.ok(r.closed || r.responses[0]?.status === 405 || r.responses[0]?.status === 400);
  await stillServes(t, 'an unknown method');
});

t.test('slowloris: trickled header bytes are cut off by the 10 s timeout', async (t) => {
  const socket = await openSocket(server.port);
  socket.on('error', () => {});
  socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
  const trickle = setInterval(() => socket.writable && socket.write('X-A: b\r\n'), 500);
  const closed = new Promise<boolean>((resolve) => {
    socket.once('close', () => resolve(true));
    setTimeout(() => resolve(false), 20_000);
  });
  await stillServes(t, 'a slowloris client connected');
  t.ok(await closed, 'the trickling connection was closed by the server');
  clearInterval(trickle);
});

t.test('a garbage request line ends in a closed connection; others are served meanwhile', async (t) => {
  const pending = exchange(server.port, 'NOT HTTP AT ALL\r\n\r\n', 1, { timeoutMs: 20_000 });
  await stillServes(t, 'garbage arrived');
  const r = await pending;
  t.ok(r.closed, 'uWS 20.30 closes it (at its 10 s timeout; newer uWS answers 400)');
});

/** GETs `path` on a connection that stops reading for 500 ms; resolves with the raw response. */
function readSlowly(path: string): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    const parts: Buffer[] = [];
    socket.on('error', reject);
    socket.on('connect', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      socket.pause(); // the server's writes now hit a full socket buffer
      setTimeout(() => socket.resume(), 500);
    });
    socket.on('data', (chunk: Buffer) => parts.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(parts)));
  });
}

t.test('a slow reader of a 16 MiB body gets every byte (tryEnd/onWritable back-pressure)', async (t) => {
  const bytes = await readSlowly('/big');
  const split = bytes.indexOf('\r\n\r\n');
  t.match(bytes.subarray(0, split).toString(), /content-length: 16777216/i);
  t.ok(bytes.subarray(split + 4).equals(BIG), 'body intact');
  await stillServes(t, 'a slow reader');
});

t.test('a 6 MiB file to a slow reader: content-length, not chunked, every byte', async (t) => {
  const bytes = await readSlowly('/file');
  const split = bytes.indexOf('\r\n\r\n');
  const head = bytes.subarray(0, split).toString();
  t.match(head, /content-length: 6291456/i);
  t.notMatch(head, /transfer-encoding/i);
  t.ok(bytes.subarray(split + 4).equals(FILE_BYTES), 'body intact');
  await stillServes(t, 'a slow file reader');
});

t.test('a streamed body to a slow reader arrives whole and in order', async (t) => {
  const res = await fetch(`${server.url}/chunks`);
  const reader = res.body!.getReader();
  await new Promise((r) => setTimeout(r, 300));
  let total = 0;
  let ordered = true;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    for (const byte of value) {
      if (byte !== 97 + (Math.floor(total / (256 * 1024)) % 26)) ordered = false;
      total++;
    }
  }
  t.equal(total, 64 * 256 * 1024);
  t.ok(ordered, 'chunks in order');
});

t.test(
  'bodies announced by content-length arrive intact, small (preallocated) and large (gathered)',
  async (t) => {
    for (const size of [10, 64 * 1024, 64 * 1024 + 1, 900 * 1024]) {
      const body = Buffer.alloc(size);
      for (let i = 0; i < size; i++) body[i] = (i * 7) % 251;
      const res = await fetch(`${server.url}/size`, { method: 'POST', body });
      t.same(await res.json(), { n: size, sum: body.reduce((a, b) => (a + b) % 65521, 0) }, `${size} bytes`);
    }
  },
);
