/**
 * Reliability: a seeded run of malformed and mutated requests. No case may crash or hang the
 * server, none may be answered with a server error, and the server answers normally afterwards.
 */
import type { Test } from 'tap';
import type { CaseContext } from '../target.js';
import { caseBytes, fuzzCases } from './fuzz-cases.js';
import { processIdentities } from './identities.js';
import { isServerFault, pool, sendRaw } from './send-raw.js';
import { watchHealth } from './watch-health.js';

/** Options of the fuzz run. */
export interface FuzzOptions {
  /** Cases sent. Default 20 000 (`BOLT_FUZZ_CASES` overrides). */
  cases?: number;
  /** Seed of the case generator. Default 0xb017 (`BOLT_FUZZ_SEED` overrides). */
  seed?: number;
  /** Connections open at once (one case per connection). Default 128. */
  connections?: number;
}

// A case nobody answers is dropped after this long without a byte: an engine holding an
// unparsable head until its own idle timeout must not make the run wait for it.
const IDLE_MS = 150;

export async function testFuzz(
  t: Test,
  { server, target }: CaseContext,
  opts: FuzzOptions = {},
): Promise<void> {
  const seed = opts.seed ?? Number(process.env.BOLT_FUZZ_SEED ?? 0xb017);
  const count = opts.cases ?? Number(process.env.BOLT_FUZZ_CASES ?? 20_000);
  const cases = fuzzCases(seed, count);
  const before = await processIdentities(server.port, target);
  const health = watchHealth(server.port);
  const started = Date.now();
  const outcomes = await pool(cases, opts.connections ?? 128, (c) =>
    sendRaw(server.port, caseBytes(c), { idleMs: IDLE_MS, firstResponse: true }),
  );
  const elapsed = Date.now() - started;
  const unhealthy = await health.stop();

  const byStatus = new Map<string, number>();
  for (const o of outcomes) {
    const key = o.statuses.length > 0 ? o.statuses.join('+') : o.closed ? 'closed' : 'held';
    byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
  }
  t.comment(
    `fuzz seed ${seed}: ${count} cases in ${elapsed} ms; answers: ${[...byStatus].map(([k, v]) => `${k} ${v}`).join(', ')}`,
  );

  const faults = outcomes.flatMap((o, i) => (o.statuses.some(isServerFault) ? [i] : []));
  t.same(
    faults.slice(0, 5).map((i) => ({
      index: i,
      request: caseBytes(cases[i]!).toString('latin1'),
      got: outcomes[i]?.statuses,
    })),
    [],
    `no mutated request is answered with a server error (${faults.length} were; seed ${seed})`,
  );
  t.equal(
    outcomes.filter((o) => o.refused).length,
    0,
    'no connection refused during the run (the server never went down)',
  );
  t.same(unhealthy, [], 'a normal request made during the run was always answered within 5 s');

  for (let i = 0; i < 5; i++) {
    const res = await fetch(`${server.url}/items/${i}`);
    t.equal(res.status, 200, `healthy after the fuzz run (${i + 1}/5)`);
    await res.arrayBuffer();
  }
  const after = await processIdentities(server.port, target);
  t.same(after, before, 'no process or worker thread was replaced during the run (none crashed)');
}
