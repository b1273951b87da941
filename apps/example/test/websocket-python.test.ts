/**
 * The example's WebSocket endpoints checked from outside by a client nobody here wrote: Python's
 * `websockets` package (packages/conformance/scripts/ws_check.py, in a private virtualenv that
 * python-env.sh creates on first use), against the example on each engine.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import t, { type Test } from 'tap';
import { startExample } from './websocket-example.js';

const scripts = new URL('../../../packages/conformance/scripts/', import.meta.url).pathname;
const CHECKS = [
  'echo text',
  'echo binary',
  'echo fragmented',
  'ping pong',
  'close 1000',
  'chat broadcast',
  'chat invalid message 1007',
  'refused upgrades',
];

t.setTimeout(240_000);

async function check(t: Test, python: string, transport: string): Promise<void> {
  const server = await startExample(t, { TRANSPORT: transport });
  const run = await promisify(execFile)(python, [`${scripts}ws_check.py`, server.wsUrl], {
    timeout: 60_000,
  }).catch((error: { stdout?: string; stderr?: string; code?: number }) => ({
    stdout: error.stdout ?? '',
    stderr: error.stderr ?? '',
  }));
  const lines = run.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { check?: string; ok?: boolean; detail?: string; summary?: unknown });
  for (const name of CHECKS) {
    const result = lines.find((l) => l.check === name);
    t.ok(result?.ok, `${name}: ${result?.detail ?? 'not reported'}`);
  }
  t.same(
    lines.at(-1),
    { summary: { passed: CHECKS.length, failed: 0 } },
    `summary (stderr: ${run.stderr.slice(0, 500)})`,
  );
}

// First use installs `websockets` from PyPI into the virtualenv (tens of seconds).
const python = execFileSync('bash', [`${scripts}python-env.sh`], {
  encoding: 'utf8',
  timeout: 180_000,
}).trim();
for (const transport of ['node', 'uws', 'rust']) {
  t.test(`Python websockets drives /ws/echo and /ws/chat (TRANSPORT=${transport})`, (t) =>
    check(t, python, transport),
  );
}
