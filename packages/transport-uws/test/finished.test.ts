/**
 * `BoltResponse.finished` is called exactly once: with `false` once the last byte went to the
 * socket (small, large, streamed, declared-length and bodiless answers alike), with `true` when the
 * client went away first. Routes answer with hand-built responses (raw-app.ts) so that a second
 * call, which core's own observer would swallow, shows.
 */
import { connect } from 'node:net';
import { BoltAPI } from '@bolt/core';
import type { BoltResponse } from '@bolt/core/transport';
import t from 'tap';
import { listen } from '../src/listen.js';
import { until } from './helpers.js';
import { withRawAnswers } from './raw-app.js';
import { rawExchange, statuses } from './raw-socket.js';

// Larger than loopback's socket buffers can hold, so a client that does not read holds it back.
const HUGE = Buffer.alloc(48 * 1024 * 1024, 'h');
const calls = new Map<string, boolean[]>();
const observed = (path: string, response: Omit<BoltResponse, 'finished'>): BoltResponse => ({
  ...response,
  finished: (aborted) => calls.set(path, [...(calls.get(path) ?? []), aborted]),
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let releaseHanging: (() => void) | undefined;

async function* parts(n: number): AsyncIterable<string> {
  for (let i = 0; i < n; i++) {
    await sleep(5);
    yield `part ${i};`;
  }
}
async function* hanging(): AsyncIterable<string> {
  yield 'first';
  await new Promise<void>((resolve) => (releaseHanging = resolve));
  yield 'never read';
}
async function* failing(): AsyncIterable<string> {
  yield 'first';
  await sleep(5);
  throw new Error('the producer failed');
}

const raw: Record<string, () => BoltResponse | Promise<BoltResponse>> = {
  '/small': () => observed('/small', { status: 200, headers: [], body: 'ok' }),
  '/async': async () => {
    await sleep(10);
    return observed('/async', { status: 200, headers: [], body: 'later' });
  },
  '/huge': () => observed('/huge', { status: 200, headers: [], body: HUGE }),
  '/stream': () => observed('/stream', { status: 200, headers: [], body: parts(3) }),
  '/sized': () => observed('/sized', { status: 200, headers: ['content-length', '21'], body: parts(3) }),
  '/empty': () => observed('/empty', { status: 204, headers: [], body: null }),
  '/close': () => observed('/close', { status: 200, headers: [], body: 'bye' }),
  '/hanging': () => observed('/hanging', { status: 200, headers: [], body: hanging() }),
  '/failing': () => observed('/failing', { status: 200, headers: [], body: failing() }),
  '/late': async () => {
    await sleep(300);
    return observed('/late', { status: 200, headers: [], body: 'too late' });
  },
};
const api = new BoltAPI();
api.get('/ping', () => 'pong');
for (const pattern of Object.keys(raw)) api.get(pattern, () => 'replaced');
const server = await listen(withRawAnswers(api, raw), { port: 0 });
t.teardown(() => server.close({ graceMs: 100 }));

const request = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: x\r\n${extra}\r\n`;
const callsOf = (path: string) => calls.get(path) ?? [];

/** Waits until `path` has been reported, then one more round trip, so that a second call would show. */
async function reported(path: string): Promise<boolean[]> {
  await until(() => callsOf(path).length > 0, { timeoutMs: 10_000 });
  await rawExchange(server.port, request('/ping', 'Connection: close\r\n'));
  return callsOf(path);
}

t.test('finished(false) once after the last byte, for every kind of body', async (t) => {
  const paths = ['/small', '/async', '/stream', '/sized', '/empty', '/close'];
  for (const path of paths) {
    const r = await rawExchange(server.port, request(path, 'Connection: close\r\n'));
    t.ok(statuses(r.text).length === 1, `${path}: answered`);
    t.same(await reported(path), [false], `${path}: finished(false), once`);
  }
  calls.delete('/small');
  const head = await rawExchange(server.port, `HEAD /small HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  t.match(head.text, /^HTTP\/1\.1 200 /, 'HEAD answered');
  t.same(callsOf('/small'), [false], 'HEAD: finished(false), once');
});

t.test('a large body: finished only once the slow client has read the last byte', async (t) => {
  const socket = connect(server.port, '127.0.0.1');
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.pause();
  socket.write(request('/huge'));
  await sleep(500);
  t.same(callsOf('/huge'), [], 'not finished while the client has not read');
  let received = 0;
  const head = HUGE.length + 150;
  socket.on('data', (chunk: Buffer) => (received += chunk.length));
  socket.resume();
  t.ok(await until(() => received >= HUGE.length && callsOf('/huge').length > 0), 'read to the end');
  t.ok(received < head + 100, 'one response');
  t.same(callsOf('/huge'), [false], 'finished(false), once');
  socket.destroy();
});

t.test('the client leaves first: finished(true), once', async (t) => {
  for (const path of ['/hanging', '/late']) {
    const socket = connect(server.port, '127.0.0.1', () => socket.write(request(path)));
    socket.on('error', () => {});
    if (path === '/hanging') await new Promise<void>((resolve) => socket.once('data', () => resolve()));
    else await sleep(50);
    socket.destroy();
    t.same(await reported(path), [true], `${path}: finished(true), once`);
  }
  t.ok(releaseHanging, 'the hanging stream was still waiting for its next chunk when it was reported');
  releaseHanging?.();
  const r = await rawExchange(server.port, request('/failing', 'Connection: close\r\n'));
  t.ok(r.closed, 'a stream that fails midway cuts the connection');
  t.same(await reported('/failing'), [true], 'and reports the exchange as not finished, once');
});
