/**
 * What the pipeline costs per request, in process (no socket, so the transport's share does not
 * hide it): GET / and POST /bench/parse with no hooks, and with one sync onRequest hook plus one
 * dependency. With BOLT_BASELINE_CORE=<path to another build's dist/index.js>, the same app on that
 * build runs alongside, interleaved, for a before/after ratio. Reports medians of interleaved rounds.
 *
 *   node --import tsx bench/pipeline-cost.bench.ts   (runs the built dist: tsx's own helpers would be measured otherwise)
 */
import { t } from '@bolt/schema';
import * as current from '../dist/index.js';

type Core = typeof current;
const Item = t.Object({ name: t.String(), price: t.Number(), is_offer: t.Optional(t.Union([t.Boolean(), t.Null()])) });
const Parse = t.Object({ title: t.String(), count: t.Integer(), items: t.Array(Item) });
const body = Buffer.from(
  JSON.stringify({ title: 'x', count: 3, items: [{ name: 'a', price: 1 }, { name: 'b', price: 2, is_offer: true }] }),
);

function build(core: Core, withHooks: boolean) {
  const api = new core.BoltAPI();
  const options: Record<string, unknown> = {};
  if (withHooks) {
    api.addHook('onRequest', () => undefined);
    options.deps = { user: core.dependency(() => ({ id: 1 })) };
  }
  api.get('/', options, () => ({ Hello: 'World' }));
  api.post('/bench/parse', { ...options, body: Parse }, ({ body }) => ({
    ok: true,
    n: body.items.length,
    count: body.count,
  }));
  return api.compile();
}

function measure(app: ReturnType<typeof build>, which: 'root' | 'parse', n: number): number {
  const route = app.routes[which === 'root' ? 0 : 1];
  if (!route) throw new Error('no route');
  const raw =
    which === 'root'
      ? { method: 'GET', path: '/', query: '', headers: {}, body: undefined }
      : { method: 'POST', path: '/bench/parse', query: '', headers: { 'content-type': 'application/json' }, body };
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) route.run([], raw);
  return Number(process.hrtime.bigint() - start) / n;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const variants: Array<[string, ReturnType<typeof build>]> = [
  ['no hooks', build(current, false)],
  ['1 onRequest + 1 dep', build(current, true)],
];
if (process.env.BOLT_BASELINE_CORE) {
  const baseline = (await import(process.env.BOLT_BASELINE_CORE)) as Core;
  variants.unshift(['baseline, no hooks', build(baseline, false)]);
}
for (const which of ['root', 'parse'] as const) {
  const samples = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  for (let round = 0; round < 15; round++) {
    for (const [name, app] of variants) samples.get(name)?.push(measure(app, which, 100_000));
  }
  const base = median(samples.get(variants[0]?.[0] ?? '') ?? []);
  for (const [name] of variants) {
    const m = median(samples.get(name) ?? []);
    console.log(`${which.padEnd(6)} ${name.padEnd(22)} ${m.toFixed(1).padStart(7)} ns/request  ${(m / base).toFixed(3)}x`);
  }
}
