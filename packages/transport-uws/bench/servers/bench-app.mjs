// The example's benchmarked endpoints as a Bolt app (same routes and models as apps/example).
import { BoltAPI, t } from '@bolt/core';

const Item = t.Object({
  name: t.String(),
  price: t.Number(),
  is_offer: t.Optional(t.Union([t.Boolean(), t.Null()])),
});

export const api = new BoltAPI();
api.get('/', () => ({ Hello: 'World' }));
api.get(
  '/items/{item_id}',
  { params: t.Object({ item_id: t.Integer() }), query: t.Object({ q: t.Optional(t.String()) }) },
  ({ params, query }) => ({ item_id: params.item_id, q: query.q ?? null }),
);
api.put('/items/{item_id}', { params: t.Object({ item_id: t.Integer() }), body: Item }, ({ params, body }) => ({
  item_name: body.name,
  item_id: params.item_id,
}));
