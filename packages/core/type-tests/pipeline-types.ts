/**
 * Type tests: dependencies, resources and hooks. Dependency values reach the handler typed with
 * no casts; a missing or misspelled dependency is a compile error.
 */
import { BoltAPI, dependency, type HookRequest, json, resource, t } from '../src/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_: T) => {};

const api = new BoltAPI();

const db = resource('db', { start: async () => ({ findUser: (id: number) => ({ id, name: 'ann' }) }) });
const currentUser = dependency({ deps: { db } }, async ({ deps, request }) => {
  assertType<Equal<typeof request, HookRequest>>(true);
  return deps.db.findUser(Number(request.header('x-user') ?? 0));
});
const flag = dependency(() => true);

api.get('/me', { deps: { user: currentUser, db, flag } }, ({ deps, log, requestId, state }) => {
  assertType<Equal<typeof deps.user, { id: number; name: string }>>(true);
  assertType<Equal<typeof deps.flag, boolean>>(true);
  assertType<Equal<typeof requestId, string>>(true);
  assertType<Equal<typeof state, Record<string, unknown>>>(true);
  log.info({ user: deps.user.id });
  // @ts-expect-error: misspelled dependency name
  deps.usr;
  return deps.user;
});

// A route without deps has none to read.
api.get('/plain', ({ deps }) => {
  // @ts-expect-error: no dependency named user
  deps.user;
  return 'ok';
});

// A dependency must be a dependency.
// @ts-expect-error: a plain function is not a dependency
api.get('/bad', { deps: { user: () => 1 } }, () => 'x');

// Dependencies and a response model together: the handler is still checked against the model.
api.get('/typed', { deps: { flag }, response: t.Object({ ok: t.Boolean() }) }, ({ deps }) => ({ ok: deps.flag }));
// @ts-expect-error: wrong type for the model
api.get('/typed-bad', { deps: { flag }, response: t.Object({ ok: t.Boolean() }) }, ({ deps }) => ({ ok: String(deps.flag) }));

// Hooks are typed by phase.
api.addHook('onRequest', (request) => {
  assertType<Equal<typeof request.id, string>>(true);
  return request.header('x-block') ? json({ blocked: true }, { status: 429 }) : undefined;
});
api.addHook('onSend', (_request, response) => ({ ...response, status: response.status }));
api.addHook('onResponse', (_request, outcome) => {
  assertType<Equal<typeof outcome.durationMs, number>>(true);
});
// @ts-expect-error: unknown phase
api.addHook('beforeEverything', () => undefined);
// @ts-expect-error: onSend must return a response or nothing
api.addHook('onSend', () => 42);

class Conflict extends Error {
  readonly resource = 'item';
}
api.onError(Conflict, (error) => {
  assertType<Equal<typeof error, Conflict>>(true);
  return json({ detail: `${error.resource} exists` }, { status: 409 });
});
