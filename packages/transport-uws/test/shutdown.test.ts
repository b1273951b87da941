/**
 * Graceful shutdown of a real server process: slow requests in flight, SIGTERM, every one answered,
 * exit code 0, and the port refuses connections afterwards.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import t from 'tap';
import { getFresh, until } from './helpers.js';

const main = new URL('./fixtures/serve-main.mjs', import.meta.url);

async function start(
  env: Record<string, string>,
  detached = false,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [main.pathname], {
    env: { ...process.env, ...env, BOLT_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached, // its own process group, as a terminal gives a foreground job
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
  });
  return { child, url: (JSON.parse(line) as { url: string }).url };
}

/**
 * A file the server's /slow handlers append a line to as they start (BOLT_TEST_ARRIVALS), and how
 * many lines it holds: a signal sent before a request reached its handler would test nothing but
 * the kernel's backlog, so the tests wait for every arrival instead of sleeping a fixed time.
 */
function arrivalsFile(): { path: string; count(): number } {
  const path = join(mkdtempSync(join(tmpdir(), 'bolt-arrivals-')), 'arrivals');
  return {
    path,
    count: () => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').length - 1 : 0),
  };
}

const exited = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => child.once('exit', (code) => resolve(code)));

const refused = (url: string): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

for (const [p, w] of [
  [1, 1],
  [2, 2],
] as const) {
  t.test(`P=${p} W=${w}: SIGTERM with slow requests in flight answers them all, then exits 0`, async (t) => {
    const arrivals = arrivalsFile();
    const { child, url } = await start({
      P: String(p),
      WORKERS: String(w),
      BOLT_TEST_ARRIVALS: arrivals.path,
    });
    // 2.5 s per request (under serve-main's 5 s grace): still in flight when the last one arrives.
    const inFlight = Array.from({ length: 12 }, () => getFresh(`${url}/slow?ms=2500`));
    t.ok(await until(() => arrivals.count() === 12), 'every request reached its handler before SIGTERM');
    const exit = exited(child);
    child.kill('SIGTERM');
    const replies = await Promise.all(inFlight);
    t.same(
      replies.map((r) => r.status),
      Array(12).fill(200),
      'every in-flight request answered 200',
    );
    t.ok(
      replies.every((r) => (JSON.parse(r.body) as { ms: number }).ms === 2500),
      'with its complete body',
    );
    t.equal(await exit, 0, 'the server exited 0');
    t.ok(await refused(url), 'the port refuses connections afterwards');
  });
}

t.test(
  'P=2: if the supervisor is killed, its processes drain and exit instead of serving as orphans',
  async (t) => {
    const { child, url } = await start({ P: '2', WORKERS: '1' });
    t.equal((await getFresh(`${url}/whoami`)).status, 200, 'serving');
    const exit = exited(child);
    child.kill('SIGKILL');
    await exit;
    t.ok(
      await until(() => refused(url), { everyMs: 100 }),
      'the port is released once the orphaned processes exit',
    );
  },
);

t.test(
  'Ctrl-C: SIGINT to the whole process group (supervisor, processes) still answers everything',
  async (t) => {
    const arrivals = arrivalsFile();
    const { child, url } = await start({ P: '2', WORKERS: '2', BOLT_TEST_ARRIVALS: arrivals.path }, true);
    const inFlight = Array.from({ length: 8 }, () => getFresh(`${url}/slow?ms=2500`));
    t.ok(await until(() => arrivals.count() === 8), 'every request reached its handler before SIGINT');
    const exit = exited(child);
    process.kill(-child.pid!, 'SIGINT');
    const replies = await Promise.all(inFlight);
    t.same(
      replies.map((r) => r.status),
      Array(8).fill(200),
      'every in-flight request answered 200',
    );
    t.equal(await exit, 0, 'the supervisor exited 0');
    t.ok(await refused(url), 'the port refuses connections afterwards');
  },
);

/** Pids whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

t.test('the supervisor dies while its processes are still starting: they exit cleanly', async (t) => {
  const child = spawn(process.execPath, [main.pathname], {
    env: { ...process.env, P: '2', WORKERS: '2', BOLT_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk));
  let forked: number[] = [];
  // Polled every 10 ms so the supervisor dies while its processes are still importing, but with a
  // deadline in time: on a busy machine Node alone can take seconds to start the supervisor.
  await until(
    () => {
      forked = childrenOf(child.pid!);
      return forked.length >= 2;
    },
    { everyMs: 10 },
  );
  t.equal(forked.length, 2, 'both processes were forked');
  const exit = exited(child);
  child.kill('SIGKILL');
  await exit;
  t.ok(
    await until(() => forked.every((pid) => !existsSync(`/proc/${pid}`)), { everyMs: 100 }),
    'the orphaned processes exited',
  );
  t.notMatch(stderr, /ERR_IPC_CHANNEL_CLOSED|Assertion failed|uncaught/i, 'without crashing');
});
