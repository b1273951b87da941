/** `/`, `/items/{item_id}` (GET and PUT) and `/items100`: the example's non-database endpoints. */
import { BoltAPI, t } from '@bolt/core';
import { Item } from '../models.js';

// Built once: /items100 measures serialization through the response model, not allocation.
const HUNDRED_ITEMS = Array.from({ length: 100 }, (_, i) => ({
  name: `Item ${i}`,
  price: Math.round((i * 1.5 + 0.99) * 100) / 100,
  is_offer: i % 2 === 0,
}));

/** The routes, chained so their types reach the typed client (`ExampleAPI` in app.ts). */
export function itemsRoutes() {
  return new BoltAPI()
    .get('/', { summary: 'Hello world', tags: ['items'] }, () => ({ Hello: 'World' }))
    .get(
      '/items/{item_id}',
      {
        params: t.Object({ item_id: t.Integer() }),
        query: t.Object({ q: t.Optional(t.String()) }),
        summary: 'Read an item',
        tags: ['items'],
      },
      ({ params, query }) => ({ item_id: params.item_id, q: query.q ?? null }),
    )
    .put(
      '/items/{item_id}',
      { params: t.Object({ item_id: t.Integer() }), body: Item, summary: 'Update an item', tags: ['items'] },
      ({ params, body }) => ({ item_name: body.name, item_id: params.item_id }),
    )
    .get(
      '/items100',
      { response: t.Array(Item), summary: '100 items through a response model', tags: ['items'] },
      () => HUNDRED_ITEMS,
    );
}
