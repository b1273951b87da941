/** Request ids, request-scoped logging, the access log and the error answer formats. */
import t from 'tap';
import { BoltAPI, json, t as s } from '../src/index.js';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const log = (obj: object, msg?: string) => void lines.push({ ...obj, msg });
  return { lines, logger: { error: log, warn: log, info: log } };
}

t.test('requestId: a header on every answer, the client id kept when sane', async (t) => {
  const api = new BoltAPI({ requestId: true });
  api.get('/', ({ requestId }) => ({ requestId }));
  const ok = await api.inject({ url: '/' });
  t.match(ok.headers['x-request-id'], /^[\w-]+-[0-9a-z]+$/);
  t.equal(ok.json<{ requestId: string }>().requestId, ok.headers['x-request-id']);
  const missing = await api.inject({ url: '/missing' });
  t.equal(missing.status, 404);
  t.ok(missing.headers['x-request-id'], '404 carries the id too');
  t.not(missing.headers['x-request-id'], ok.headers['x-request-id']);
  const given = await api.inject({ url: '/', headers: { 'x-request-id': 'abc-123' } });
  t.equal(given.headers['x-request-id'], 'abc-123');
  const insane = await api.inject({ url: '/', headers: { 'x-request-id': 'a b\tc' } });
  t.not(insane.headers['x-request-id'], 'a b\tc', 'an id with spaces is replaced');
});

t.test('ctx.log stamps the request id; accessLog writes one line per request', async (t) => {
  const { lines, logger } = capture();
  const api = new BoltAPI({ logger, accessLog: true, requestId: 'x-trace' });
  api.get('/', ({ log }) => {
    log.info({ step: 'handler' }, 'hello');
    return 'ok';
  });
  const res = await api.inject({ url: '/' });
  const id = res.headers['x-trace'];
  t.ok(id);
  const hello = lines.find((l) => l.msg === 'hello');
  t.equal(hello?.reqId, id);
  const access = lines.find((l) => l.msg === 'request');
  t.match(access, { method: 'GET', path: '/', status: 200, reqId: id, aborted: false });
  t.type(access?.durationMs, 'number');
});

t.test('422 lists every failing location together', async (t) => {
  const api = new BoltAPI();
  api.put(
    '/items/{id}',
    {
      params: s.Object({ id: s.Integer() }),
      query: s.Object({ n: s.Integer() }),
      headers: s.Object({ x_token: s.String() }),
      body: s.Object({ name: s.String() }),
    },
    () => 'never',
  );
  const res = await api.inject({ method: 'PUT', url: '/items/x?n=y', body: { name: 1 } });
  t.equal(res.status, 422);
  const locs = res.json<{ detail: Array<{ loc: string[] }> }>().detail.map((d) => d.loc[0]);
  t.same([...new Set(locs)], ['path', 'query', 'header', 'body']);
});

t.test('errorFormat problem+json and a custom validation answer', async (t) => {
  const api = new BoltAPI({ errorFormat: 'problem+json' });
  api.get('/n/{n}', { params: s.Object({ n: s.Integer() }) }, ({ params }) => params);
  const missing = await api.inject({ url: '/nope' });
  t.equal(missing.headers['content-type'], 'application/problem+json');
  t.same(missing.json(), {
    type: 'about:blank',
    title: 'Not Found',
    status: 404,
    code: 'BOLT_ERR_HTTP_NOT_FOUND',
  });
  const invalid = await api.inject({ url: '/n/x' });
  t.equal(invalid.status, 422);
  t.match(invalid.json(), {
    status: 422,
    code: 'BOLT_ERR_HTTP_VALIDATION',
    errors: [{ loc: ['path', 'n'] }],
  });

  const custom = new BoltAPI({
    validationError: (issues) =>
      json({ message: 'invalid', fields: issues.map((i) => i.loc.join('.')) }, { status: 400 }),
  });
  custom.get('/n/{n}', { params: s.Object({ n: s.Integer() }) }, ({ params }) => params);
  const reshaped = await custom.inject({ url: '/n/x' });
  t.equal(reshaped.status, 400);
  t.same(reshaped.json(), { message: 'invalid', fields: ['path.n'] });
});

t.test('problem+json carries an HTTPError code of its own', async (t) => {
  const { HTTPError } = await import('../src/index.js');
  const api = new BoltAPI({ errorFormat: 'problem+json' });
  api.get('/', () => {
    throw new HTTPError(401, 'token expired', { 'www-authenticate': 'Bearer' }, 'BOLT_ERR_AUTH_EXPIRED');
  });
  const res = await api.inject({ url: '/' });
  t.match(res.json(), { status: 401, code: 'BOLT_ERR_AUTH_EXPIRED', detail: 'token expired' });
});
