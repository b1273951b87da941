/**
 * The runtime on the node:http engine, in real processes: SIGTERM and SIGINT drain in-flight
 * requests and exit 0 by default (before: requests were cut, exit 143), `handleSignals: false`
 * leaves signals alone, start-up and shutdown handlers run around the listener, and a failing
 * start-up handler stops the process with its message.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { arrivalsFile, getFresh, startServer, testSignalDrains, until } from './fixtures/runtime-harness.mjs';

const node = new URL('../dist/node/index.js', import.meta.url);

t.test('node: SIGTERM with 50 slow requests in flight answers them all, then exits 0', (t) =>
  testSignalDrains(t, node, { requests: 50 }),
);

t.test('node: SIGINT (Ctrl-C) drains the same way', (t) =>
  testSignalDrains(t, node, { requests: 20 }, 'SIGINT'),
);

t.test('node: handleSignals: false leaves SIGTERM to its default (the process ends at once)', async (t) => {
  const server = await startServer(node, { HANDLE_SIGNALS: '0' });
  server.child.kill('SIGTERM');
  t.same(await server.exited, { code: null, signal: 'SIGTERM' });
});

t.test(
  'node: start-up handlers run before the first request, shutdown handlers after the drain',
  async (t) => {
    const lifecycle = arrivalsFile().path.replace(/arrivals$/, 'lifecycle');
    const arrivals = arrivalsFile();
    const server = await startServer(node, {
      BOLT_TEST_LIFECYCLE: lifecycle,
      BOLT_TEST_ARRIVALS: arrivals.path,
    });
    const pid = server.child.pid;
    t.equal(
      readFileSync(lifecycle, 'utf8'),
      `startup ${pid}\n`,
      'start-up ran before the server said it listens',
    );
    const slow = fetch(`${server.url}/slow?ms=1500`);
    t.ok(await until(() => arrivals.count() === 1), 'a request is in flight');
    server.child.kill('SIGTERM');
    t.equal((await slow).status, 200, 'the in-flight request was answered');
    t.same(await server.exited, { code: 0, signal: null });
    t.equal(
      readFileSync(lifecycle, 'utf8'),
      `startup ${pid}\nshutdown ${pid}\n`,
      'shutdown ran once, after the drain',
    );
  },
);

t.test('node: a failing start-up handler stops the process, non-zero, with its message', async (t) => {
  await t.rejects(startServer(node, { BOLT_TEST_STARTUP_FAIL: '1' }), {
    message:
      /server exited \(1\) before listening[\s\S]*BOLT_ERR_STARTUP_FAILED[\s\S]*database unreachable at db\.invalid:5432/,
  });
});

t.test('node: two servers in one process both drain before SIGTERM ends it', async (t) => {
  const arrivals = arrivalsFile();
  const server = await startServer(node, {
    BOLT_TEST_ENTRY: new URL('./fixtures/runtime-serve-two.mjs', import.meta.url).pathname,
    BOLT_TEST_ARRIVALS: arrivals.path,
  });
  // The second server's requests outlast the first's drain: an exit after the first would cut them.
  const quick = Array.from({ length: 5 }, () => getFresh(`${server.url}/slow?ms=500`));
  const slow = Array.from({ length: 5 }, () => getFresh(`${String(server.printed.url2)}/slow?ms=3000`));
  t.ok(await until(() => arrivals.count() >= 10), 'all 10 requests reached their handlers');
  server.child.kill('SIGTERM');
  const replies = await Promise.all([...quick, ...slow].map((p) => p.catch(() => ({ status: 0, body: '' }))));
  t.same(
    replies.map((r) => r.status),
    Array(10).fill(200),
    'every request on both servers answered',
  );
  t.same(await server.exited, { code: 0, signal: null });
});
