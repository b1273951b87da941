/**
 * The app every transport serves in the conformance suite. It is a module of its own so that
 * multi-worker transports can import it in each worker (`{ module, export: 'api' }`).
 */
import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';
import { BoltAPI, file, HTTPError, json, redirect, stream, text } from '@bolt/core';
import { t } from '@bolt/schema';

/** Bytes of the large response (5 MiB), so tests can check what arrived. */
export const LARGE_SIZE = 5 * 1024 * 1024;
const large = Buffer.alloc(LARGE_SIZE, 'x');

const Item = t.Object({
  name: t.String(),
  price: t.Number(),
  is_offer: t.Optional(t.Union([t.Boolean(), t.Null()])),
});

export const api = new BoltAPI({ bodyLimit: 64 * 1024 });

api.get('/', () => ({ Hello: 'World' }));

api.get(
  '/items/{item_id}',
  { params: t.Object({ item_id: t.Integer() }), query: t.Object({ q: t.Optional(t.String()) }) },
  ({ params, query }) => ({ item_id: params.item_id, q: query.q ?? null }),
);

api.put(
  '/items/{item_id}',
  { params: t.Object({ item_id: t.Integer() }), body: Item },
  ({ params, body }) => ({
    item_name: body.name,
    item_id: params.item_id,
  }),
);

api.post('/echo', { body: t.Any(), bodyLimit: 1024 }, ({ body }) => body as object);

api.get('/params/{value}', ({ params }) => ({ value: params.value }));

api.get('/files/{path...}', ({ params }) => ({ path: params.path }));

api.get(
  '/query',
  { query: t.Object({ tag: t.Array(t.String(), { default: [] }), n: t.Optional(t.Integer()) }) },
  ({ query }) => query,
);

api.get(
  '/headers',
  { headers: t.Object({ x_token: t.String() }), cookies: t.Object({ session: t.Optional(t.String()) }) },
  ({ headers, cookies }) => ({
    token: headers.x_token,
    session: cookies.session ?? null,
  }),
);

api.get(
  '/model',
  { response: t.Object({ id: t.Integer(), name: t.String() }) },
  () => ({ id: 1, name: 'a', secret: 'hidden' }) as { id: number; name: string },
);

api.get('/text', () => 'plain text');

api.get('/bytes', () => new Uint8Array([0, 1, 2, 255]));

api.get('/boom', () => {
  throw new Error('internal detail that must not leak');
});

api.get('/reject', async () => {
  await sleep(1);
  throw new Error('async internal detail');
});

api.get('/teapot', () => {
  throw new HTTPError(418, 'I am a teapot', { 'x-teapot': 'yes' });
});

api.post('/created', () => json({ ok: true }, { status: 201, headers: { location: '/created/1' } }));

/**
 * The file `/slow?arrivals=<tag>` appends one byte to as each handler starts. Whichever process or
 * thread serves the request, the test sees it there: a case that must act while requests are in
 * flight waits for their arrivals instead of sleeping and hoping they got that far.
 */
export function arrivalsPath(tag: string): string {
  return join(tmpdir(), `bolt-conformance-arrivals-${tag}`);
}

api.get(
  '/slow',
  {
    query: t.Object({
      ms: t.Integer({ default: 100, maximum: 10_000 }),
      arrivals: t.Optional(t.String({ pattern: '^[A-Za-z0-9-]{1,64}$' })),
    }),
  },
  async ({ query }) => {
    if (query.arrivals) appendFileSync(arrivalsPath(query.arrivals), '.');
    await sleep(query.ms);
    return { ok: true, ms: query.ms };
  },
);

api.get('/large', () => large);

api.get(
  '/stream',
  { query: t.Object({ chunks: t.Integer({ default: 5 }), ms: t.Integer({ default: 0 }) }) },
  ({ query }) =>
    stream(
      (async function* () {
        for (let i = 0; i < query.chunks; i++) {
          if (query.ms) await sleep(query.ms);
          yield `chunk-${i};`;
        }
      })(),
      { contentType: 'text/plain' },
    ),
);

api.get('/hello', () => text('hi'));

/** The file `/download` sends: this module itself, at a path every worker and process shares. */
export const SERVED_FILE = fileURLToPath(import.meta.url);

api.get('/download', () => file(SERVED_FILE));

api.get('/download-as', () => file(SERVED_FILE, { filename: 'app "copy".js', contentType: 'text/plain' }));

api.get('/download-missing', () => file(`${SERVED_FILE}.missing`));

// Response framing: what every engine must write the same way, whatever the handler gave.

api.get('/header-number', () => json({ ok: true }, { headers: { 'x-n': 1 } }));

api.get('/bad-status', () => json({ ok: false }, { status: 99 }));

api.get('/two-cookies', () =>
  json({ ok: true }, { headers: { 'set-cookie': ['a=1; Path=/', 'b=2; Path=/'] } }),
);

api.get('/no-content', () => json(null, { status: 204 }));

api.get('/not-modified', () => json(null, { status: 304, headers: { etag: '"v1"' } }));

api.get('/redirect', () => redirect('/'));

/**
 * Which process and worker thread answered: the reliability cases see a crashed one come back under
 * a new id, and kill one child of a multi-process server by its pid.
 */
api.get('/pid', () => ({ pid: process.pid, thread: threadId }));

// Shadowing, for the router-differential cases: a static path and a dynamic sibling with other methods.
api.get('/shadow/static', () => ({ route: 'static' }));
api.post('/shadow/{name}', ({ params }) => ({ route: 'dynamic', name: params.name }));
api.get('/unicode/{word}', ({ params }) => ({ word: params.word }));
