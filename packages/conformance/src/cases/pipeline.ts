/**
 * The request pipeline on a real engine: phase order, early answers from each phase, app-wide hooks
 * on unmatched requests, encapsulation, errors from hooks and dependencies, cleanups after an
 * aborted request, request ids on error answers, and start-up/shutdown in every process and worker.
 */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Test } from 'tap';
import { pipelineApp } from '../app-spec.js';
import { openSocket } from '../raw-http.js';
import type { ConformanceTarget } from '../target.js';

function readTrace(file: string): Array<Record<string, unknown>> {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  } catch {
    return [];
  }
}

async function until<T>(probe: () => T | undefined, ms: number): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined || Date.now() > deadline) return value;
    await sleep(25);
  }
}

export async function testPipeline(t: Test, target: ConformanceTarget): Promise<void> {
  const file = join(tmpdir(), `bolt-pipeline-${process.pid}-${Date.now()}.jsonl`);
  process.env.BOLT_PIPELINE_TRACE = file;
  t.teardown(() => rmSync(file, { force: true }));
  const server = await target.start(pipelineApp);
  const url = (path: string) => `${server.url}${path}`;
  let closed = false;
  t.teardown(() => (closed ? undefined : server.close({ graceMs: 1000 })));

  await t.test('phases run in order around the handler', async (t) => {
    const res = await fetch(url('/order'));
    t.equal(res.status, 200);
    t.same(await res.json(), { phases: ['onRequest', 'preHandler', 'handler'] });
    t.equal(res.headers.get('x-phases'), 'onRequest,preHandler,handler,onSend');
    t.match(res.headers.get('x-request-id'), /\S+/);
  });

  await t.test('app-wide hooks see unmatched requests; request ids on error answers', async (t) => {
    const missing = await fetch(url('/nowhere'));
    t.equal(missing.status, 404);
    t.equal(missing.headers.get('x-phases'), 'onRequest,onSend');
    t.ok(missing.headers.get('x-request-id'), '404 has a request id');
    const notAllowed = await fetch(url('/order'), { method: 'DELETE' });
    t.equal(notAllowed.status, 405);
    t.ok(notAllowed.headers.get('allow'));
    t.ok(notAllowed.headers.get('x-request-id'), '405 has a request id');
    const invalid = await fetch(url('/invalid/x'));
    t.equal(invalid.status, 422);
    t.ok(invalid.headers.get('x-request-id'), '422 has a request id');
    const given = await fetch(url('/order'), { headers: { 'x-request-id': 'trace-42' } });
    t.equal(given.headers.get('x-request-id'), 'trace-42');
    await given.arrayBuffer();
  });

  await t.test('early answers from onRequest and preHandler', async (t) => {
    const early = await fetch(url('/order'), { headers: { 'x-early': '1' } });
    t.equal(early.status, 429);
    t.same(await early.json(), { early: true });
    t.equal(early.headers.get('x-phases'), 'onRequest,onSend');
    const denied = await fetch(url('/guarded'));
    t.equal(denied.status, 403);
    t.equal(await denied.text(), 'denied');
    t.equal(await (await fetch(url('/guarded?key=k'))).text(), 'welcome');
  });

  await t.test('encapsulation: a sub-app hook reaches its routes only', async (t) => {
    const inside = await fetch(url('/child/x'));
    t.equal(inside.headers.get('x-child'), 'yes');
    t.equal(inside.headers.get('x-phases'), 'onRequest,preHandler,onSend');
    await inside.arrayBuffer();
    const outside = await fetch(url('/order'));
    t.equal(outside.headers.get('x-child'), null);
    await outside.arrayBuffer();
    const missing = await fetch(url('/child/missing'));
    t.equal(missing.status, 404);
    t.equal(missing.headers.get('x-child'), null, 'a 404 under the prefix sees only app-wide hooks');
  });

  await t.test('errors from hooks, dependencies and handlers', async (t) => {
    const conflict = await fetch(url('/conflict'));
    t.equal(conflict.status, 409);
    t.same(await conflict.json(), { detail: 'already exists' });
    const anonymous = await fetch(url('/me'));
    t.equal(anonymous.status, 401);
    t.equal(anonymous.headers.get('www-authenticate'), 'Bearer');
    await anonymous.arrayBuffer();
    t.same(await (await fetch(url('/me'), { headers: { authorization: 'Bearer good' } })).json(), {
      name: 'ann',
    });
    const broken = await fetch(url('/order'), { headers: { 'x-hook-throws': '1' } });
    t.equal(broken.status, 500);
    t.same(await broken.json(), { detail: 'Internal Server Error' });
    t.ok(broken.headers.get('x-request-id'), '500 has a request id');
  });

  await t.test('cleanups and onResponse run after the response, and after an abort', async (t) => {
    const done = await fetch(url('/slow?ms=1'), { headers: { 'x-trace-id': 'complete' } });
    t.equal(done.status, 200);
    await done.arrayBuffer();
    const finished = await until(() => {
      const events = readTrace(file).filter((e) => e.id === 'complete');
      return events.length >= 2 ? events : undefined;
    }, 10_000);
    t.match(finished, [{ event: 'cleanup' }, { event: 'onResponse', status: 200, aborted: false }]);

    const socket = await openSocket(server.port);
    socket.write(`GET /slow?ms=400 HTTP/1.1\r\nHost: x\r\nx-trace-id: aborted\r\n\r\n`);
    await sleep(100);
    socket.destroy();
    const aborted = await until(() => {
      const events = readTrace(file).filter((e) => e.id === 'aborted');
      return events.length >= 2 ? events : undefined;
    }, 10_000);
    t.ok(
      aborted?.some((e) => e.event === 'cleanup'),
      'the dependency cleanup ran',
    );
    t.ok(
      aborted?.some((e) => e.event === 'onResponse' && e.aborted === true),
      'onResponse saw the abort',
    );
  });

  await t.test('start-up and shutdown ran in every process and worker', async (t) => {
    const expected = (target.topology?.processes ?? 1) * (target.topology?.workers ?? 1);
    const startups = await until(() => {
      const seen = readTrace(file).filter((e) => e.event === 'startup');
      return seen.length >= expected ? seen : undefined;
    }, 10_000);
    t.equal(new Set(startups?.map((e) => `${e.pid}:${e.thread}`)).size, expected, `${expected} start-ups`);
    closed = true;
    await server.close({ graceMs: 2000 });
    const shutdowns = await until(() => {
      const seen = readTrace(file).filter((e) => e.event === 'shutdown');
      return seen.length >= expected ? seen : undefined;
    }, 15_000);
    t.equal(shutdowns?.length, expected, `${expected} shutdowns`);
  });
}
