/** Type tests: wrong handler returns are compile errors. */
import { BoltAPI, json, t } from '../src/index.js';

const api = new BoltAPI();
const Item = t.Object({ name: t.String(), price: t.Number() });

// @ts-expect-error: price must be a number
api.get('/bad', { response: Item }, () => ({ name: 'a', price: '1' }));

// @ts-expect-error: missing required field
api.get('/bad-missing', { response: Item }, async () => ({ name: 'a' }));

// @ts-expect-error: an array where one item is expected
api.get('/bad-array', { response: Item }, () => [{ name: 'a', price: 1 }]);

// @ts-expect-error: json() of the wrong shape
api.get('/bad-json', { response: Item }, () => json({ name: 1, price: 1 }));

// @ts-expect-error: none of the status map's models
api.get('/bad-map', { response: { 200: Item } }, () => ({ detail: 'x' }));

api.put(
  '/items/{id}',
  { params: t.Object({ id: t.Integer() }), body: Item, response: t.Object({ name: t.String() }) },
  // @ts-expect-error: body.price is a number, the response's name a string
  ({ body }) => ({ name: body.price }),
);

// A status map types json() by status: each listed status with its own model.
const NotFound = t.Object({ detail: t.String() });
api.get('/map', { response: { 200: Item, 404: NotFound } }, ({ request }) =>
  request.header('x') ? json({ detail: 'missing' }, { status: 404 }) : json({ name: 'a', price: 1 }),
);
// @ts-expect-error: a status the map does not list
api.get('/map-unlisted', { response: { 200: Item } }, () => json({ name: 'a', price: 1 }, { status: 201 }));
// @ts-expect-error: the 404 model at status 200
api.get('/map-wrong-model', { response: { 200: Item, 404: NotFound } }, () => json({ detail: 'x' }, { status: 200 }));
// serializeUnlisted: any status, sent as-is.
api.get('/map-loose', { response: { 200: Item }, serializeUnlisted: true }, () => json({ any: 1 }, { status: 418 }));
