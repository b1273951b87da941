/** What a handler returns is checked once in core, so no engine receives what it cannot send. */
import t from 'tap';
import { AppErrorCode, BoltAPI, json, redirect, t as s, setCookie, text } from '../src/index.js';

const quiet = { error() {}, warn() {}, info() {} };

t.test('header values: numbers stringified, arrays repeated, anything else a logged 500', async (t) => {
  const logged: unknown[] = [];
  const api = new BoltAPI({ logger: { ...quiet, error: (o: object) => void logged.push(o) } });
  api.get('/n', () => json({ ok: 1 }, { headers: { 'x-n': 1 } }));
  api.get('/obj', () => json({}, { headers: { 'x-o': {} as never } }));
  api.get('/crlf', () => text('x', { headers: { 'x-a': 'a\r\nset-cookie: evil=1' } }));
  api.get('/name', () => text('x', { headers: { 'bad name': 'v' } }));
  const n = await api.inject({ url: '/n' });
  t.equal(n.headers['x-n'], '1');
  for (const url of ['/obj', '/crlf', '/name']) t.equal((await api.inject({ url })).status, 500, url);
  t.equal(logged.length, 3);
});

t.test('an invalid status is a logged 500', async (t) => {
  const api = new BoltAPI({ logger: quiet });
  api.get('/99', () => json({ x: 1 }, { status: 99 }));
  api.get('/1000', () => text('x', { status: 1000 }));
  api.get('/float', () => json({}, { status: 200.5 }));
  for (const url of ['/99', '/1000', '/float']) t.equal((await api.inject({ url })).status, 500, url);
});

t.test('two set-cookie headers stay two header lines', async (t) => {
  const api = new BoltAPI();
  api.get('/', () =>
    json(
      { ok: true },
      {
        headers: {
          'set-cookie': [setCookie('a', '1', { httpOnly: true, path: '/' }), setCookie('b', 'two words')],
        },
      },
    ),
  );
  const response = await api
    .compile()
    .handle({ method: 'GET', path: '/', query: '', headers: {}, body: undefined });
  const cookies = response.headers.filter((_, i, all) => i % 2 === 1 && all[i - 1] === 'set-cookie');
  t.same(cookies, ['a=1; Path=/; HttpOnly', 'b=two%20words; Path=/']);
});

t.test('204 and 304 carry no body; redirect has an empty body', async (t) => {
  const api = new BoltAPI();
  api.get('/204', () => json(null, { status: 204 }));
  api.get('/304', () => text('ignored', { status: 304 }));
  api.get('/r', () => redirect('/there'));
  const app = api.compile();
  for (const path of ['/204', '/304']) {
    const res = await app.handle({ method: 'GET', path, query: '', headers: {}, body: undefined });
    t.equal(res.body, null, `${path} has no body`);
    t.notOk(res.headers.includes('content-type'), `${path} has no content-type`);
  }
  const r = await api.inject({ url: '/r' });
  t.equal(r.status, 307);
  t.equal(r.headers.location, '/there');
  t.equal(r.body, '');
});

t.test('a status missing from a response map is refused unless the route opts in', async (t) => {
  const Item = s.Object({ id: s.Integer() });
  const api = new BoltAPI({ logger: quiet });
  api.get('/strict', { response: { 200: Item } }, () =>
    // @ts-expect-error: 404 is not in the map (a compile error; this checks the run-time refusal too)
    json({ id: 1, secret: 'x' } as never, { status: 404 }),
  );
  api.get('/loose', { response: { 200: Item }, serializeUnlisted: true }, () =>
    json({ id: 1, extra: 'y' } as never, { status: 404 }),
  );
  api.get('/listed', { response: { 200: Item } }, () => ({ id: 2, secret: 'hidden' }) as never);
  t.equal((await api.inject({ url: '/strict' })).status, 500);
  const loose = await api.inject({ url: '/loose' });
  t.equal(loose.status, 404);
  t.same(loose.json(), { id: 1, extra: 'y' });
  t.same((await api.inject({ url: '/listed' })).json(), { id: 2 }, 'listed statuses strip undeclared fields');
});

t.test('a route declared without a handler is refused with the route named', async (t) => {
  const api = new BoltAPI();
  t.throws(() => api.get('/x', {} as never), {
    code: AppErrorCode.ROUTE_HANDLER_MISSING,
    message: /GET \/x/,
  });
  t.throws(() => (api.post as (p: string) => unknown)('/y'), { code: AppErrorCode.ROUTE_HANDLER_MISSING });
});
