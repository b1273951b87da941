/**
 * Serializer micro-benchmark, per shape: the generated projection (what compileSerializer uses),
 * fast-json-stringify, and bare JSON.stringify of the same value (the floor, which strips nothing
 * and checks nothing). Each serializer's string is then copied out as UTF-8 (Buffer.from), as an
 * engine does when it writes the body: a rope of concatenated pieces pays its flattening there.
 * Alternating ~2 ms samples for ~1.5 s per case; the fastest sample of each is reported (other
 * processes on a shared machine only ever add time).
 * Run: pnpm --filter @bolt/schema build && node packages/schema/bench/serialize.bench.mjs
 */
import { Type as t } from '@sinclair/typebox';
import { compileFastJson } from '../dist/serializer.js';
import { compileProjection } from '../dist/serialize/compile-projection.js';

const Item = t.Object({ name: t.String(), price: t.Number(), is_offer: t.Optional(t.Union([t.Boolean(), t.Null()])) });
const User = t.Object({
  id: t.Integer(),
  username: t.String(),
  email: t.String(),
  first_name: t.String(),
  last_name: t.String(),
  is_active: t.Boolean(),
});
const PayloadRecord = t.Object({
  id: t.Integer(),
  name: t.String(),
  price: t.Number(),
  tags: t.Array(t.String()),
  active: t.Boolean(),
});
const Order = t.Object({
  id: t.Integer(),
  customer: t.Object({ id: t.Integer(), name: t.String(), address: t.Object({ city: t.String(), zip: t.String() }) }),
  lines: t.Array(t.Object({ sku: t.String(), qty: t.Integer(), note: t.Union([t.String(), t.Null()]) })),
  placed_at: t.String({ format: 'date-time' }),
});

const users = Array.from({ length: 10 }, (_, i) => ({
  id: i + 1,
  username: `user${String(i + 1).padStart(4, '0')}`,
  email: `user${i + 1}@example.com`,
  first_name: 'First',
  last_name: 'Last',
  is_active: i % 3 !== 0,
  password_hash: 'not in the model',
}));
const records = Array.from({ length: 700 }, (_, i) => ({
  id: i,
  name: `record number ${i}`,
  price: Math.round(i * 137.5) / 100,
  tags: ['alpha', 'beta', i % 2 === 0 ? 'even' : 'odd'],
  active: i % 3 !== 0,
}));
const order = {
  id: 7,
  customer: { id: 3, name: 'Ada', address: { city: 'London', zip: 'N1' }, secret: 'x' },
  lines: Array.from({ length: 20 }, (_, i) => ({ sku: `SKU-${i}`, qty: i, note: i % 2 ? null : 'gift "wrap"' })),
  placed_at: new Date(0),
};

const SHAPES = [
  {
    name: 'items100: 100 x {string, number, Optional(Union([Boolean, Null]))}',
    schema: t.Array(Item),
    value: Array.from({ length: 100 }, (_, i) => ({ name: `Item ${i}`, price: Math.round((i * 1.5 + 0.99) * 100) / 100, is_offer: i % 2 === 0 })),
  },
  { name: 'full10: 10 users, 6 columns (one dropped)', schema: t.Array(User), value: users },
  { name: 'small object {item_id, q: String | Null}', schema: t.Object({ item_id: t.Integer(), q: t.Union([t.String(), t.Null()]) }), value: { item_id: 1, q: 'hello' } },
  { name: 'payload ~100 KB: 700 records with a string array', schema: t.Object({ records: t.Array(PayloadRecord) }), value: { records } },
  { name: 'nested order with a Date and 20 lines', schema: Order, value: order },
  {
    name: '1,000 numbers',
    schema: t.Array(t.Number()),
    value: Array.from({ length: 1000 }, (_, i) => i * 1.25),
  },
  {
    name: '200 strings needing escapes',
    schema: t.Array(t.String()),
    value: Array.from({ length: 200 }, (_, i) => `line ${i}: "quoted" \\ tab\t é ✓`),
  },
];

function timeOne(fn, value, budgetNs) {
  let n = 0;
  const start = process.hrtime.bigint();
  let now = start;
  while (now - start < budgetNs) {
    Buffer.from(fn(value));
    n++;
    now = process.hrtime.bigint();
  }
  return Number(now - start) / n / 1000;
}

for (const shape of SHAPES) {
  const contenders = {
    projection: compileProjection(shape.schema),
    'fast-json-stringify': compileFastJson(shape.schema),
    'JSON.stringify (floor)': (v) => JSON.stringify(v),
  };
  const best = Object.fromEntries(Object.keys(contenders).map((k) => [k, Infinity]));
  const deadline = Date.now() + 1500;
  while (Date.now() < deadline) {
    for (const [k, fn] of Object.entries(contenders)) best[k] = Math.min(best[k], timeOne(fn, shape.value, 2_000_000n));
  }
  console.log(`\n${shape.name}`);
  for (const [k, us] of Object.entries(best)) console.log(`  ${k.padEnd(24)} ${us.toFixed(2).padStart(8)} µs`);
}
