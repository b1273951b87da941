/**
 * `requestId: true`: the request's id (the client's sane `x-request-id`, else generated) returned
 * in a response header on every answer, 404s and errors included. The id is also on every line of
 * `ctx.log` / `request.log`, whether or not it is sent back.
 */
import type { HookSet } from './hook-set.js';

export function requestIdHooks(set: HookSet, header: string): void {
  const name = header.toLowerCase();
  // As data (kind `request-id`), so an engine can put the id on answers it gives itself.
  const native = Object.freeze({ kind: 'request-id', config: Object.freeze({ header: name }) });
  set.add(
    'onSend',
    (request, response) => ({
      status: response.status,
      // concat, not a spread: this runs on every answer.
      headers: response.headers.concat([name, request.id]),
      body: response.body,
    }),
    native,
  );
}
