/**
 * Fastify 5 as its docs recommend for TypeScript: the TypeBox type provider, schemas for params,
 * query, body and response (Ajv validation, fast-json-stringify serialization), logger off;
 * @fastify/compress on the compressed rows.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { constants } from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { BROTLI_QUALITY, COMPRESS, GZIP_LEVEL, MIN_BYTES } from './shared/compression.js';
import { HELLO, HUNDRED_ITEMS } from './shared/items.js';
import { BENCH_APP, HOST, PORT } from './shared/listen-address.js';
import { PAYLOADS, Payload, routeCount } from './shared/scaling.js';
import { Item, ItemParams, ItemQuery, ParseBody, SlowQuery } from './shared/schemas.js';
import { userRoutes } from './shared/user-routes.js';

const app = Fastify({ logger: false }).withTypeProvider<TypeBoxTypeProvider>();

function exampleRoutes(app: FastifyInstance): void {
  const f = app.withTypeProvider<TypeBoxTypeProvider>();
  f.get('/', { schema: { response: { 200: Type.Object({ Hello: Type.String() }) } } }, async () => HELLO);

  f.get(
    '/items/:item_id',
    {
      schema: {
        params: ItemParams,
        querystring: ItemQuery,
        response: {
          200: Type.Object({ item_id: Type.Integer(), q: Type.Union([Type.String(), Type.Null()]) }),
        },
      },
    },
    async (req) => ({ item_id: req.params.item_id, q: req.query.q ?? null }),
  );

  f.put(
    '/items/:item_id',
    {
      schema: {
        params: ItemParams,
        body: Item,
        response: { 200: Type.Object({ item_name: Type.String(), item_id: Type.Integer() }) },
      },
    },
    async (req) => ({ item_name: req.body.name, item_id: req.params.item_id }),
  );

  f.get('/items100', { schema: { response: { 200: Type.Array(Item) } } }, async () => HUNDRED_ITEMS);

  f.post(
    '/bench/parse',
    {
      schema: {
        body: ParseBody,
        response: { 200: Type.Object({ ok: Type.Boolean(), n: Type.Integer(), count: Type.Integer() }) },
      },
    },
    async (req) => ({ ok: true, n: req.body.items.length, count: req.body.count }),
  );

  f.get(
    '/bench/slow',
    {
      schema: {
        querystring: SlowQuery,
        response: { 200: Type.Object({ ok: Type.Boolean(), ms: Type.Integer() }) },
      },
    },
    async (req) => {
      await sleep(req.query.ms);
      return { ok: true, ms: req.query.ms };
    },
  );

  userRoutes((path, schema, run) =>
    f.get(path, { schema: { response: { 200: schema } } }, async () => run()),
  );
}

function scalingRoutes(app: FastifyInstance): void {
  const f = app.withTypeProvider<TypeBoxTypeProvider>();
  f.get(
    '/payload/:kb',
    {
      schema: {
        params: Type.Object({ kb: Type.Integer() }),
        response: { 200: Payload, 404: Type.Object({ detail: Type.String() }) },
      },
    },
    async (req, reply) => PAYLOADS.get(req.params.kb) ?? reply.code(404).send({ detail: 'Not Found' }),
  );
  f.post(
    '/payload',
    { schema: { body: Payload, response: { 200: Type.Object({ ok: Type.Boolean(), n: Type.Integer() }) } } },
    async (req) => ({ ok: true, n: req.body.records.length }),
  );
  for (let i = 0; i < routeCount(); i++) {
    f.get(
      `/r${i}/:id`,
      {
        schema: {
          params: Type.Object({ id: Type.Integer() }),
          response: { 200: Type.Object({ route: Type.Integer(), id: Type.Integer() }) },
        },
      },
      async (req) => ({ route: i, id: req.params.id }),
    );
  }
}

if (COMPRESS) {
  await app.register(fastifyCompress, {
    threshold: MIN_BYTES,
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } },
    zlibOptions: { level: GZIP_LEVEL },
  });
}
if (BENCH_APP === 'scaling') scalingRoutes(app);
else exampleRoutes(app);

await app.listen({ host: HOST, port: PORT });
console.log(`fastify listening on http://${HOST}:${PORT}`);
process.once('SIGTERM', () => app.close().then(() => process.exit(0)));
