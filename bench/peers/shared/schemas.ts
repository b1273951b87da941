/** The example app's models as plain TypeBox schemas, for the peers that validate with TypeBox. */
import { type Static, Type } from '@sinclair/typebox';

/** An item (PUT body, `/items100` element). */
export const Item = Type.Object({
  name: Type.String(),
  price: Type.Number(),
  is_offer: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
});
export type Item = Static<typeof Item>;

/** `POST /bench/parse` body. */
export const ParseBody = Type.Object({
  title: Type.String(),
  count: Type.Integer(),
  items: Type.Array(Item),
});
export type ParseBody = Static<typeof ParseBody>;

/** `/items/{item_id}` path parameters. */
export const ItemParams = Type.Object({ item_id: Type.Integer() });

/** `/items/{item_id}` query. */
export const ItemQuery = Type.Object({ q: Type.Optional(Type.String()) });

/** `/bench/slow` query. */
export const SlowQuery = Type.Object({ ms: Type.Integer({ minimum: 0, maximum: 60_000, default: 100 }) });

/** `/users/full10` element. */
export const UserFull = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  email: Type.String(),
  first_name: Type.String(),
  last_name: Type.String(),
  is_active: Type.Boolean(),
});

/** `/users/mini10` element. */
export const UserMini = Type.Object({ id: Type.Integer(), username: Type.String() });
