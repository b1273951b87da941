/** Dependencies, resources and lifecycle handlers through inject(). */
import t from 'tap';
import { AppErrorCode, BoltAPI, dependency, HTTPError, resource } from '../src/index.js';

t.test('a dependency named twice resolves once per request, and may depend on others', async (t) => {
  let calls = 0;
  const base = dependency(() => {
    calls++;
    return 20;
  });
  const doubled = dependency({ deps: { base } }, async ({ deps }) => deps.base * 2);
  const plusOne = dependency({ deps: { base } }, ({ deps }) => deps.base + 1);
  const api = new BoltAPI();
  api.get('/', { deps: { doubled, plusOne, base } }, ({ deps }) => ({
    doubled: deps.doubled,
    plusOne: deps.plusOne,
    base: deps.base,
  }));
  t.same((await api.inject({ url: '/' })).json(), { doubled: 40, plusOne: 21, base: 20 });
  t.equal(calls, 1);
  await api.inject({ url: '/' });
  t.equal(calls, 2, 'once per request, not once per app');
});

t.test('a dependency may throw HTTPError and sees the request', async (t) => {
  const user = dependency(({ request }) => {
    const auth = request.header('authorization');
    if (!auth) throw new HTTPError(401, 'Not authenticated', { 'www-authenticate': 'Bearer' });
    return { name: auth.slice(7) };
  });
  let ran = 0;
  const api = new BoltAPI();
  api.get('/me', { deps: { user } }, ({ deps }) => {
    ran++;
    return deps.user;
  });
  const denied = await api.inject({ url: '/me' });
  t.equal(denied.status, 401);
  t.equal(denied.headers['www-authenticate'], 'Bearer');
  t.equal(ran, 0);
  t.same((await api.inject({ url: '/me', headers: { authorization: 'Bearer ann' } })).json(), {
    name: 'ann',
  });
});

t.test('cleanups run after the response, also when the handler threw', async (t) => {
  const events: string[] = [];
  const session = dependency(({ onCleanup }) => {
    events.push('open');
    onCleanup(() => events.push('release'));
    return { id: 1 };
  });
  const api = new BoltAPI();
  api.get('/ok', { deps: { session } }, () => {
    events.push('handler');
    return 'ok';
  });
  api.get('/throws', { deps: { session } }, () => {
    throw new Error('handler failed');
  });
  api.addHook('onResponse', (_req, outcome) => void events.push(`done ${outcome.status}`));
  await api.inject({ url: '/ok' });
  t.same(events, ['open', 'handler', 'release', 'done 200']);
  events.length = 0;
  const failed = await api.inject({ url: '/throws' });
  t.equal(failed.status, 500);
  t.same(events, ['open', 'release', 'done 500']);
});

t.test('an aborted exchange runs cleanups and onResponse with aborted: true', async (t) => {
  const events: string[] = [];
  const session = dependency(({ onCleanup }) => {
    onCleanup(() => events.push('release'));
    return 1;
  });
  const api = new BoltAPI();
  api.addHook('onResponse', (_req, outcome) => void events.push(`aborted=${outcome.aborted}`));
  api.get('/', { deps: { session } }, () => 'x');
  const response = await api
    .compile()
    .handle({ method: 'GET', path: '/', query: '', headers: {}, body: undefined });
  t.type(response.finished, 'function');
  response.finished?.(true);
  response.finished?.(false);
  t.same(events, ['release', 'aborted=true'], 'finished runs once');
});

t.test('resources start once per app before the first request and stop at shutdown', async (t) => {
  const events: string[] = [];
  const db = resource('db', {
    start: async () => {
      events.push('start');
      return { query: () => 42 };
    },
    stop: () => void events.push('stop'),
  });
  const api = new BoltAPI();
  api.onStartup(() => void events.push('startup handler'));
  api.onShutdown(() => void events.push('shutdown handler'));
  api.get('/', { deps: { db } }, ({ deps }) => ({ n: deps.db.query() }));
  t.same((await api.inject({ url: '/' })).json(), { n: 42 });
  await api.inject({ url: '/' });
  t.same(events, ['start', 'startup handler']);
  await api.close();
  t.same(events, ['start', 'startup handler', 'shutdown handler', 'stop']);
});

t.test('a failing start-up stops the app with a clear error', async (t) => {
  const api = new BoltAPI();
  api.onStartup(function openPool() {
    throw new Error('ECONNREFUSED 127.0.0.1:5432');
  });
  api.get('/', () => 'x');
  await t.rejects(api.inject({ url: '/' }), {
    code: AppErrorCode.STARTUP_FAILED,
    message: /"openPool" failed: ECONNREFUSED/,
  });
});

t.test('sub-app lifecycle handlers run too', async (t) => {
  const events: string[] = [];
  const api = new BoltAPI();
  const child = new BoltAPI({ prefix: '/c' });
  child.onStartup(() => void events.push('child'));
  api.onStartup(() => void events.push('root'));
  api.include(child);
  await api.compile().startup();
  t.same(events, ['root', 'child']);
});

t.test('an app starts again after a shutdown; optional values keep undefined in their type', async (t) => {
  let starts = 0;
  const db = resource('db', { start: () => ++starts });
  const maybe = dependency((): string | undefined => undefined);
  const api = new BoltAPI();
  api.get('/', { deps: { db, maybe } }, ({ deps }) => {
    const value: string | undefined = deps.maybe;
    return { starts: deps.db, missing: value === undefined };
  });
  t.same((await api.inject({ url: '/' })).json(), { starts: 1, missing: true });
  await api.close();
  t.same((await api.inject({ url: '/' })).json(), { starts: 2, missing: true }, 'started again');
  await api.close();
});

t.test('routes list the native forms that cover them; engines pass what they found', async (t) => {
  const form = { kind: 'jwt', config: {} };
  const api = new BoltAPI();
  const secured = new BoltAPI({ prefix: '/s' });
  secured.use({ name: 'jwt', native: form, register: (a) => a.addHook('onRequest', () => undefined) });
  secured.get('/me', ({ request }) => ({ claims: request.native.jwt ?? null }));
  api.get('/open', () => 'x');
  api.include(secured);
  const app = api.compile();
  t.same(
    app.routes.map((r) => [r.pattern, r.nativeForms.map((f) => f.kind)]),
    [
      ['/open', []],
      ['/s/me', ['jwt']],
    ],
  );
  const native = app.withNative(['jwt']);
  const res = await native.handle({
    method: 'GET',
    path: '/s/me',
    query: '',
    headers: {},
    body: undefined,
    native: { jwt: { sub: 'ann' } },
  });
  t.equal(res.body, JSON.stringify({ claims: { sub: 'ann' } }));
});

t.test('drain handlers run once when an engine starts draining, before shutdown', async (t) => {
  const { serve } = await import('../src/node/index.js');
  const events: string[] = [];
  const api = new BoltAPI();
  api.onDrain(() => void events.push('drain'));
  api.onShutdown(() => void events.push('shutdown'));
  api.get('/', () => 'x');
  const server = await serve(api, { host: '127.0.0.1', port: 0, handleSignals: false });
  t.equal(await (await fetch(server.url)).text(), 'x');
  await Promise.all([server.close({ graceMs: 500 }), server.close({ graceMs: 500 })]);
  t.same(events, ['drain', 'shutdown']);
});
