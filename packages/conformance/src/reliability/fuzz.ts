/**
 * Reliability: a seeded run of malformed and mutated requests. No case may crash or hang the
 * server, none may be answered with a server error, and the server answers normally afterwards.
 */
import type { Test } from 'tap';
import type { CaseContext } from '../target.js';
import { caseBytes, fuzzCases } from './fuzz-cases.js';
import { processIdentities } from './identities.js';
import { isServerFault, pool, type RawOutcome, sendRaw } from './send-raw.js';

/** Options of the fuzz run. */
export interface FuzzOptions {
  /** Cases sent. Default 20 000 (`BOLT_FUZZ_CASES` overrides). */
  cases?: number;
  /** Seed of the case generator. Default 0xb017 (`BOLT_FUZZ_SEED` overrides). */
  seed?: number;
  /** Connections open at once (one case per connection). Default 256. */
  connections?: number;
}

// A case nobody answers is dropped after a while without a byte: an engine holding an unparsable
// head until its own idle timeout must not make the run wait for it. How long: three times what
// answered cases took lately (a loaded machine answers everything later), within these bounds. A
// late answer is then not seen: that weakens the 5xx check on a loaded machine, never fails it.
const IDLE_MIN_MS = 300;
const IDLE_MAX_MS = 1000;

/** The idle wait, from the time to first byte of the last answered cases. */
class AdaptiveIdle {
  #recent: number[] = [];
  record(firstByteMs: number | undefined): void {
    if (firstByteMs === undefined) return;
    this.#recent.push(firstByteMs);
    if (this.#recent.length > 200) this.#recent.shift();
  }
  idleMs(): number {
    const sorted = [...this.#recent].sort((a, b) => a - b);
    const p90 = sorted[Math.floor(sorted.length * 0.9)] ?? 0;
    return Math.min(IDLE_MAX_MS, Math.max(IDLE_MIN_MS, 3 * p90));
  }
}

/** Cases between two hang checks, and how long a normal request may take to be answered in one. */
const BATCH = 2500;
const HANG_DEADLINE_MS = 30_000;

/** True when `GET /` is answered 200 within `deadlineMs` (retried on new connections until then). */
async function answersWithin(port: number, deadlineMs: number): Promise<boolean> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    const out = await sendRaw(port, Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), {
      idleMs: until - Date.now(),
      maxMs: until - Date.now(),
      firstResponse: true,
    });
    if (out.statuses[0] === 200) return true;
  }
  return false;
}

export async function testFuzz(
  t: Test,
  { server, target }: CaseContext,
  opts: FuzzOptions = {},
): Promise<void> {
  const seed = opts.seed ?? Number(process.env.BOLT_FUZZ_SEED ?? 0xb017);
  const count = opts.cases ?? Number(process.env.BOLT_FUZZ_CASES ?? 20_000);
  const cases = fuzzCases(seed, count);
  const before = await processIdentities(server.port, target);
  const connections = opts.connections ?? 256;
  const started = Date.now();
  const outcomes: RawOutcome[] = [];
  const wait = new AdaptiveIdle();
  const hangs: number[] = [];
  // In batches, each followed by a normal request: a hung server never answers it, while a merely
  // busy machine answers late, so the check is a deadline, not a speed.
  for (let from = 0; from < cases.length; from += BATCH) {
    const batch = cases.slice(from, from + BATCH);
    outcomes.push(
      ...(await pool(batch, connections, (c) =>
        sendRaw(server.port, caseBytes(c), { idleMs: wait.idleMs(), firstResponse: true }).then((o) => {
          wait.record(o.firstByteMs);
          return o;
        }),
      )),
    );
    if (!(await answersWithin(server.port, HANG_DEADLINE_MS))) hangs.push(from + batch.length);
  }
  const elapsed = Date.now() - started;

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
  t.same(
    hangs,
    [],
    `after every ${BATCH} cases a normal request is answered within ${HANG_DEADLINE_MS / 1000} s (no hang)`,
  );

  for (let i = 0; i < 5; i++) {
    const res = await fetch(`${server.url}/items/${i}`);
    t.equal(res.status, 200, `healthy after the fuzz run (${i + 1}/5)`);
    await res.arrayBuffer();
  }
  const after = await processIdentities(server.port, target);
  t.same(after, before, 'no process or worker thread was replaced during the run (none crashed)');
}
