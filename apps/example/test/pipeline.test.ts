/**
 * The example uses the pipeline as a real app would: a request id on every answer, an access log
 * behind BOLT_ACCESS_LOG=1, the database opened by a start-up handler, `/users/{id}` through a
 * dependency. Checked over real sockets with the example's own entry point (uWS, its default).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';

const main = new URL('../dist/main.js', import.meta.url).pathname;

async function start(
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess; stderr: () => string }> {
  // Port 0: the example picks a free port and prints its URL.
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  let out = '';
  child.stderr?.on('data', (d) => {
    err += d;
  });
  child.stdout?.on('data', (d) => {
    out += d;
  });
  const deadline = Date.now() + 30_000;
  let url: string | undefined;
  while (!url) {
    url = /Bolt example on (http:\/\/\S+)/.exec(out)?.[1];
    if (!url && (Date.now() > deadline || child.exitCode !== null))
      throw new Error(`example did not start: ${err}`);
    await sleep(50);
  }
  return { url, child, stderr: () => err };
}

const dir = mkdtempSync(join(tmpdir(), 'bolt-example-pipeline-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

t.test('request ids, the access log and the database dependency over a real socket', async (t) => {
  const server = await start({
    BOLT_ACCESS_LOG: '1',
    BOLT_SQLITE_PATH: join(dir, 'db.sqlite'),
    P: '1',
    WORKERS: '2',
  });
  t.teardown(async () => {
    server.child.kill('SIGTERM');
    if (server.child.exitCode === null) await once(server.child, 'exit');
  });
  for (const [path, status] of [
    ['/', 200],
    ['/nowhere', 404],
    ['/items/abc', 422],
    ['/users/1', 200],
    ['/users/999999', 404],
  ] as const) {
    const res = await fetch(`${server.url}${path}`, {
      headers: { 'x-request-id': `req-${status}-${path.length}` },
    });
    t.equal(res.status, status, path);
    t.equal(
      res.headers.get('x-request-id'),
      `req-${status}-${path.length}`,
      `${path} echoes the client's id`,
    );
    await res.arrayBuffer();
  }
  const generated = await fetch(`${server.url}/`);
  t.match(generated.headers.get('x-request-id'), /^\S+-[0-9a-z]+$/, 'an id is generated when none is sent');
  const user = await (await fetch(`${server.url}/users/1`)).json();
  t.match(user, { id: 1, username: 'user0001' }, '/users/{id} reads the database through its dependency');

  const deadline = Date.now() + 10_000;
  while (!server.stderr().includes('"reqId":"req-404-8"') && Date.now() < deadline) await sleep(50);
  const line = server
    .stderr()
    .split('\n')
    .find((l) => l.includes('"reqId":"req-404-8"'));
  t.ok(line, 'the access log has a line for the 404');
  t.match(JSON.parse(line ?? '{}'), { msg: 'request', method: 'GET', path: '/nowhere', status: 404 });
});

t.test('no access log without BOLT_ACCESS_LOG', async (t) => {
  const server = await start({ BOLT_SQLITE_PATH: join(dir, 'db2.sqlite') });
  t.teardown(async () => {
    server.child.kill('SIGTERM');
    if (server.child.exitCode === null) await once(server.child, 'exit');
  });
  await (await fetch(`${server.url}/`, { headers: { 'x-request-id': 'quiet-1' } })).arrayBuffer();
  await sleep(300);
  t.notOk(server.stderr().includes('quiet-1'));
});
