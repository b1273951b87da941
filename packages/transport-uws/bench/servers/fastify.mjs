// Fastify 5 with JSON schemas for the same endpoints: the mainstream peer.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
const Item = {
  type: 'object',
  required: ['name', 'price'],
  properties: { name: { type: 'string' }, price: { type: 'number' }, is_offer: { type: ['boolean', 'null'] } },
};
const params = { type: 'object', properties: { item_id: { type: 'integer' } }, required: ['item_id'] };
app.get('/', async () => ({ Hello: 'World' }));
app.get(
  '/items/:item_id',
  { schema: { params, querystring: { type: 'object', properties: { q: { type: 'string' } } } } },
  async (req) => ({ item_id: req.params.item_id, q: req.query.q ?? null }),
);
app.put('/items/:item_id', { schema: { params, body: Item } }, async (req) => ({
  item_name: req.body.name,
  item_id: req.params.item_id,
}));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 8000) });
console.log('ready');
