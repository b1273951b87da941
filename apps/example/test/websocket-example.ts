/**
 * Starts the example's own entry point (dist/main.js) in a child process on a free port, for the
 * WebSocket tests: `TRANSPORT` as given (node:http by default), a private SQLite file.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Test } from 'tap';

const main = new URL('../dist/main.js', import.meta.url).pathname;

export interface ExampleServer {
  url: string;
  wsUrl: string;
  port: number;
  child: ChildProcess;
  stderr(): string;
}

export async function startExample(t: Test, env: Record<string, string> = {}): Promise<ExampleServer> {
  const dir = mkdtempSync(join(tmpdir(), 'bolt-example-ws-'));
  const child = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      TRANSPORT: 'node',
      BOLT_SQLITE_PATH: join(dir, 'db.sqlite'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.teardown(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    rmSync(dir, { recursive: true, force: true });
  });
  let err = '';
  let out = '';
  child.stderr?.on('data', (d) => {
    err += d;
  });
  child.stdout?.on('data', (d) => {
    out += d;
  });
  // Generous: a P=2 server on a busy machine takes a while to start both processes.
  const deadline = Date.now() + 90_000;
  let url: string | undefined;
  while (!url) {
    url = /Bolt example on (http:\/\/\S+)/.exec(out)?.[1];
    if (!url && (Date.now() > deadline || child.exitCode !== null))
      throw new Error(`example did not start: ${err}`);
    await sleep(50);
  }
  const port = Number(new URL(url).port);
  return { url, wsUrl: url.replace(/^http/, 'ws'), port, child, stderr: () => err };
}
