/** /health and /ready over real sockets: failing checks named, timeouts, and 503 once a drain starts. */
import { BoltAPI } from '@bolt/core';
import t from 'tap';
import { health } from '../src/index.js';
import { onEveryEngine, request } from './engines.js';

let databaseUp = true;
const plugin = () =>
  health({
    checks: {
      database: () => {
        if (!databaseUp) throw new Error('connection refused');
      },
      cache: () => true,
    },
    drainSignals: [],
  });

let current = plugin();
onEveryEngine(
  t,
  'alive, ready, failing, draining',
  () => {
    current = plugin();
    databaseUp = true;
    return new BoltAPI({ plugins: [current] });
  },
  async (t, server) => {
    const alive = await request(server, '/health');
    t.equal(alive.status, 200);
    t.same(JSON.parse(alive.body.toString()), { status: 'ok' });
    const ready = await request(server, '/ready');
    t.equal(ready.status, 200);
    t.same(JSON.parse(ready.body.toString()), { status: 'ready' });
    databaseUp = false;
    const failing = await request(server, '/ready');
    t.equal(failing.status, 503);
    t.same(JSON.parse(failing.body.toString()), {
      status: 'unavailable',
      failing: ['database'],
      errors: { database: 'connection refused' },
    });
    databaseUp = true;
    current.drain();
    const draining = await request(server, '/ready');
    t.equal(draining.status, 503);
    t.same(JSON.parse(draining.body.toString()), { status: 'draining' });
    t.equal((await request(server, '/health')).status, 200, 'still alive while draining');
  },
);

t.test('a check that hangs fails after timeoutMs', async (t) => {
  const api = new BoltAPI({
    plugins: [health({ checks: { slow: () => new Promise(() => {}) }, timeoutMs: 50, drainSignals: [] })],
  });
  const res = await api.inject({ url: '/ready' });
  t.equal(res.status, 503);
  t.same(res.json(), { status: 'unavailable', failing: ['slow'], errors: { slow: 'timed out after 50 ms' } });
});

onEveryEngine(
  t,
  'a drain the engine starts (server.close, or the supervisor in a child process) flips readiness',
  () => {
    current = plugin();
    const api = new BoltAPI({ plugins: [current] });
    api.get('/slow', async () => {
      await new Promise((resolve) => setTimeout(resolve, 600));
      return { ok: true };
    });
    return api;
  },
  async (t, server) => {
    t.equal((await request(server, '/ready')).status, 200);
    const inFlight = request(server, '/slow');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = server.close({ graceMs: 5000 });
    t.ok(current.draining, 'the engine told the app at once, with no signal and no drain() call');
    t.equal((await inFlight).status, 200, 'the request in flight still finished');
    await closing;
  },
);
