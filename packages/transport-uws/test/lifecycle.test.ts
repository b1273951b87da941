/**
 * The app's lifecycle around one uWS listener, with a real BoltAPI: start-up handlers finish before
 * the port accepts a connection, shutdown handlers run once after close() has drained, a failing
 * start-up handler leaves nothing listening, and onResponse hooks hear about every exchange.
 */
import { createConnection } from 'node:net';
import { BoltAPI } from '@bolt/core';
import t from 'tap';
import { listen } from '../src/listen.js';
import { until } from './helpers.js';

t.test('startup before the first connection, shutdown once after the drain', async (t) => {
  const events: string[] = [];
  const api = new BoltAPI();
  api.onStartup(async () => {
    await new Promise((resolve) => setTimeout(resolve, 100));
    events.push('startup');
  });
  api.onShutdown(() => {
    events.push('shutdown');
  });
  api.get('/', () => {
    events.push('request');
    return { started: events.includes('startup') };
  });
  api.get('/slow', async () => {
    events.push('slow started');
    await new Promise((resolve) => setTimeout(resolve, 200));
    events.push('slow done');
    return { ok: true };
  });
  const server = await listen(api.compile(), { port: 0 });
  t.same(events, ['startup'], 'listen() resolved after the start-up handler finished');
  t.same(await (await fetch(`${server.url}/`)).json(), { started: true });
  const slow = fetch(`${server.url}/slow`);
  await until(() => events.includes('slow started'));
  const closing = server.close({ graceMs: 5000 });
  await slow;
  await closing;
  t.same(
    events,
    ['startup', 'request', 'slow started', 'slow done', 'shutdown'],
    'shutdown ran after the in-flight request',
  );
  await server.close();
  t.equal(events.filter((e) => e === 'shutdown').length, 1, 'a second close() runs it no more');
});

t.test('a failing start-up handler: listen() rejects and nothing listens', async (t) => {
  const api = new BoltAPI();
  let shutdowns = 0;
  api.onStartup(() => {
    throw new Error('database unreachable');
  });
  api.onShutdown(() => {
    shutdowns++;
  });
  api.get('/', () => ({}));
  const port = 30_000 + (process.pid % 20_000);
  const error = (await listen(api.compile(), { port }).catch((e: unknown) => e)) as Error & { code?: string };
  t.equal(error.code, 'BOLT_ERR_STARTUP_FAILED');
  t.match(error.message, /database unreachable/);
  const refused = await new Promise<boolean>((resolve) => {
    const socket = createConnection(port, '127.0.0.1');
    socket.on('connect', () => resolve(socket.destroy() && false));
    socket.on('error', () => resolve(true));
  });
  t.ok(refused, 'the port was never bound');
  t.ok(shutdowns <= 1, 'shutdown handlers ran at most once');
});

t.test('onResponse hooks hear of each exchange once it is finished', async (t) => {
  const outcomes: Array<{ status: number; aborted: boolean }> = [];
  const api = new BoltAPI();
  api.addHook('onResponse', (_request, outcome) => {
    outcomes.push({ status: outcome.status, aborted: outcome.aborted });
  });
  api.get('/', () => ({ ok: true }));
  const server = await listen(api.compile(), { port: 0 });
  t.teardown(() => server.close({ graceMs: 100 }));
  t.equal((await fetch(`${server.url}/`)).status, 200);
  t.equal((await fetch(`${server.url}/missing`)).status, 404, 'an unmatched request goes through app.handle');
  t.ok(await until(() => outcomes.length >= 2, { timeoutMs: 5000 }));
  t.same(outcomes, [
    { status: 200, aborted: false },
    { status: 404, aborted: false },
  ]);
});
