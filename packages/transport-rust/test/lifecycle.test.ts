// Each JS worker thread runs the app's start-up handlers before it serves and its shutdown
// handlers after the server drained.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { serve } from '../src/index.js';

t.test('startup before serving and shutdown after the drain, in every worker', async (t) => {
  const file = join(mkdtempSync(join(tmpdir(), 'bolt-rust-life-')), 'log');
  process.env.BOLT_LIFECYCLE_LOG = file;
  t.teardown(() => {
    delete process.env.BOLT_LIFECYCLE_LOG;
  });
  const app = { module: new URL('./fixtures/lifecycle-app.js', import.meta.url), export: 'api' };
  const server = await serve(app, { port: 0, workers: 2 });
  const answers = await Promise.all(
    Array.from({ length: 10 }, () => fetch(`${server.url}/started`).then((r) => r.json())),
  );
  t.ok(
    answers.every((a) => (a as { started: boolean }).started),
    'every answer came from a started app',
  );
  await server.close({ graceMs: 1000 });
  const lines = readFileSync(file, 'utf8').trim().split('\n').sort();
  const threads = (what: string) =>
    lines
      .filter((l) => l.startsWith(`${what} `))
      .map((l) => l.split(' ')[1])
      .sort();
  t.equal(threads('startup').length, 2, 'two workers started the app');
  t.same(threads('shutdown'), threads('startup'), 'and the same two shut it down');
  t.notOk(threads('startup').includes('0'), 'not on the main thread');
});
