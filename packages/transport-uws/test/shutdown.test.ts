/**
 * Graceful shutdown of a real server process: slow requests in flight, SIGTERM, every one answered,
 * exit code 0, and the port refuses connections afterwards.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import t from 'tap';
import { getFresh, sleep } from './helpers.js';

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
    const { child, url } = await start({ P: String(p), WORKERS: String(w) });
    const inFlight = Array.from({ length: 12 }, () => getFresh(`${url}/slow?ms=1500`));
    await sleep(700); // let every request reach a handler
    const exit = exited(child);
    child.kill('SIGTERM');
    const replies = await Promise.all(inFlight);
    t.same(
      replies.map((r) => r.status),
      Array(12).fill(200),
      'every in-flight request answered 200',
    );
    t.ok(
      replies.every((r) => (JSON.parse(r.body) as { ms: number }).ms === 1500),
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
    let closed = false;
    for (let i = 0; i < 150 && !closed; i++) {
      closed = await refused(url);
      if (!closed) await sleep(100);
    }
    t.ok(closed, 'the port is released once the orphaned processes exit');
  },
);

t.test(
  'Ctrl-C: SIGINT to the whole process group (supervisor, processes) still answers everything',
  async (t) => {
    const { child, url } = await start({ P: '2', WORKERS: '2' }, true);
    const inFlight = Array.from({ length: 8 }, () => getFresh(`${url}/slow?ms=1500`));
    await sleep(700);
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
  for (let i = 0; i < 200 && forked.length < 2; i++) {
    forked = childrenOf(child.pid!);
    await sleep(10);
  }
  t.equal(forked.length, 2, 'both processes were forked');
  const exit = exited(child);
  child.kill('SIGKILL');
  await exit;
  for (let i = 0; i < 300 && forked.some((pid) => existsSync(`/proc/${pid}`)); i++) await sleep(100);
  t.ok(
    forked.every((pid) => !existsSync(`/proc/${pid}`)),
    'the orphaned processes exited',
  );
  t.notMatch(stderr, /ERR_IPC_CHANNEL_CLOSED|Assertion failed|uncaught/i, 'without crashing');
});
