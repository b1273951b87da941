/**
 * toNodeListener mounted inside real Express 5 and Fastify 5 services under a prefix, over real
 * sockets: Bolt serves its routes, the host keeps serving its own.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import t from 'tap';
import { BoltAPI, t as s } from '../src/index.js';
import { toNodeListener } from '../src/node/to-node-listener.js';

function boltApp(): BoltAPI {
  const api = new BoltAPI();
  api.get('/items/{id}', { params: s.Object({ id: s.Integer() }) }, ({ params }) => ({
    id: params.id,
    from: 'bolt',
  }));
  api.post('/echo', { body: s.Object({ n: s.Integer() }) }, ({ body }) => body);
  return api;
}

t.test('mounted in Express under /bolt', async (t) => {
  const app = express();
  app.get('/health', (_req, res) => {
    res.json({ from: 'express' });
  });
  app.use('/bolt', toNodeListener(boltApp()));
  app.use((_req, res) => {
    res.status(404).json({ from: 'express-404' });
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  t.teardown(() => new Promise((r) => server.close(r)));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  t.same(await (await fetch(`${base}/bolt/items/3`)).json(), { id: 3, from: 'bolt' });
  const echo = await fetch(`${base}/bolt/echo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"n":5}',
  });
  t.same(await echo.json(), { n: 5 }, 'bodies reach Bolt');
  const invalid = await fetch(`${base}/bolt/items/x`);
  t.equal(invalid.status, 422, 'Bolt validation inside Express');
  t.same(await (await fetch(`${base}/health`)).json(), { from: 'express' }, 'Express routes still served');
  const fallthrough = await fetch(`${base}/bolt/not-a-bolt-route`);
  t.same(
    await fallthrough.json(),
    { from: 'express-404' },
    'paths Bolt does not serve fall through to next()',
  );
});

t.test('mounted in Fastify under /bolt', async (t) => {
  const fastify = Fastify();
  const listener = toNodeListener(boltApp(), { prefix: '/bolt' });
  fastify.get('/health', async () => ({ from: 'fastify' }));
  // Let Bolt read the raw body stream itself.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (_req, _payload, done) => done(null));
  fastify.all('/bolt/*', (request, reply) => {
    reply.hijack();
    listener(request.raw, reply.raw);
  });
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => fastify.close());
  const base = `http://127.0.0.1:${(fastify.server.address() as AddressInfo).port}`;

  t.same(await (await fetch(`${base}/bolt/items/4`)).json(), { id: 4, from: 'bolt' });
  const echo = await fetch(`${base}/bolt/echo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"n":6}',
  });
  t.same(await echo.json(), { n: 6 }, 'bodies reach Bolt');
  const missing = await fetch(`${base}/bolt/nope`);
  t.equal(missing.status, 404, 'Bolt answers its own 404 under the prefix');
  t.same(await (await fetch(`${base}/health`)).json(), { from: 'fastify' }, 'Fastify routes still served');
});
