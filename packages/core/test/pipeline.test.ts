/** The request pipeline through inject(): phases, order, early answers, encapsulation, errors. */
import t from 'tap';
import { BoltAPI, HTTPError, json, t as s, text } from '../src/index.js';

t.test('phases run in order, app-wide then sub-app then route', async (t) => {
  const calls: string[] = [];
  const api = new BoltAPI();
  const child = new BoltAPI({ prefix: '/child' });
  api.addHook('onRequest', () => void calls.push('app:onRequest'));
  api.addHook('preHandler', () => void calls.push('app:preHandler'));
  api.addHook('onSend', () => void calls.push('app:onSend'));
  api.addHook('onResponse', () => void calls.push('app:onResponse'));
  child.addHook('onRequest', () => void calls.push('child:onRequest'));
  child.addHook('preHandler', () => void calls.push('child:preHandler'));
  child.addHook('onSend', () => void calls.push('child:onSend'));
  child.get(
    '/x',
    {
      onRequest: () => void calls.push('route:onRequest'),
      preHandler: [() => void calls.push('route:preHandler')],
      onSend: () => void calls.push('route:onSend'),
    },
    () => {
      calls.push('handler');
      return { ok: true };
    },
  );
  api.include(child);
  const res = await api.inject({ url: '/child/x' });
  t.equal(res.status, 200);
  t.same(calls, [
    'app:onRequest',
    'child:onRequest',
    'route:onRequest',
    'app:preHandler',
    'child:preHandler',
    'route:preHandler',
    'handler',
    'app:onSend',
    'child:onSend',
    'route:onSend',
    'app:onResponse',
  ]);
});

t.test('app-wide onRequest and onSend see 404, 405 and OPTIONS; sub-app hooks do not', async (t) => {
  const seen: string[] = [];
  const api = new BoltAPI();
  const child = new BoltAPI({ prefix: '/child' });
  child.addHook('onRequest', () => void seen.push('child'));
  child.get('/x', () => 'x');
  api.include(child);
  api.get('/', () => 'root');
  api.addHook('onRequest', (req) => void seen.push(`app ${req.method} ${req.path}`));
  api.addHook('onSend', (_req, res) => ({ ...res, headers: [...res.headers, 'x-seen', String(res.status)] }));
  const notFound = await api.inject({ url: '/child/missing' });
  t.equal(notFound.status, 404);
  t.equal(notFound.headers['x-seen'], '404');
  const notAllowed = await api.inject({ method: 'DELETE', url: '/' });
  t.equal(notAllowed.status, 405);
  t.equal(notAllowed.headers['x-seen'], '405');
  const options = await api.inject({ method: 'OPTIONS', url: '/' });
  t.equal(options.status, 204);
  t.equal(options.headers['x-seen'], '204');
  t.same(seen, ['app GET /child/missing', 'app DELETE /', 'app OPTIONS /']);
  t.ok(api.compile().hooksOnEveryRequest, 'engines are told to hand unmatched requests to handle');
  await api.inject({ url: '/' });
  t.same(seen.at(-1), 'app GET /', 'root routes do not run the sub-app hook');
});

t.test('early answers from onRequest and preHandler skip the handler and still pass onSend', async (t) => {
  let handled = 0;
  const api = new BoltAPI();
  api.addHook('onSend', (_req, res) => ({ ...res, headers: [...res.headers, 'x-sent', 'yes'] }));
  api.get(
    '/a',
    { onRequest: (req) => (req.header('x-block') ? json({ blocked: true }, { status: 429 }) : undefined) },
    () => {
      handled++;
      return { ok: true };
    },
  );
  api.get(
    '/b',
    {
      query: s.Object({ token: s.Optional(s.String()) }),
      preHandler: async (ctx) => (ctx.query.token === 'ok' ? undefined : text('no', { status: 403 })),
    },
    () => {
      handled++;
      return 'yes';
    },
  );
  const blocked = await api.inject({ url: '/a', headers: { 'x-block': '1' } });
  t.equal(blocked.status, 429);
  t.same(blocked.json(), { blocked: true });
  t.equal(blocked.headers['x-sent'], 'yes');
  const denied = await api.inject({ url: '/b' });
  t.equal(denied.status, 403);
  t.equal(denied.body, 'no');
  t.equal(denied.headers['x-sent'], 'yes');
  t.equal(handled, 0);
  t.equal((await api.inject({ url: '/b?token=ok' })).body, 'yes');
  t.equal(handled, 1);
});

t.test('onSend changes error answers: 422 and 500 pass through it', async (t) => {
  const api = new BoltAPI();
  api.addHook('onSend', (_req, res) =>
    res.status >= 400
      ? { ...res, status: res.status, headers: [...res.headers, 'x-error', 'true'] }
      : undefined,
  );
  api.get('/n/{n}', { params: s.Object({ n: s.Integer() }) }, ({ params }) => params);
  api.get('/boom', () => {
    throw new Error('secret');
  });
  const invalid = await api.inject({ url: '/n/x' });
  t.equal(invalid.status, 422);
  t.equal(invalid.headers['x-error'], 'true');
  const boom = await api.inject({ url: '/boom' });
  t.equal(boom.status, 500);
  t.equal(boom.headers['x-error'], 'true');
  t.notMatch(boom.body, /secret/);
});

t.test('a throwing onSend hook answers 500 and is logged', async (t) => {
  const logged: unknown[] = [];
  const logger = { error: (o: object) => void logged.push(o), warn() {}, info() {} };
  const api = new BoltAPI({ logger });
  api.addHook('onSend', () => {
    throw new Error('bad hook');
  });
  api.get('/', () => 'ok');
  const res = await api.inject({ url: '/' });
  t.equal(res.status, 500);
  t.equal(logged.length, 1);
});

t.test('errors in hooks and handlers: HTTPError keeps its status, onError maps user classes', async (t) => {
  class Conflict extends Error {}
  class Teapot extends Error {}
  const api = new BoltAPI();
  const child = new BoltAPI({ prefix: '/c' });
  api.onError(Conflict, (error) => json({ detail: error.message }, { status: 409 }));
  child.onError(Conflict, () => json({ detail: 'child wins' }, { status: 409 }));
  api.addHook('onError', (error) =>
    error instanceof Teapot ? text('short and stout', { status: 418 }) : undefined,
  );
  api.get('/conflict', () => {
    throw new Conflict('already exists');
  });
  api.get('/teapot', async () => {
    throw new Teapot();
  });
  api.get(
    '/hook',
    {
      onRequest: () => {
        throw new HTTPError(401, 'log in', { 'www-authenticate': 'Bearer' });
      },
    },
    () => 'never',
  );
  child.get('/conflict', () => {
    throw new Conflict('x');
  });
  api.include(child);
  const conflict = await api.inject({ url: '/conflict' });
  t.equal(conflict.status, 409);
  t.same(conflict.json(), { detail: 'already exists' });
  t.same(
    (await api.inject({ url: '/c/conflict' })).json(),
    { detail: 'child wins' },
    'the nearest handler wins',
  );
  const teapot = await api.inject({ url: '/teapot' });
  t.equal(teapot.status, 418);
  const hook = await api.inject({ url: '/hook' });
  t.equal(hook.status, 401);
  t.equal(hook.headers['www-authenticate'], 'Bearer');
});

t.test('sync handlers stay sync through sync hooks', async (t) => {
  const api = new BoltAPI();
  api.addHook('onRequest', () => undefined);
  api.addHook('onSend', () => undefined);
  api.get('/', () => 'ok');
  const app = api.compile();
  const out = app.handle({ method: 'GET', path: '/', query: '', headers: {}, body: undefined });
  t.notOk(out instanceof Promise, 'handle answered synchronously');
  const routed = app.routes[0]?.run([], {
    method: 'GET',
    path: '/',
    query: '',
    headers: {},
    body: undefined,
  });
  t.notOk(routed instanceof Promise, 'run answered synchronously');
});

t.test('a route with no hooks keeps the direct path', async (t) => {
  const api = new BoltAPI();
  api.get('/', () => 'ok');
  const app = api.compile();
  t.notOk(app.hooksOnEveryRequest);
  const res = app.routes[0]?.run([], { method: 'GET', path: '/', query: '', headers: {}, body: undefined });
  t.notOk(res && 'finished' in res, 'no finished callback without onResponse hooks or cleanups');
});
