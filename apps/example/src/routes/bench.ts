/** `/bench/parse` (JSON parse + validate) and `/bench/slow` (async concurrency). */
import { setTimeout as sleep } from 'node:timers/promises';
import { BoltAPI, t } from '@bolt/core';
import { ParseBody } from '../models.js';

export function benchRoutes(): BoltAPI {
  const api = new BoltAPI({ prefix: '/bench' });

  api.post('/parse', { body: ParseBody }, ({ body }) => ({
    ok: true,
    n: body.items.length,
    count: body.count,
  }));

  api.get(
    '/slow',
    { query: t.Object({ ms: t.Integer({ minimum: 0, maximum: 60_000, default: 100 }) }) },
    async ({ query }) => {
      await sleep(query.ms);
      return { ok: true, ms: query.ms };
    },
  );

  return api;
}
