/** BoltAPI through the in-memory client: binding, responses, plugins, prefixes and startup errors. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchemaErrorCode } from '@bolt/schema';
import t from 'tap';
import {
  AppErrorCode,
  BoltAPI,
  type BoltPlugin,
  file,
  HTTPError,
  html,
  json,
  redirect,
  t as s,
  sse,
} from '../src/index.js';

t.test('prefixes and include', async (t) => {
  const users = new BoltAPI({ prefix: '/users' });
  users.get('/', () => ({ ok: true }));
  users.get('/{id}', { params: s.Object({ id: s.Integer() }) }, ({ params }) => ({ id: params.id }));
  const v1 = new BoltAPI({ prefix: '/v1' });
  v1.include(users);
  const api = new BoltAPI();
  api.include(v1);
  t.same((await api.inject({ url: '/v1/users/' })).json(), { ok: true });
  t.same((await api.inject({ url: '/v1/users/9' })).json(), { id: 9 });
  t.equal((await api.inject({ url: '/users/' })).status, 404);
});

t.test('route() registers several methods; explicit HEAD wins over automatic HEAD', async (t) => {
  const api = new BoltAPI();
  api.route(['GET', 'POST'], '/both', {}, ({ request }) => ({ method: request.method }));
  api.get('/h', () => 'get body');
  api.head('/h', () => json(null, { headers: { 'x-explicit': '1' } }));
  t.same((await api.inject({ method: 'POST', url: '/both' })).json(), { method: 'POST' });
  const head = await api.inject({ method: 'HEAD', url: '/h' });
  t.equal(head.headers['x-explicit'], '1');
  t.equal(head.body, '');
  t.equal(
    api.compile().routes.find((r) => r.pattern === '/h' && r.methods.includes('GET'))?.methods.length,
    1,
  );
});

t.test('response map by status and the status option', async (t) => {
  const api = new BoltAPI();
  const Found = s.Object({ id: s.Integer() });
  const Missing = s.Object({ detail: s.String() });
  api.get(
    '/things/{id}',
    { params: s.Object({ id: s.Integer() }), response: { 200: Found, 404: Missing } },
    ({ params }) => (params.id === 1 ? { id: 1 } : json({ detail: 'no such thing' }, { status: 404 })),
  );
  api.post('/things', { status: 201, response: Found }, () => ({ id: 2 }));
  t.same((await api.inject({ url: '/things/1' })).json(), { id: 1 });
  const missing = await api.inject({ url: '/things/2' });
  t.equal(missing.status, 404);
  t.same(missing.json(), { detail: 'no such thing' });
  const created = await api.inject({ method: 'POST', url: '/things' });
  t.equal(created.status, 201);
});

t.test('validateResponse turns a wrong response into a 500', async (t) => {
  const api = new BoltAPI({ validateResponse: true, logger: { error() {}, warn() {}, info() {} } });
  api.get('/bad', { response: s.Object({ n: s.Integer() }) }, () => ({ n: 1.5 }));
  const res = await api.inject({ url: '/bad' });
  t.equal(res.status, 500);
  t.same(res.json(), { detail: 'Internal Server Error' });
});

t.test('a response that does not fit the model is a logged 500, never a wrong body', async (t) => {
  const logged: unknown[] = [];
  const api = new BoltAPI({ logger: { error: (o) => logged.push(o), warn() {}, info() {} } });
  // @ts-expect-error: deliberately missing the required field, as untyped JS code might
  api.get('/missing', { response: s.Object({ name: s.String() }) }, () => ({}));
  const res = await api.inject({ url: '/missing' });
  t.equal(res.status, 500);
  t.equal(logged.length, 1, 'the failure is logged');
});

t.test('plugins resolve results before serialization', async (t) => {
  const seen: string[] = [];
  const doubler: BoltPlugin = {
    name: 'doubler',
    resultResolver(route) {
      seen.push(`${route.method} ${route.pattern}`);
      return async (value) => ({ n: (value as { n: number }).n * 2 });
    },
  };
  const failing: BoltPlugin = {
    name: 'unavailable',
    resultResolver: () => () => {
      throw new HTTPError(503, 'Database unavailable, retry later');
    },
  };
  const api = new BoltAPI({ plugins: [doubler] });
  api.get('/n', { response: s.Object({ n: s.Integer() }) }, () => ({ n: 21 }));
  api.get('/plain', () => ({ n: 1 }));
  const down = new BoltAPI({ prefix: '/down', plugins: [failing] });
  down.get('/', { response: s.Object({ n: s.Integer() }) }, () => ({ n: 1 }));
  api.include(down);
  t.same((await api.inject({ url: '/n' })).json(), { n: 42 });
  t.same((await api.inject({ url: '/plain' })).json(), { n: 1 }, 'routes without a model are left alone');
  const res = await api.inject({ url: '/down/' });
  t.equal(res.status, 503);
  t.same(res.json(), { detail: 'Database unavailable, retry later' });
  t.same(seen, ['GET /n', 'GET /down/'], 'resolver compiled once per route with a model, parents inherited');
});

t.test('returned executables are run (a query builder, say)', async (t) => {
  const api = new BoltAPI();
  api.get('/rows', { response: s.Array(s.Object({ id: s.Integer() })) }, () => ({
    execute: async () => [{ id: 1, extra: 'dropped' }],
  }));
  t.same((await api.inject({ url: '/rows' })).json(), [{ id: 1 }]);
});

t.test('response helpers: html, redirect, file, sse', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bolt-file-'));
  writeFileSync(join(dir, 'hello.txt'), 'hello file');
  const api = new BoltAPI();
  api.get('/html', () => html('<h1>x</h1>'));
  api.get('/go', () => redirect('/there', 303));
  api.get('/file', () => file(join(dir, 'hello.txt'), { filename: 'h.txt' }));
  api.get('/nofile', () => file(join(dir, 'absent.txt')));
  api.get('/events', () =>
    sse(
      (async function* () {
        yield { data: { n: 1 }, event: 'tick', id: '1' };
        yield 'two\nlines';
      })(),
    ),
  );
  t.equal((await api.inject({ url: '/html' })).headers['content-type'], 'text/html; charset=utf-8');
  const go = await api.inject({ url: '/go' });
  t.equal(go.status, 303);
  t.equal(go.headers.location, '/there');
  const f = await api.inject({ url: '/file' });
  t.equal(f.body, 'hello file');
  t.equal(f.headers['content-type'], 'text/plain; charset=utf-8');
  t.equal(f.headers['content-length'], '10');
  t.equal(f.headers['content-disposition'], 'attachment; filename="h.txt"');
  t.equal((await api.inject({ url: '/nofile' })).status, 404);
  const ev = await api.inject({ url: '/events' });
  t.equal(ev.headers['content-type'], 'text/event-stream');
  t.equal(ev.body, 'event: tick\nid: 1\ndata: {"n":1}\n\ndata: two\ndata: lines\n\n');
});

t.test('bad input in memory matches the error table', async (t) => {
  const api = new BoltAPI({ bodyLimit: 100 });
  api.post(
    '/j',
    { body: s.Object({ a: s.Integer({ minimum: 1 }), email: s.Optional(s.String({ format: 'email' })) }) },
    ({ body }) => body,
  );
  api.get(
    '/q',
    { query: s.Object({ flag: s.Boolean(), kind: s.Union([s.Literal('a'), s.Literal('b')]) }) },
    ({ query }) => query,
  );
  t.equal(
    (
      await api.inject({
        method: 'POST',
        url: '/j',
        body: 'x'.repeat(101),
        headers: { 'content-type': 'application/json' },
      })
    ).status,
    413,
  );
  t.equal(
    (
      await api.inject({
        method: 'POST',
        url: '/j',
        body: '{"a":',
        headers: { 'content-type': 'application/json' },
      })
    ).status,
    400,
  );
  t.equal(
    (
      await api.inject({
        method: 'POST',
        url: '/j',
        body: '{"a":1}',
        headers: { 'content-type': 'text/plain' },
      })
    ).status,
    415,
  );
  t.equal((await api.inject({ method: 'POST', url: '/j' })).status, 422, 'missing body');
  const low = await api.inject({ method: 'POST', url: '/j', body: { a: 0 } });
  t.same(low.json(), {
    detail: [
      { loc: ['body', 'a'], msg: 'Expected integer to be greater or equal to 1', type: 'greater_than_equal' },
    ],
  });
  const email = await api.inject({ method: 'POST', url: '/j', body: { a: 1, email: 'not-an-email' } });
  t.equal(email.status, 422, 'formats are checked');
  t.same((await api.inject({ url: '/q?flag=true&kind=b' })).json(), { flag: true, kind: 'b' });
  const bad = await api.inject({ url: '/q?flag=maybe&kind=c' });
  t.same(
    (bad.json() as { detail: { loc: unknown[]; type: string }[] }).detail.map((d) => [d.loc, d.type]),
    [
      [['query', 'flag'], 'bool_parsing'],
      [['query', 'kind'], 'literal_error'],
    ],
  );
});

t.test('declaration mistakes fail at startup with the route named', async (t) => {
  const api = new BoltAPI();
  t.throws(() => api.get('items', () => 1), { code: AppErrorCode.ROUTE_PATH_INVALID });
  t.throws(() => api.get('/a/{b...}/c', () => 1), { code: AppErrorCode.ROUTE_PATH_INVALID });
  t.throws(
    () =>
      api.get(
        '/a/{id}',
        { params: s.Object({ id: s.Integer(), other: s.Integer() }) } as never,
        (() => 1) as never,
      ),
    {
      code: AppErrorCode.ROUTE_PARAMS_MISMATCH,
    },
  );
  const dup = new BoltAPI();
  dup.get('/x', () => 1);
  dup.get('/x', () => 2);
  t.throws(() => dup.compile(), { code: AppErrorCode.ROUTE_DUPLICATE, message: /GET \/x/ });
  const unsupported = new BoltAPI();
  unsupported.get('/d', { query: s.Object({ when: s.Date() }) } as never, (() => 1) as never);
  t.throws(() => unsupported.compile(), {
    code: SchemaErrorCode.UNSUPPORTED,
    message: /GET \/d query "when"/,
  });
  const badResponse = new BoltAPI();
  badResponse.get('/r', { response: s.Object({ at: s.Date() }) }, () => ({ at: new Date() }));
  t.throws(() => badResponse.compile(), {
    code: SchemaErrorCode.UNSUPPORTED,
    message: /GET \/r response 200/,
  });
});

t.test('a header given to a response helper replaces the default, never duplicates it', async (t) => {
  const api = new BoltAPI();
  api.get('/problem', () =>
    json({ title: 'x' }, { status: 400, headers: { 'Content-Type': 'application/problem+json' } }),
  );
  const res = await api.inject({ url: '/problem' });
  t.equal(res.headers['content-type'], 'application/problem+json');
});
