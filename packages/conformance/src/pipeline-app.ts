/**
 * The app of the pipeline cases: app-wide, sub-app and route hooks, dependencies with cleanups,
 * error handlers and lifecycle handlers, each leaving a trace the cases read back. Traces go to the
 * file named by BOLT_PIPELINE_TRACE (set before the server starts, so every process and worker
 * thread writes to the same file), one JSON object per line.
 */
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { threadId } from 'node:worker_threads';
import { BoltAPI, dependency, HTTPError, json, t, text } from '@bolt/core';

function trace(event: Record<string, unknown>): void {
  const file = process.env.BOLT_PIPELINE_TRACE;
  if (file) appendFileSync(file, `${JSON.stringify({ ...event, pid: process.pid, thread: threadId })}\n`);
}

/** A user's exception class, mapped to 409 by `onError`. */
export class Conflict extends Error {}

export const api = new BoltAPI({ requestId: true });

api.onStartup(() => trace({ event: 'startup' }));
api.onShutdown(() => trace({ event: 'shutdown' }));

api.addHook('onRequest', (request) => {
  request.state.phases = ['onRequest'];
  if (request.header('x-early')) return json({ early: true }, { status: 429 });
  if (request.header('x-hook-throws')) throw new Error('onRequest failed');
  return undefined;
});
api.addHook('preHandler', (ctx) => {
  (ctx.request.state.phases as string[]).push('preHandler');
});
api.addHook('onSend', (request, response) => {
  const phases = (request.state.phases as string[] | undefined) ?? [];
  return { ...response, headers: [...response.headers, 'x-phases', [...phases, 'onSend'].join(',')] };
});
api.addHook('onResponse', (request, outcome) => {
  const id = request.header('x-trace-id');
  if (id) trace({ event: 'onResponse', id, status: outcome.status, aborted: outcome.aborted });
});
api.onError(Conflict, (error) => json({ detail: error.message }, { status: 409 }));

const session = dependency(({ request, onCleanup }) => {
  const id = request.header('x-trace-id');
  onCleanup(() => id && trace({ event: 'cleanup', id }));
  return { opened: true };
});
const user = dependency(({ request }) => {
  const token = request.header('authorization');
  if (token !== 'Bearer good')
    throw new HTTPError(401, 'Not authenticated', { 'www-authenticate': 'Bearer' });
  return { name: 'ann' };
});

api.get('/order', ({ request }) => {
  (request.state.phases as string[]).push('handler');
  return { phases: request.state.phases };
});

api.get('/me', { deps: { user, session } }, ({ deps }) => deps.user);

api.get(
  '/guarded',
  {
    query: t.Object({ key: t.Optional(t.String()) }),
    preHandler: (ctx) => (ctx.query.key === 'k' ? undefined : text('denied', { status: 403 })),
  },
  () => 'welcome',
);

api.get('/conflict', () => {
  throw new Conflict('already exists');
});

api.get('/invalid/{n}', { params: t.Object({ n: t.Integer() }) }, ({ params }) => params);

api.get(
  '/slow',
  { deps: { session }, query: t.Object({ ms: t.Integer({ default: 300 }) }) },
  async ({ query }) => {
    await sleep(query.ms);
    return { ok: true };
  },
);

const child = new BoltAPI({ prefix: '/child' });
child.addHook('onSend', (_request, response) => ({
  ...response,
  headers: [...response.headers, 'x-child', 'yes'],
}));
child.get('/x', () => ({ child: true }));
api.include(child);
