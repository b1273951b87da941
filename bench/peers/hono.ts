/**
 * Hono on @hono/node-server, validating with @hono/typebox-validator (`tbValidator`), as Hono's docs
 * show for TypeBox. The validator checks without coercing, so path and query integers are declared as
 * digit strings and converted in the handler. Hono has no response serializer: handlers return `c.json()`. hono/compress on the compressed rows.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { serve } from '@hono/node-server';
import { tbValidator } from '@hono/typebox-validator';
import { Type } from '@sinclair/typebox';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { COMPRESS, MIN_BYTES } from './shared/compression.js';
import { HELLO, HUNDRED_ITEMS } from './shared/items.js';
import { HOST, PORT } from './shared/listen-address.js';
import { Item, ItemQuery, ParseBody } from './shared/schemas.js';
import { userRoutes } from './shared/user-routes.js';

const Digits = Type.String({ pattern: '^-?[0-9]{1,15}$' });
const ItemParams = Type.Object({ item_id: Digits });
const SlowQuery = Type.Object({ ms: Type.Optional(Digits) });

const app = new Hono();
// hono/compress has no level setting (CompressionStream's default) and no br.
if (COMPRESS) app.use(compress({ threshold: MIN_BYTES }));

app.get('/', (c) => c.json(HELLO));

app.get('/items/:item_id', tbValidator('param', ItemParams), tbValidator('query', ItemQuery), (c) => {
  const item_id = Number(c.req.valid('param').item_id);
  return c.json({ item_id, q: c.req.valid('query').q ?? null });
});

app.put('/items/:item_id', tbValidator('param', ItemParams), tbValidator('json', Item), (c) =>
  c.json({ item_name: c.req.valid('json').name, item_id: Number(c.req.valid('param').item_id) }),
);

app.get('/items100', (c) => c.json(HUNDRED_ITEMS));

app.post('/bench/parse', tbValidator('json', ParseBody), (c) => {
  const body = c.req.valid('json');
  return c.json({ ok: true, n: body.items.length, count: body.count });
});

app.get('/bench/slow', tbValidator('query', SlowQuery), async (c) => {
  const ms = Number(c.req.valid('query').ms ?? 100);
  if (ms > 60_000) return c.json({ detail: 'ms must be at most 60000' }, 422);
  await sleep(ms);
  return c.json({ ok: true, ms });
});

userRoutes((path, _schema, run) => app.get(path, async (c) => c.json(await run())));

serve({ fetch: app.fetch, hostname: HOST, port: PORT }, () =>
  console.log(`hono listening on http://${HOST}:${PORT}`),
);
process.once('SIGTERM', () => process.exit(0));
