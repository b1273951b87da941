/**
 * Reliability: many slow clients at once (heads and bodies trickled a byte at a time). Each is cut
 * within the server's timeout while normal requests keep being answered.
 */
import type { Test } from 'tap';
import {
  SLOW_BODY_DRIP,
  SLOW_BODY_HEAD,
  SLOW_HEAD,
  SLOW_HEAD_DRIP,
  TIMEOUT_TICK_MS,
  trickle,
} from '../cases/timeouts.js';
import { strictUnlessDeclared } from '../known-limits.js';
import { type CaseContext, resolveTimeouts } from '../target.js';
import { watchHealth } from './watch-health.js';

// A normal request's deadline while the slow clients hold their connections: far above a normal
// answer even on a loaded machine, far below the timeouts a stuck server would show.
const HEALTH_WITHIN_MS = 15_000;

/** Slow connections of each kind held open at once. */
const SLOW_EACH = 25;

export async function testSlowClients(t: Test, { server, target }: CaseContext): Promise<void> {
  const { headersMs, requestMs } = resolveTimeouts(target);
  const limits = target.knownLimits ?? {};
  const health = watchHealth(server.port, 200, HEALTH_WITHIN_MS);
  const [heads, bodies] = await Promise.all([
    Promise.all(
      Array.from({ length: SLOW_EACH }, () =>
        trickle(server.port, SLOW_HEAD, SLOW_HEAD_DRIP, headersMs + TIMEOUT_TICK_MS * 2),
      ),
    ),
    Promise.all(
      Array.from({ length: SLOW_EACH }, () =>
        trickle(server.port, SLOW_BODY_HEAD, SLOW_BODY_DRIP, requestMs + TIMEOUT_TICK_MS * 2),
      ),
    ),
  ]);
  const misses = await health.stop();
  for (const c of [...heads, ...bodies]) c.destroy();

  const late = (conns: typeof heads, limitMs: number) =>
    conns.filter((c) => (c.closedAfterMs ?? Number.POSITIVE_INFINITY) > limitMs + TIMEOUT_TICK_MS).length;
  t.equal(late(heads, headersMs), 0, `all ${SLOW_EACH} slow heads cut within ${headersMs} ms (+ tick)`);
  t.equal(late(bodies, requestMs), 0, `all ${SLOW_EACH} slow bodies cut within ${requestMs} ms (+ tick)`);
  t.equal(
    bodies.filter((c) => c.responses()[0]?.status === 408).length,
    SLOW_EACH,
    `all ${SLOW_EACH} slow bodies answered 408`,
  );
  const headAnswers = heads.map((c) => c.responses()[0]?.status);
  strictUnlessDeclared(
    t,
    limits,
    'slow-head-unanswered',
    { responses: heads.flatMap((c) => c.responses()), closed: heads.every((c) => c.closed) },
    () => t.same(headAnswers, Array(SLOW_EACH).fill(408), `all ${SLOW_EACH} slow heads answered 408`),
  );
  t.same(
    misses,
    [],
    'normal requests made while the slow clients were connected were all answered within 5 s',
  );
}
