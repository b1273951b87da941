/** The example's models, shared by its routes and by the benchmark peers' bodies. */
import { t } from '@bolt/core';

/** An item as PUT to `/items/{item_id}` and listed by `/items100`. */
export const Item = t.Object({
  name: t.String(),
  price: t.Number(),
  is_offer: t.Optional(t.Union([t.Boolean(), t.Null()])),
});

/** The body of `POST /bench/parse`. */
export const ParseBody = t.Object({
  title: t.String(),
  count: t.Integer(),
  items: t.Array(Item),
});
