/** `/bench/parse` (JSON parse + validate) and `/bench/slow` (async concurrency). */
import { setTimeout as sleep } from 'node:timers/promises';
import { BoltAPI, t } from '@bolt/core';
import { ParseBody } from '../models.js';

/** The routes, chained so their types reach the typed client (`ExampleAPI` in app.ts). */
export function benchRoutes() {
  return new BoltAPI({ prefix: '/bench' })
    .post('/parse', { body: ParseBody, tags: ['bench'] }, ({ body }) => ({
      ok: true,
      n: body.items.length,
      count: body.count,
    }))
    .get(
      '/slow',
      { query: t.Object({ ms: t.Integer({ minimum: 0, maximum: 60_000, default: 100 }) }), tags: ['bench'] },
      async ({ query }) => {
        await sleep(query.ms);
        return { ok: true, ms: query.ms };
      },
    );
}
