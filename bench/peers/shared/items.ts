/**
 * The bodies every contender serves, built the same way as the example app's: the runner checks
 * each answer against these before any load, so no contender can do less work than another.
 */

/** `GET /`. */
export const HELLO = { Hello: 'World' } as const;

/** `GET /items100`: the example's 100 items, built once. */
export const HUNDRED_ITEMS = Array.from({ length: 100 }, (_, i) => ({
  name: `Item ${i}`,
  price: Math.round((i * 1.5 + 0.99) * 100) / 100,
  is_offer: i % 2 === 0,
}));

/** `PUT /items/{item_id}` request body. */
export const PUT_BODY = { name: 'Portal Gun', price: 42, is_offer: true };

/** `POST /bench/parse` request body: 20 items, one of each optional shape. */
export const PARSE_BODY = {
  title: 'bench',
  count: 20,
  items: Array.from({ length: 20 }, (_, i) => ({
    name: `Item ${i}`,
    price: i + 0.5,
    ...(i % 3 === 0 ? {} : { is_offer: i % 3 === 1 ? true : null }),
  })),
};
