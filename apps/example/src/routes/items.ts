/** `/`, `/items/{item_id}` (GET and PUT) and `/items100`: the example's non-database endpoints. */
import { BoltAPI, t } from '@bolt/core';
import { Item } from '../models.js';

// Built once: /items100 measures serialization through the response model, not allocation.
const HUNDRED_ITEMS = Array.from({ length: 100 }, (_, i) => ({
  name: `Item ${i}`,
  price: Math.round((i * 1.5 + 0.99) * 100) / 100,
  is_offer: i % 2 === 0,
}));

export function itemsRoutes(): BoltAPI {
  const api = new BoltAPI();

  api.get('/', () => ({ Hello: 'World' }));

  api.get(
    '/items/{item_id}',
    { params: t.Object({ item_id: t.Integer() }), query: t.Object({ q: t.Optional(t.String()) }) },
    ({ params, query }) => ({ item_id: params.item_id, q: query.q ?? null }),
  );

  api.put(
    '/items/{item_id}',
    { params: t.Object({ item_id: t.Integer() }), body: Item },
    ({ params, body }) => ({ item_name: body.name, item_id: params.item_id }),
  );

  api.get('/items100', { response: t.Array(Item) }, () => HUNDRED_ITEMS);

  return api;
}
