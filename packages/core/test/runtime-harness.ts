/**
 * What the runtime tests of every engine share: a real server process started the way a user's
 * entry script starts it (fixtures/runtime-serve.mjs), requests on fresh connections, and deadlines
 * polled instead of fixed sleeps. Engines' own runtime tests import it with the engine's `serve`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Test } from 'tap';

const entry = new URL('./fixtures/runtime-serve.mjs', import.meta.url);

/** A server process started by {@link startServer}. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Resolves once the process exited: its code, or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What the process wrote to stderr so far. */
  stderr(): string;
}

/**
 * Runs fixtures/runtime-serve.mjs with `engine` (the file URL of a module exporting `serve`) and
 * resolves once it printed its URL; rejects with its stderr if it exits first.
 */
export function startServer(engine: string | URL, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, [entry.pathname], {
    env: { ...process.env, BOLT_LOG_LEVEL: 'warn', ...env, BOLT_TEST_ENGINE: String(engine) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => {
      resolve({ child, url: (JSON.parse(line) as { url: string }).url, exited, stderr: () => stderr });
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`server exited (${signal ?? code}) before listening; stderr: ${stderr.slice(-2000)}`)),
    );
  });
}

/** A reply read to its end. */
export interface Reply {
  status: number;
  body: string;
}

/** GET `url` on a new connection (no keep-alive agent), so SO_REUSEPORT can spread requests. */
export function getFresh(url: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Polls `check` until it holds or `timeoutMs` passed; resolves with its last result. */
export async function until(
  check: () => boolean | Promise<boolean>,
  { timeoutMs = 30_000, everyMs = 50 } = {},
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * A file the app's /slow handlers append a byte to as they start (BOLT_TEST_ARRIVALS): a signal
 * sent before a request reached its handler would only test the kernel's accept queue.
 */
export function arrivalsFile(): { path: string; count(): number } {
  const path = join(mkdtempSync(join(tmpdir(), 'bolt-runtime-')), 'arrivals');
  return { path, count: () => (existsSync(path) ? readFileSync(path).length : 0) };
}

/** True when nothing accepts connections on `url`'s port any more. */
export function refused(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** Pids whose parent is `pid` (Linux /proc). */
export function childrenOf(pid: number): number[] {
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

/** True while `pid` exists and is not a zombie. */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Topology and load of the drain cases. */
export interface DrainCase {
  processes?: number;
  workers?: number;
  /** Slow requests in flight when the signal arrives. Default 50. */
  requests?: number;
  /** How long each takes in its handler, ms (well within the 10 s grace period). Default 3000. */
  slowMs?: number;
}

/**
 * SIGTERM (or SIGINT) with slow requests in flight: every one gets its full 200, the server exits 0
 * on its own (not killed by the signal), and the port is free afterwards.
 */
export async function testSignalDrains(
  t: Test,
  engine: string | URL,
  { processes = 1, workers = 1, requests = 50, slowMs = 3000 }: DrainCase = {},
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  const arrivals = arrivalsFile();
  const server = await startServer(engine, {
    P: String(processes),
    WORKERS: String(workers),
    BOLT_TEST_ARRIVALS: arrivals.path,
  });
  t.teardown(() => {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  });
  const inFlight = Array.from({ length: requests }, () =>
    getFresh(`${server.url}/slow?ms=${slowMs}`).catch((error: Error) => ({ status: 0, body: error.message })),
  );
  t.ok(await until(() => arrivals.count() >= requests), `all ${requests} requests reached their handlers`);
  server.child.kill(signal);
  const replies = await Promise.all(inFlight);
  const full = JSON.stringify({ ok: true, ms: slowMs });
  const answered = replies.filter((r) => r.status === 200 && r.body === full).length;
  t.equal(answered, requests, `every in-flight request got its full 200 after ${signal}`);
  if (answered !== requests) t.comment(JSON.stringify(replies.find((r) => r.status !== 200)));
  t.same(await server.exited, { code: 0, signal: null }, 'the server exited 0 on its own');
  t.ok(await refused(server.url), 'the port refuses connections afterwards');
}

/**
 * The supervisor of `processes` children is SIGKILLed (it cannot tell them) while slow requests run:
 * the children finish those requests, then exit instead of serving on as orphans of pid 1.
 */
export async function testSupervisorLoss(
  t: Test,
  engine: string | URL,
  { processes = 2, workers = 1, requests = 10, slowMs = 2000 }: DrainCase = {},
): Promise<void> {
  const arrivals = arrivalsFile();
  const server = await startServer(engine, {
    P: String(processes),
    WORKERS: String(workers),
    BOLT_TEST_ARRIVALS: arrivals.path,
  });
  const children = childrenOf(server.child.pid!);
  t.teardown(() => {
    for (const pid of children) if (alive(pid)) process.kill(pid, 'SIGKILL');
  });
  t.equal(children.length, processes, `the supervisor forked ${processes} processes`);
  const inFlight = Array.from({ length: requests }, () =>
    getFresh(`${server.url}/slow?ms=${slowMs}`).catch((error: Error) => ({ status: 0, body: error.message })),
  );
  t.ok(await until(() => arrivals.count() >= requests), `all ${requests} requests reached their handlers`);
  server.child.kill('SIGKILL');
  await server.exited;
  const replies = await Promise.all(inFlight);
  t.equal(
    replies.filter((r) => r.status === 200).length,
    requests,
    'the orphaned processes finished the requests they held',
  );
  t.ok(
    await until(() => children.every((pid) => !alive(pid)), { timeoutMs: 30_000, everyMs: 100 }),
    'every child exited once its supervisor was gone',
  );
  t.ok(await refused(server.url), 'nothing serves the port any more');
}
