/**
 * Express 5 as its docs show: `express.json()` for bodies, a validation middleware per route (here
 * a compiled TypeBox check, since Express has no schema layer), `res.json()` for answers; the compression package on the compressed rows.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { constants } from 'node:zlib';
import compression from 'compression';
import express, { type NextFunction, type Request, type Response } from 'express';
import { BROTLI_QUALITY, COMPRESS, GZIP_LEVEL, MIN_BYTES } from './shared/compression.js';
import { HELLO, HUNDRED_ITEMS } from './shared/items.js';
import { HOST, PORT } from './shared/listen-address.js';
import { userRoutes } from './shared/user-routes.js';
import { checkItem, checkParseBody, toInteger } from './shared/validators.js';

const app = express();
app.disable('x-powered-by');
if (COMPRESS) {
  app.use(
    compression({
      threshold: MIN_BYTES,
      level: GZIP_LEVEL,
      brotli: { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } },
    }),
  );
}
app.use(express.json({ limit: '1mb' }));

const validBody =
  (check: { Check(value: unknown): boolean }) => (req: Request, res: Response, next: NextFunction) =>
    check.Check(req.body) ? next() : res.status(422).json({ detail: 'Unprocessable Entity' });

app.get('/', (_req, res) => {
  res.json(HELLO);
});

app.get('/items/:item_id', (req, res) => {
  const item_id = toInteger(String(req.params.item_id));
  const q = req.query.q;
  if (item_id === undefined || (q !== undefined && typeof q !== 'string')) {
    res.status(422).json({ detail: 'Unprocessable Entity' });
    return;
  }
  res.json({ item_id, q: q ?? null });
});

app.put('/items/:item_id', validBody(checkItem), (req, res) => {
  const item_id = toInteger(String(req.params.item_id));
  if (item_id === undefined) {
    res.status(422).json({ detail: 'Unprocessable Entity' });
    return;
  }
  res.json({ item_name: req.body.name, item_id });
});

app.get('/items100', (_req, res) => {
  res.json(HUNDRED_ITEMS);
});

app.post('/bench/parse', validBody(checkParseBody), (req, res) => {
  res.json({ ok: true, n: req.body.items.length, count: req.body.count });
});

app.get('/bench/slow', async (req, res) => {
  const ms = toInteger(typeof req.query.ms === 'string' ? req.query.ms : '100');
  if (ms === undefined || ms < 0 || ms > 60_000) {
    res.status(422).json({ detail: 'Unprocessable Entity' });
    return;
  }
  await sleep(ms);
  res.json({ ok: true, ms });
});

userRoutes((path, _schema, run) =>
  app.get(path, async (_req, res) => {
    res.json(await run());
  }),
);

const server = app.listen(PORT, HOST, () => console.log(`express listening on http://${HOST}:${PORT}`));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
