/**
 * Processes x workers over real sockets: requests spread over every thread of every process, and a
 * crashed worker or process is started again while the others keep serving.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { serve } from '../src/index.js';
import { answerers, getFresh, until, whoami } from './helpers.js';

const app = { module: new URL('./fixtures/whoami-app.mjs', import.meta.url), export: 'api' };

t.test('P=2 W=2: connections spread over 2 processes x 2 threads', async (t) => {
  const server = await serve(app, { port: 0, processes: 2, workers: 2, handleSignals: false });
  t.teardown(() => server.close({ graceMs: 1000 }));
  const seen = new Map<string, number>();
  for (let round = 0; round < 10; round++) {
    const ids = await Promise.all(Array.from({ length: 20 }, () => whoami(server.url)));
    for (const id of ids) seen.set(id, (seen.get(id) ?? 0) + 1);
  }
  const pids = new Set([...seen.keys()].map((id) => id.split(':')[0]));
  t.comment(`requests per pid:thread: ${JSON.stringify(Object.fromEntries(seen))}`);
  t.equal(pids.size, 2, 'both processes answered');
  t.equal(seen.size, 4, 'all four worker threads answered');
});

/** A logger that keeps what it is told, to check that restarts are logged. */
function collectingLogger() {
  const lines: Array<{ level: string; msg: string | undefined; obj: object }> = [];
  const at = (level: string) => (obj: object, msg?: string) => {
    lines.push({ level, msg, obj });
  };
  return { lines, logger: { error: at('error'), warn: at('warn'), info: at('info') } };
}

t.test('W=2: a crashed worker thread is restarted and the pool keeps serving', async (t) => {
  const { lines, logger } = collectingLogger();
  const server = await serve(app, { port: 0, workers: 2, handleSignals: false, logger });
  t.teardown(() => server.close({ graceMs: 1000 }));
  const crash = await getFresh(`${server.url}/crash`);
  t.equal(crash.status, 200, 'the crashing request itself was answered');
  // The crashing thread closes its listener, then exits, and only then does the pool log the exit:
  // wait for that log line rather than a fixed 300 ms, which a busy machine can outlast (a connection
  // the kernel hands to the dying thread's listener before it closes is reset, by design).
  t.ok(
    await until(() => lines.some((l) => l.msg === 'bolt: worker exited; restarting')),
    'the pool saw the crashed thread exit',
  );
  const statuses = await Promise.all(Array.from({ length: 20 }, () => getFresh(`${server.url}/whoami`)));
  t.ok(
    statuses.every((r) => r.status === 200),
    'every request after the crash answered',
  );
  // The restarted thread needs a moment to import the app and listen; new connections then reach it.
  const threads = await answerers(server.url, 2);
  t.equal(threads.size, 2, 'two threads serve again after the restart');
  t.equal((server as unknown as { restarts: number }).restarts, 1, 'the pool counted one restart');
  t.ok(
    lines.some((l) => l.level === 'warn' && l.msg === 'bolt: worker exited; restarting'),
    'the restart was logged',
  );
});

t.test('P=2 W=1: a crashed process is forked again', async (t) => {
  const { lines, logger } = collectingLogger();
  const server = await serve(app, { port: 0, processes: 2, workers: 1, handleSignals: false, logger });
  t.teardown(() => server.close({ graceMs: 1000 }));
  const before = new Set<string>();
  for (let i = 0; i < 40 && before.size < 2; i++) before.add(await whoami(server.url));
  t.equal(before.size, 2, 'two processes answer');
  await getFresh(`${server.url}/crash`);
  let after = new Set<string>();
  // A deadline in time, not 100 attempts (a loaded machine used them all up in 14 s): forking and
  // booting a new Node process (with tap's loaders) can take that long, and every attempt before it
  // listens is answered by the surviving process.
  await until(
    async () => {
      after = new Set([...after, await whoami(server.url).catch(() => 'refused')]);
      after.delete('refused');
      return after.size === 2 && [...after].some((id) => !before.has(id));
    },
    { timeoutMs: 60_000 },
  );
  t.ok(
    [...after].some((id) => !before.has(id)),
    'a new process (new pid) answers after the crash',
  );
  t.ok(
    lines.some((l) => l.level === 'warn' && l.msg === 'bolt: process exited; restarting'),
    'the restart was logged',
  );
});

t.test('W=2: a worker whose restart fails is retried with back-off until it comes back', async (t) => {
  const marker = join(mkdtempSync(join(tmpdir(), 'bolt-flaky-')), 'marker');
  process.env.BOLT_FLAKY_MARKER = marker;
  t.teardown(() => {
    delete process.env.BOLT_FLAKY_MARKER;
  });
  const { lines, logger } = collectingLogger();
  const flaky = { module: new URL('./fixtures/flaky-app.mjs', import.meta.url), export: 'api' };
  const server = await serve(flaky, { port: 0, workers: 2, handleSignals: false, logger });
  t.teardown(() => server.close({ graceMs: 1000 }));
  writeFileSync(marker, 'the app cannot load now');
  await getFresh(`${server.url}/crash`);
  const failedRestart = () =>
    lines.some((l) => l.msg === 'bolt: worker exited; restarting' && (l.obj as { err?: unknown }).err);
  t.ok(await until(failedRestart, { everyMs: 100 }), 'the failed restart was logged with its cause');
  rmSync(marker);
  const threads = await answerers(server.url, 2);
  t.equal(threads.size, 2, 'two threads serve again once the app loads');
});
