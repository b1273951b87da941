// The route table Rust registers comes from `app.patterns` (no probe requests through
// `app.handle` at startup); with `hooksOnEveryRequest` unmatched requests go to `app.handle`;
// `response.finished` is called exactly once.
import { exchange } from '@bolt/conformance';
import { BoltAPI, stream } from '@bolt/core';
import type { BoltResponse, CompiledApp, RawRequest } from '@bolt/core/transport';
import t from 'tap';
import { rustTransport } from '../src/index.js';

function build(): BoltAPI {
  const api = new BoltAPI();
  api.get('/things/{id}', () => ({ got: true }));
  api.put('/things/{id}', () => ({ put: true }));
  api.post('/things/new', () => ({ made: true }));
  api.get('/stream', () =>
    stream(
      (async function* () {
        yield 'a';
        yield 'b';
      })(),
    ),
  );
  api.get('/slow', async () => {
    await new Promise((r) => setTimeout(r, 300));
    return { slow: true };
  });
  return api;
}

/** The compiled app with `handle` counted and, optionally, other members replaced. */
function counted(app: CompiledApp, extra: Partial<CompiledApp> = {}) {
  const seen: RawRequest[] = [];
  const wrapped: CompiledApp = {
    ...app,
    handle: (req) => {
      seen.push(req);
      return app.handle(req);
    },
    ...extra,
  };
  return { app: wrapped, seen };
}

const send = (port: number, line: string) =>
  exchange(port, `${line} HTTP/1.1\r\nHost: x\r\n\r\n`).then((r) => r.responses[0]);

t.test('405 and OPTIONS come from app.patterns, with no request through app.handle', async (t) => {
  const { app, seen } = counted(build().compile());
  const server = await rustTransport.listen(app, { port: 0 });
  t.teardown(() => server.close({ graceMs: 500 }));
  t.equal(seen.length, 0, 'nothing was probed at startup');
  for (const p of app.patterns) {
    const path = p.pattern.replace('{id}', '7');
    const denied = await send(server.port, `DELETE ${path}`);
    t.equal(denied?.status, 405, `${p.pattern}: 405`);
    t.equal(denied?.headers.allow, p.allow, `${p.pattern}: Allow is the pattern's own`);
    const options = await send(server.port, `OPTIONS ${path}`);
    t.equal(options?.status, p.options?.status ?? 200, `${p.pattern}: OPTIONS`);
  }
  t.equal((await send(server.port, 'GET /nope'))?.status, 404);
  t.equal(seen.length, 0, 'unmatched requests were answered by Rust');
});

t.test('with hooksOnEveryRequest, unmatched requests go to app.handle', async (t) => {
  const { app, seen } = counted(build().compile(), { hooksOnEveryRequest: true });
  const server = await rustTransport.listen(app, { port: 0 });
  t.teardown(() => server.close({ graceMs: 500 }));
  const notFound = await send(server.port, 'GET /nope?x=1');
  t.equal(notFound?.status, 404);
  t.equal(notFound?.body.toString(), '{"detail":"Not Found"}');
  t.equal((await send(server.port, 'DELETE /things/7'))?.status, 405);
  t.equal((await send(server.port, 'OPTIONS /things/new'))?.status, 204);
  t.same(
    seen.map((r) => [r.method, r.path, r.query, r.headers.host, r.remoteAddress]),
    [
      ['GET', '/nope', 'x=1', 'x', '127.0.0.1'],
      ['DELETE', '/things/7', '', 'x', '127.0.0.1'],
      ['OPTIONS', '/things/new', '', 'x', '127.0.0.1'],
    ],
    'each reached app.handle with its facts',
  );
  t.equal((await send(server.port, 'GET /things/7'))?.status, 200, 'matched routes still run directly');
  t.equal(seen.length, 3);
});

/** The app with every route's response observed through `finished`. */
function observed() {
  const app = build().compile();
  const calls: { path: string; aborted: boolean }[] = [];
  const routes = app.routes.map((route) => ({
    ...route,
    run: async (params: readonly string[], req: RawRequest): Promise<BoltResponse> => {
      const res = await route.run(params, req);
      return { ...res, finished: (aborted: boolean) => calls.push({ path: req.path, aborted }) };
    },
  }));
  return { app: { ...counted(app).app, routes }, calls };
}

async function until(done: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
}

t.test('finished(false) once the response is handed over, exactly once', async (t) => {
  const { app, calls } = observed();
  const server = await rustTransport.listen(app, { port: 0 });
  t.teardown(() => server.close({ graceMs: 500 }));
  t.equal((await send(server.port, 'GET /things/1'))?.status, 200);
  const head = await exchange(server.port, 'HEAD /things/2 HTTP/1.1\r\nHost: x\r\n\r\n', 1, {
    headOnly: true,
  });
  t.equal(head.responses[0]?.status, 200);
  t.equal((await send(server.port, 'GET /stream'))?.body.toString(), 'ab', 'a streamed body');
  await until(() => calls.length >= 3, 10_000);
  await new Promise((r) => setTimeout(r, 100));
  t.same(calls, [
    { path: '/things/1', aborted: false },
    { path: '/things/2', aborted: false },
    { path: '/stream', aborted: false },
  ]);
});

t.test('finished(true) when the client went away first', async (t) => {
  const { app, calls } = observed();
  const server = await rustTransport.listen(app, { port: 0 });
  t.teardown(() => server.close({ graceMs: 500 }));
  // The client leaves while the handler still sleeps.
  await exchange(server.port, 'GET /slow HTTP/1.1\r\nHost: x\r\n\r\n', 1, { timeoutMs: 50 });
  await until(() => calls.length >= 1, 10_000);
  await new Promise((r) => setTimeout(r, 100));
  t.same(calls, [{ path: '/slow', aborted: true }]);
});
