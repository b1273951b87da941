/**
 * The README's recipes for mounting Bolt in Fastify 5 and Express 5 (which also run as README
 * examples), pushed further over real sockets: raw bodies, validation, the body limit. A host that already read the body hands it over as `req.body`; one that read it and kept
 * it elsewhere gets a prompt, logged 500 instead of a request that hangs forever.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import t from 'tap';
import { BoltAPI, type Logger, t as s } from '../src/index.js';
import { toNodeListener } from '../src/node/to-node-listener.js';

function boltApp(): BoltAPI {
  const api = new BoltAPI();
  api.post('/echo', { body: s.Object({ n: s.Integer() }) }, ({ body }) => body);
  api.post('/small', { body: s.Object({ n: s.Integer() }), bodyLimit: 16 }, ({ body }) => body);
  api.get('/items/{id}', { params: s.Object({ id: s.Integer() }) }, ({ params }) => ({ id: params.id }));
  return api;
}

function collectingLogger(): { lines: string[]; logger: Logger } {
  const lines: string[] = [];
  const at = (_obj: object, msg?: string) => {
    lines.push(msg ?? '');
  };
  return { lines, logger: { error: at, warn: at, info: at } };
}

/** POSTs JSON with a deadline: a hung request fails the test instead of tap's timeout. */
function post(url: string, body: string, contentType = 'application/json'): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
    signal: AbortSignal.timeout(10_000),
  });
}

t.test('Fastify recipe (README): bodies Fastify parsed reach Bolt', async (t) => {
  const api = boltApp();
  // --- README: Mounting in Fastify ---
  const fastify = Fastify();
  const bolt = toNodeListener(api, { prefix: '/bolt' });
  // Fastify parses JSON and text itself; let it keep every other type's bytes as they came.
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  fastify.all('/bolt/*', (request, reply) => {
    reply.hijack(); // Bolt writes the response
    // Fastify has read the body: hand it over as req.body (bytes, text or parsed JSON).
    bolt(Object.assign(request.raw, { body: request.body }), reply.raw);
  });
  // --- end ---
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => fastify.close());
  const base = `http://127.0.0.1:${(fastify.server.address() as AddressInfo).port}`;

  const echo = await post(`${base}/bolt/echo`, '{"n":6}');
  t.equal(echo.status, 200, 'JSON that Fastify parsed');
  t.same(await echo.json(), { n: 6 });
  const vendor = await post(`${base}/bolt/echo`, '{"n":7}', 'application/vnd.bolt+json');
  t.same(await vendor.json(), { n: 7 }, "a type only Bolt parses, as Fastify's raw bytes");
  const invalid = await post(`${base}/bolt/echo`, '{"n":"x"}');
  t.equal(invalid.status, 422, "Bolt's validation of the handed-over body");
  const big = await post(`${base}/bolt/small`, JSON.stringify({ n: 1, pad: 'x'.repeat(64) }));
  t.equal(big.status, 413, "the route's body limit holds for a body the host read");
  t.same(await (await fetch(`${base}/bolt/items/4`)).json(), { id: 4 }, 'GET as before');
});

t.test('Fastify mounted without the recipe: POST answers a logged 500 at once, never hangs', async (t) => {
  const { lines, logger } = collectingLogger();
  const fastify = Fastify();
  const bolt = toNodeListener(boltApp(), { prefix: '/bolt', logger });
  fastify.all('/bolt/*', (request, reply) => {
    reply.hijack();
    bolt(request.raw, reply.raw);
  });
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => fastify.close());
  const base = `http://127.0.0.1:${(fastify.server.address() as AddressInfo).port}`;

  const res = await post(`${base}/bolt/echo`, '{"n":1}');
  t.equal(res.status, 500, 'answered (before: no answer until the client gave up)');
  t.match(lines.join('\n'), /hand Bolt the parsed body as req\.body/, 'the log says how to fix it');
});

t.test('Express recipe (README): after express.json(), Bolt takes req.body', async (t) => {
  const api = boltApp();
  // --- README: Mounting in Express ---
  const app = express();
  app.use(express.json()); // optional: without a parser, Bolt reads the body itself
  app.use('/bolt', toNodeListener(api)); // Express strips the prefix; unmatched paths go to next()
  // --- end ---
  app.use((_req, res) => {
    res.status(404).json({ from: 'express' });
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  t.teardown(() => new Promise((resolve) => server.close(resolve)));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const echo = await post(`${base}/bolt/echo`, '{"n":5}');
  t.equal(echo.status, 200);
  t.same(await echo.json(), { n: 5 }, 'the body express.json() parsed');
  t.equal((await post(`${base}/bolt/echo`, '{"n":"x"}')).status, 422);
  t.same(await (await fetch(`${base}/nope`)).json(), { from: 'express' }, 'Express serves the rest');
});
