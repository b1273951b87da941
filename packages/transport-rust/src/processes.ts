/**
 * `processes: P`: P child processes, each a full Rust server (with `workers` threads) bound to the
 * same port with SO_REUSEPORT, so the kernel spreads connections. The first child picks the port
 * (when `port` is 0) and the others join it.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type AppModule, appModuleHref, type RunningServer } from '@bolt/core';
import { BoltRustError, RustErrorCode } from './errors.js';
import type { ResolvedOptions } from './options.js';
import type { ListenRequest, ProcessMessage } from './process-entry.js';

const entry = fileURLToPath(new URL('./process-entry.js', import.meta.url));

function startChild(request: ListenRequest): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(entry, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const fail = (why: string) =>
      reject(new BoltRustError(RustErrorCode.WORKER_START, `A server process for ${request.spec.href} failed: ${why}`));
    child.once('error', (err) => fail(err.message));
    child.once('exit', (code) => fail(`exited with code ${code} before it was listening`));
    child.once('message', (msg: ProcessMessage) => {
      child.removeAllListeners('exit');
      child.removeAllListeners('error');
      if (msg.type === 'listening') resolve({ child, port: msg.port });
      else fail(msg.message);
    });
    child.send(request);
  });
}

function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs + 5000);
    kill.unref();
    child.send({ type: 'close', graceMs });
  });
}

/** Serves the app module in `opts.processes` processes sharing one port. */
export async function listenWithProcesses(spec: AppModule, opts: ResolvedOptions): Promise<RunningServer> {
  const base = { spec: { href: appModuleHref(spec), exportName: spec.export }, opts: { ...opts, processes: 1 } };
  const first = await startChild({ type: 'listen', ...base });
  const children = [first.child];
  try {
    const rest = await Promise.all(
      Array.from({ length: opts.processes - 1 }, () =>
        startChild({ type: 'listen', ...base, opts: { ...base.opts, port: first.port } }),
      ),
    );
    children.push(...rest.map((r) => r.child));
  } catch (err) {
    await Promise.all(children.map((c) => stopChild(c, 0)));
    throw err;
  }
  const shown = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shown}:${first.port}`,
    port: first.port,
    close({ graceMs = 10_000 } = {}) {
      closing ??= Promise.all(children.map((c) => stopChild(c, graceMs))).then(() => undefined);
      return closing;
    },
  };
}
