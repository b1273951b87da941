/** CORS over real sockets on every engine: preflights for every path, actual answers, refusals. */
import { BoltAPI, HTTPError } from '@bolt/core';
import t from 'tap';
import { cors } from '../src/index.js';
import { onEveryEngine, request } from './engines.js';

const ORIGIN = 'https://app.example';

function app(calls: { handler: number; hooks: number }) {
  const api = new BoltAPI({
    plugins: [
      cors({
        origins: [ORIGIN, 'http://localhost:3000'],
        credentials: true,
        maxAge: 600,
        exposedHeaders: ['x-total'],
      }),
    ],
  });
  api.addHook('onRequest', () => void calls.hooks++);
  api.get('/items', () => {
    calls.handler++;
    return { ok: true };
  });
  api.put('/items/{id}', () => ({ ok: true }));
  api.get('/fail', () => {
    throw new HTTPError(409, 'conflict');
  });
  return api;
}

const calls = { handler: 0, hooks: 0 };
onEveryEngine(
  t,
  'preflight of a routed path',
  () => app(calls),
  async (t, server) => {
    const res = await request(server, '/items/7', {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'content-type, x-token',
      },
    });
    t.equal(res.status, 204);
    t.equal(res.headers['access-control-allow-origin'], ORIGIN);
    t.equal(res.headers['access-control-allow-credentials'], 'true');
    t.equal(res.headers['access-control-allow-methods'], 'GET, HEAD, PUT, PATCH, POST, DELETE');
    t.equal(res.headers['access-control-allow-headers'], 'content-type, x-token', 'requested headers echoed');
    t.equal(res.headers['access-control-max-age'], '600');
    t.match(res.headers.vary, /Origin/);
    t.equal(res.body.length, 0);
  },
);

onEveryEngine(
  t,
  'preflight of a path no route has',
  () => app(calls),
  async (t, server) => {
    const res = await request(server, '/nowhere/at/all', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'DELETE' },
    });
    t.equal(res.status, 204);
    t.equal(res.headers['access-control-allow-origin'], 'http://localhost:3000');
  },
);

onEveryEngine(
  t,
  'actual answers carry the headers; 404 and errors too',
  () => app(calls),
  async (t, server) => {
    const ok = await request(server, '/items', { headers: { origin: ORIGIN } });
    t.equal(ok.status, 200);
    t.equal(ok.headers['access-control-allow-origin'], ORIGIN);
    t.equal(ok.headers['access-control-allow-credentials'], 'true');
    t.equal(ok.headers['access-control-expose-headers'], 'x-total');
    t.equal(ok.headers.vary, 'Origin');
    const missing = await request(server, '/missing', { headers: { origin: ORIGIN } });
    t.equal(missing.status, 404);
    t.equal(missing.headers['access-control-allow-origin'], ORIGIN, '404 answers carry CORS');
    const failed = await request(server, '/fail', { headers: { origin: ORIGIN } });
    t.equal(failed.status, 409);
    t.equal(failed.headers['access-control-allow-origin'], ORIGIN, 'error answers carry CORS');
  },
);

onEveryEngine(
  t,
  'a disallowed origin gets no CORS headers',
  () => app(calls),
  async (t, server) => {
    const actual = await request(server, '/items', { headers: { origin: 'https://evil.example' } });
    t.equal(actual.status, 200);
    t.notOk(
      Object.keys(actual.headers).some((h) => h.startsWith('access-control-')),
      'no access-control-* header',
    );
    t.equal(actual.headers.vary, 'Origin', 'still varies by origin, for caches');
    const preflight = await request(server, '/items', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    t.equal(preflight.status, 204);
    t.notOk(Object.keys(preflight.headers).some((h) => h.startsWith('access-control-')));
    const none = await request(server, '/items');
    t.notOk(none.headers['access-control-allow-origin'], 'no origin: no CORS headers');
  },
);

t.test('origins as a pattern, a function, and any', async (t) => {
  const pattern = new BoltAPI({ plugins: [cors({ origins: /^https:\/\/[a-z]+\.example$/ })] }).get(
    '/',
    () => 'x',
  );
  const res = await pattern.inject({ url: '/', headers: { origin: 'https://shop.example' } });
  t.equal(res.headers['access-control-allow-origin'], 'https://shop.example');
  const no = await pattern.inject({ url: '/', headers: { origin: 'https://shop.example.evil' } });
  t.equal(no.headers['access-control-allow-origin'], undefined);
  const fn = new BoltAPI({ plugins: [cors({ origins: (o) => o.endsWith('.test') })] }).get('/', () => 'x');
  t.equal(
    (await fn.inject({ url: '/', headers: { origin: 'http://a.test' } })).headers[
      'access-control-allow-origin'
    ],
    'http://a.test',
  );
  t.equal(fn.compile().nativeForms.length, 0, 'a function cannot be handed to an engine');
  const any = new BoltAPI({ plugins: [cors()] }).get('/', () => 'x');
  const star = await any.inject({ url: '/', headers: { origin: 'http://x.y' } });
  t.equal(star.headers['access-control-allow-origin'], '*');
  t.equal(star.headers.vary, undefined, '* does not vary');
});

t.test('the native form carries the policy as data', async (t) => {
  const api = new BoltAPI({ plugins: [cors({ origins: [ORIGIN], credentials: true, maxAge: 60 })] });
  api.get('/', () => 'x');
  const forms = api.compile().nativeForms;
  t.same(forms, [
    {
      kind: 'cors',
      config: {
        credentials: true,
        allowMethods: 'GET, HEAD, PUT, PATCH, POST, DELETE',
        allowHeaders: null,
        exposeHeaders: null,
        maxAge: '60',
        origins: [ORIGIN],
        originPattern: null,
      },
    },
  ]);
  const without = api.compile().withNative(['cors']);
  const res = await without.handle({
    method: 'GET',
    path: '/',
    query: '',
    headers: { origin: ORIGIN },
    body: undefined,
  });
  t.notOk(
    res.headers.includes('access-control-allow-origin'),
    'an engine that runs cors itself gets the app without the hooks',
  );
});
