/**
 * The reliability suite: what a server must survive, on every engine. Seeded fuzzing, smuggling
 * frames, slow clients, a child killed under load (multi-process targets) and SIGTERM with slow
 * requests in flight (targets that say how to start in a child process).
 *
 * @example
 * import { runReliability } from '@bolt/conformance';
 * runReliability(t, { name: 'uws', start: (spec) => serve(spec.api, { port: 0 }) });
 */
import type { Test } from 'tap';
import { conformanceApp } from '../app-spec.js';
import type { CaseContext, ConformanceTarget } from '../target.js';
import { testChildKill } from './child-kill.js';
import { type FuzzOptions, testFuzz } from './fuzz.js';
import { testSigtermDrain } from './sigterm-drain.js';
import { testSlowClients } from './slow-clients.js';
import { testSmuggling } from './smuggling.js';

/** Options of the reliability suite. */
export interface ReliabilityOptions {
  fuzz?: FuzzOptions;
}

/** Runs every reliability case against `target`. */
export function runReliability(t: Test, target: ConformanceTarget, opts: ReliabilityOptions = {}): void {
  t.test(`reliability: ${target.name}`, async (t) => {
    const server = await target.start(conformanceApp);
    t.teardown(() => server.close({ graceMs: 1000 }));
    const ctx: CaseContext = { server, target, spec: conformanceApp };
    await t.test('seeded fuzz of malformed requests', (t) => testFuzz(t, ctx, opts.fuzz));
    await t.test('request smuggling', (t) => testSmuggling(t, ctx));
    await t.test('slow clients', (t) => testSlowClients(t, ctx));
    const child = target.child;
    if (child && (target.topology?.processes ?? 1) > 1) {
      await t.test('a child killed under load', (t) => testChildKill(t, target, child));
    }
    if (child) await t.test('SIGTERM with slow requests in flight', (t) => testSigtermDrain(t, child));
  });
}
