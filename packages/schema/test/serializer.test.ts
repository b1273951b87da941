import t from 'tap';
import { compileSerializer, SchemaErrorCode, SerializationError, t as s } from '../src/index.js';
import { projectionSource } from '../src/serialize/compile-projection.js';

/** The refusal `fn` throws: a SerializationError, with its path and message. */
function refusal(fn: () => unknown): SerializationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SerializationError) return error;
    throw error;
  }
  throw new Error('expected a SerializationError, nothing was thrown');
}

const Item = s.Object({
  name: s.String(),
  price: s.Number(),
  is_offer: s.Optional(s.Union([s.Boolean(), s.Null()])),
});

t.test('flat objects: declared fields only, in the order of the model', async (t) => {
  const ser = compileSerializer(Item);
  t.equal(
    ser({ price: 1.5, secret: 'x', name: 'a', is_offer: true }),
    '{"name":"a","price":1.5,"is_offer":true}',
  );
  t.equal(ser({ name: 'a', price: 2 }), '{"name":"a","price":2}', 'an absent optional field is omitted');
  t.equal(ser({ name: 'a', price: 2, is_offer: undefined }), '{"name":"a","price":2}');
  t.equal(ser({ name: 'a', price: 2, is_offer: null }), '{"name":"a","price":2,"is_offer":null}');
  t.equal(
    ser({ name: 'q"\\\n✓', price: 0 }),
    JSON.stringify({ name: 'q"\\\n✓', price: 0 }),
    'strings escaped',
  );
});

t.test('nullable unions of scalars are one test, no schema validator per request', async (t) => {
  const { source, constants } = projectionSource(s.Array(Item));
  t.equal(constants.length, 0, 'no compiled check is consulted');
  t.match(source, /typeof v\d+ === 'boolean'\) \|\| \(v\d+ === null\)/);
  const ser = compileSerializer(s.Union([s.String(), s.Integer(), s.Null()]));
  t.equal(ser('x'), '"x"');
  t.equal(ser(3), '3');
  t.equal(ser(null), 'null');
  t.equal(refusal(() => ser(1.5)).expected, 'a string (or a valid Date) or an integer or null');
});

t.test('unions of literals (enums)', async (t) => {
  const ser = compileSerializer(s.Object({ order: s.Union([s.Literal('asc'), s.Literal('desc')]) }));
  t.equal(ser({ order: 'desc' }), '{"order":"desc"}');
  t.equal(refusal(() => ser({ order: 'up' })).path, '$.order');
});

t.test('unions of objects pick the first member that fits, and strip by that member', async (t) => {
  const Cat = s.Object({ kind: s.Literal('cat'), lives: s.Integer() });
  const Dog = s.Object({ kind: s.Literal('dog'), good: s.Boolean() });
  const ser = compileSerializer(s.Union([Cat, Dog, s.Array(s.String()), s.Null()]));
  t.equal(ser({ kind: 'dog', good: true, lives: 9 }), '{"kind":"dog","good":true}');
  t.equal(ser({ kind: 'cat', lives: 9, good: true }), '{"kind":"cat","lives":9}');
  t.equal(ser(['a']), '["a"]');
  t.equal(ser(null), 'null');
  t.equal(refusal(() => ser({ kind: 'cow' })).path, '$.kind');
  t.equal(refusal(() => ser(5)).path, '$');
});

t.test('nested objects and arrays', async (t) => {
  const Order = s.Object({
    id: s.Integer(),
    customer: s.Object({ name: s.String(), address: s.Object({ city: s.String() }) }),
    lines: s.Array(s.Object({ sku: s.String(), qty: s.Integer() })),
    tags: s.Array(s.String()),
  });
  const ser = compileSerializer(Order);
  const value = {
    id: 1,
    customer: { name: 'Ada', card: '4242', address: { city: 'London', zip: 'N1' } },
    lines: [
      { sku: 'a', qty: 1, cost: 3 },
      { sku: 'b', qty: 2 },
    ],
    tags: ['x', 'y'],
  };
  t.equal(
    ser(value),
    '{"id":1,"customer":{"name":"Ada","address":{"city":"London"}},"lines":[{"sku":"a","qty":1},{"sku":"b","qty":2}],"tags":["x","y"]}',
  );
  const error = refusal(() =>
    ser({
      ...value,
      lines: [
        { sku: 'a', qty: 1 },
        { sku: 'b', qty: 'two' },
      ],
    }),
  );
  t.equal(error.path, '$.lines[1].qty');
  t.equal(error.expected, 'an integer');
  t.equal(error.found, 'string');
  t.equal(error.code, SchemaErrorCode.SERIALIZE);
  t.match(error.message, 'Response field $.lines[1].qty: expected an integer, got string');
  t.equal(refusal(() => ser({ ...value, customer: null })).path, '$.customer');
  t.equal(refusal(() => ser({ ...value, tags: 'x' })).path, '$.tags');
});

t.test('dates: a Date where a string is declared is written as text, per format', async (t) => {
  const at = new Date(Date.UTC(2024, 1, 29, 13, 4, 5, 6));
  const ser = compileSerializer(
    s.Object({
      when: s.String({ format: 'date-time' }),
      day: s.String({ format: 'date' }),
      clock: s.String({ format: 'time' }),
      plain: s.String(),
    }),
  );
  t.equal(
    ser({ when: at, day: at, clock: at, plain: at }),
    '{"when":"2024-02-29T13:04:05.006Z","day":"2024-02-29","clock":"13:04:05.006Z","plain":"2024-02-29T13:04:05.006Z"}',
  );
  t.equal(
    ser({ when: 'w', day: 'd', clock: 'c', plain: 'p' }),
    '{"when":"w","day":"d","clock":"c","plain":"p"}',
  );
  const invalid = refusal(() => ser({ when: new Date(Number.NaN), day: at, clock: at, plain: 'p' }));
  t.equal(invalid.path, '$.when');
  t.equal(invalid.found, 'an invalid Date');
});

t.test('formats other than dates are written as the strings they are', async (t) => {
  const ser = compileSerializer(
    s.Object({ email: s.String({ format: 'email' }), id: s.String({ format: 'uuid' }) }),
  );
  t.equal(ser({ email: 'a@b.c', id: 'not checked here' }), '{"email":"a@b.c","id":"not checked here"}');
});

t.test('defaults fill missing fields, as fast-json-stringify does', async (t) => {
  const ser = compileSerializer(
    s.Object({ n: s.Integer({ default: 5 }), tags: s.Optional(s.Array(s.String(), { default: [] })) }),
  );
  t.equal(ser({}), '{"n":5,"tags":[]}');
  t.equal(ser({ n: 1, tags: ['a'] }), '{"n":1,"tags":["a"]}');
});

t.test('records, tuples, any, additional properties, intersections', async (t) => {
  t.equal(compileSerializer(s.Record(s.String(), s.Integer()))({ a: 1, b: 2 }), '{"a":1,"b":2}');
  t.equal(
    refusal(() => compileSerializer(s.Record(s.String(), s.Integer()))({ a: 1, 'odd key': 'x' })).path,
    '$["odd key"]',
  );
  t.equal(
    compileSerializer(s.Record(s.String(), s.Object({ id: s.Integer() })))({ a: { id: 1, x: 2 } }),
    '{"a":{"id":1}}',
  );
  t.equal(compileSerializer(s.Tuple([s.String(), s.Number()]))(['a', 1]), '["a",1]');
  t.equal(refusal(() => compileSerializer(s.Tuple([s.String(), s.Number()]))(['a'])).path, '$');
  t.equal(
    compileSerializer(s.Object({ data: s.Any() }))({ data: { deep: [1, 'x'] } }),
    '{"data":{"deep":[1,"x"]}}',
  );
  t.equal(
    compileSerializer(s.Object({ id: s.Integer() }, { additionalProperties: s.String() }))({
      id: 1,
      note: 'n',
    }),
    '{"id":1,"note":"n"}',
  );
  const both = s.Intersect([s.Object({ id: s.Integer() }), s.Object({ name: s.String() })]);
  t.equal(compileSerializer(both)({ id: 1, name: 'a', x: 0 }), '{"id":1,"name":"a"}');
});

t.test('refusals: wrong kinds, missing required fields, numbers JSON cannot carry', async (t) => {
  const ser = compileSerializer(s.Array(Item));
  t.equal(refusal(() => ser([{ name: 'a', price: 1 }, { name: 'b' }])).path, '$[1].price', 'missing field');
  t.equal(refusal(() => ser([{ name: 'a', price: Number.NaN }])).expected, 'a finite number');
  t.equal(refusal(() => ser([{ name: 'a', price: Number.NaN }])).found, 'NaN');
  t.equal(
    refusal(() => compileSerializer(s.Object({ n: s.Integer() }))({ n: 1.25 })).found,
    'a fractional number',
    'the kind of value is told, not the value',
  );
  t.equal(refusal(() => ser([{ name: 'a', price: Number.POSITIVE_INFINITY }])).path, '$[0].price');
  t.equal(refusal(() => ser([{ name: 1, price: 1 }])).path, '$[0].name');
  t.equal(refusal(() => ser([{ name: 'a', price: 1, is_offer: 'yes' }])).path, '$[0].is_offer');
  t.equal(refusal(() => ser([null])).path, '$[0]');
  t.equal(refusal(() => ser({ length: 1 })).path, '$');
  t.equal(refusal(() => compileSerializer(s.Object({ v: s.Any() }))({})).path, '$.v');
  t.equal(refusal(() => compileSerializer(s.Object({ 'a-b': s.String() }))({})).path, '$["a-b"]');
});

t.test('a property named __proto__ is data, not the prototype', async (t) => {
  const ser = compileSerializer(s.Object({ ['__proto__']: s.Optional(s.String()), id: s.Integer() }));
  t.equal(ser(JSON.parse('{"__proto__":"x","id":1}')), '{"__proto__":"x","id":1}');
  t.equal(ser({ id: 1 }), '{"id":1}', 'the inherited Object.prototype is not read as the field');
});

t.test('recursive schemas go to fast-json-stringify', async (t) => {
  const Node = s.Recursive((This) => s.Object({ id: s.Integer(), children: s.Array(This) }));
  const ser = compileSerializer(Node);
  t.equal(
    ser({ id: 1, children: [{ id: 2, children: [], x: 1 }] }),
    '{"id":1,"children":[{"id":2,"children":[]}]}',
  );
});
