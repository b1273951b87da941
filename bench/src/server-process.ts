/**
 * Starts a contender in its own process group, waits until it answers an endpoint correctly, and
 * stops it (SIGTERM to the group, SIGKILL after a grace period).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkAnswer } from './check-answer.js';
import type { Launch } from './contenders.js';
import type { Endpoint } from './endpoints.js';
import { freePort } from './free-port.js';

/** A running contender. */
export interface ServerProcess {
  readonly pid: number;
  readonly url: string;
  /** The last few KB of its stdout and stderr. */
  output(): string;
  stop(): Promise<void>;
}

/** Why a contender could not be measured on a row: not built here, never answered, or answered wrong. */
export class ServerStartError extends Error {
  constructor(
    message: string,
    readonly kind: 'failed' | 'wrong' | 'not-built',
  ) {
    super(message);
  }
}

/** Options of {@link startServer}. */
export interface StartOptions {
  launch: Launch;
  endpoint: Endpoint;
  /** Extra environment (P, WORKERS, BENCH_APP, BENCH_DB, the row's env). */
  env: Record<string, string>;
  host?: string;
  /** How long to wait for a correct answer. Default 30 s. */
  readyTimeoutMs?: number;
  /** Ready at any answer, even a wrong one (the caller checks the answers itself). Default false. */
  anyAnswer?: boolean;
  /** Run the server on this CPU list (`taskset -c`, which execs it: the pid stays the server's). */
  cpu?: string;
}

const OUTPUT_KEEP = 4096;

export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const host = options.host ?? '127.0.0.1';
  const port = await freePort(host);
  const url = `http://${host}:${port}`;
  const { command, args } = options.cpu
    ? { command: 'taskset', args: ['-c', options.cpu, options.launch.command, ...options.launch.args] }
    : { command: options.launch.command, args: [...options.launch.args] };
  const child = spawn(command, args, {
    env: {
      ...process.env,
      ...options.launch.env,
      ...options.env,
      HOST: host,
      PORT: String(port),
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so stop() reaches every process it forks
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEEP);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const server: ServerProcess = {
    pid: child.pid!,
    url,
    output: () => output,
    stop: () => stopProcess(child, exited),
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      const notBuilt = notBuiltReason(output);
      if (notBuilt) throw new ServerStartError(`not built: ${notBuilt}`, 'not-built');
      throw new ServerStartError(`exited with code ${exitCode} before answering: ${tail(output)}`, 'failed');
    }
    const verdict = await checkAnswer(url, options.endpoint);
    if (verdict.kind === 'ok' || (verdict.kind === 'wrong' && options.anyAnswer)) return server;
    if (verdict.kind === 'wrong') {
      await server.stop();
      throw new ServerStartError(`wrong answer to ${options.endpoint.title}: ${verdict.reason}`, 'wrong');
    }
    last = verdict.reason;
    await sleep(100);
  }
  await server.stop();
  throw new ServerStartError(`no correct answer within the timeout (${last}): ${tail(output)}`, 'failed');
}

/** The error lines of a crash (else its last lines), on one line. */
function tail(output: string): string {
  const lines = output
    .trim()
    .split('\n')
    .filter((l) => l.trim() && !/^\s+at /.test(l));
  const thrown = lines.filter((l) => /^\s*[\w.]*Error\b[^:]*:/.test(l));
  const errors = thrown.length > 0 ? thrown : lines.filter((l) => /error|ERR_/i.test(l));
  return (
    (errors.length > 0 ? errors.slice(0, 2) : lines.slice(-4)).join(' | ').slice(0, 600) || '(no output)'
  );
}

/** A start failure that means "not built here" (a transport's native addon is missing), not a crash. */
export function notBuiltReason(output: string): string | undefined {
  if (!/BOLT_ERR_\w+_NATIVE_(LOAD|UNAVAILABLE)/.test(output)) return undefined;
  return tail(output);
}

async function stopProcess(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const group = -child.pid!;
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(group, sig);
    } catch {
      // the group is already gone
    }
  };
  signal('SIGTERM');
  const done = await Promise.race([exited.then(() => true), sleep(3000).then(() => false)]);
  if (!done) {
    signal('SIGKILL');
    await exited;
  }
  signal('SIGKILL'); // processes the leader forked and left behind
}
