/** Bolt's app for the scaling rows: payloads of 1/10/100 KB both ways, and BENCH_ROUTES param routes. */
import { BoltAPI, HTTPError, t } from '@bolt/core';
import { PAYLOADS, Payload, routeCount } from './shared/scaling.js';

export const api = new BoltAPI();

api.get('/payload/{kb}', { params: t.Object({ kb: t.Integer() }), response: Payload }, ({ params }) => {
  const body = PAYLOADS.get(params.kb);
  if (!body) throw new HTTPError(404, 'Not Found');
  return body;
});

api.post('/payload', { body: Payload }, ({ body }) => ({ ok: true, n: body.records.length }));

for (let i = 0; i < routeCount(); i++) {
  api.get(`/r${i}/{id}`, { params: t.Object({ id: t.Integer() }) }, ({ params }) => ({
    route: i,
    id: params.id,
  }));
}
