// Fastify 5 with JSON schemas for params, query, body and responses (Ajv + fast-json-stringify),
// logger off. Fastify is resolved from the workspace's bench package, which depends on it.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../../../bench/package.json', import.meta.url));
const Fastify = (await import(require.resolve('fastify'))).default;

const Item = {
  type: 'object',
  required: ['name', 'price'],
  properties: { name: { type: 'string' }, price: { type: 'number' }, is_offer: { type: ['boolean', 'null'] } },
};
const params = { type: 'object', properties: { item_id: { type: 'integer' } } };
const app = Fastify({ logger: false });
app.get('/', { schema: { response: { 200: { type: 'object', properties: { Hello: { type: 'string' } } } } } }, async () => ({
  Hello: 'World',
}));
app.get(
  '/items/:item_id',
  {
    schema: {
      params,
      querystring: { type: 'object', properties: { q: { type: 'string' } } },
      response: { 200: { type: 'object', properties: { item_id: { type: 'integer' }, q: { type: ['string', 'null'] } } } },
    },
  },
  async (req) => ({ item_id: req.params.item_id, q: req.query.q ?? null }),
);
app.put('/items/:item_id', { schema: { params, body: Item } }, async (req) => ({
  item_name: req.body.name,
  item_id: req.params.item_id,
}));
app.post(
  '/bench/parse',
  {
    schema: {
      body: {
        type: 'object',
        required: ['title', 'count', 'items'],
        properties: { title: { type: 'string' }, count: { type: 'integer' }, items: { type: 'array', items: Item } },
      },
    },
  },
  async (req) => ({ ok: true, n: req.body.items.length, count: req.body.count }),
);
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 8000) });
console.log('fastify listening');
