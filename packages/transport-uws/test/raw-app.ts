/**
 * A real compiled app whose named routes answer with BoltResponses written by hand: the only way to
 * hand the transport what core would never produce (a number as a header value, a body after a 204)
 * and so test the transport's own guard, not core's.
 */
import type { BoltAPI } from '@bolt/core';
import type { BoltResponse, CompiledApp, CompiledRoute } from '@bolt/core/transport';

/** Answers of the replaced routes, by pattern. */
export type RawAnswers = Readonly<Record<string, () => BoltResponse | Promise<BoltResponse>>>;

/**
 * `api.compile()` with the `run` of each GET route named in `answers` replaced; declare those
 * routes on `api` first (any handler), so that the route table has them.
 */
export function withRawAnswers(api: BoltAPI, answers: RawAnswers): CompiledApp {
  const app = api.compile();
  const routes = app.routes.map((route): CompiledRoute => {
    const answer = answers[route.pattern];
    return answer ? { ...route, run: () => answer() } : route;
  });
  return { ...app, routes, patterns: app.patterns, startup: app.startup, shutdown: app.shutdown };
}
