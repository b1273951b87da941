/**
 * `--check`: starts every contender once per app and asks it every endpoint it takes part in, with
 * no load: the quick proof that all contenders serve the same bodies (the table checks each row too).
 */
import { checkAnswer } from './check-answer.js';
import { type Contender, rowSkip } from './contenders.js';
import type { Endpoint } from './endpoints.js';
import { takesPart } from './run-bench.js';
import { ServerStartError, startServer } from './server-process.js';

/** One contender's answer to one endpoint. */
export interface CheckResult {
  contender: string;
  endpoint: string;
  status: 'ok' | 'wrong' | 'skipped' | 'failed';
  reason?: string;
}

/** The server setup an endpoint needs: its app and its extra environment. */
const setupKey = (e: Endpoint) => `${e.group}|${JSON.stringify(e.env ?? {})}`;

/** Checks every contender on every endpoint it takes part in (DB rows only with `db`). */
export async function checkContenders(
  contenders: readonly Contender[],
  endpoints: readonly Endpoint[],
  db?: string,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const contender of contenders) {
    const own = endpoints.filter((e) => takesPart(contender, e) && (!e.needsDb || (contender.orm && db)));
    for (const e of own.filter((x) => rowSkip(contender, x))) {
      results.push({
        contender: contender.id,
        endpoint: e.id,
        status: 'skipped',
        reason: rowSkip(contender, e)!,
      });
    }
    const setups = new Map<string, Endpoint[]>();
    for (const e of own.filter((x) => !rowSkip(contender, x)))
      setups.set(setupKey(e), [...(setups.get(setupKey(e)) ?? []), e]);
    for (const group of setups.values()) {
      const report = (e: Endpoint, status: CheckResult['status'], reason?: string) =>
        results.push({ contender: contender.id, endpoint: e.id, status, ...(reason ? { reason } : {}) });
      const launch = contender.launch();
      if ('skip' in launch) {
        for (const e of group) report(e, 'skipped', launch.skip);
        continue;
      }
      const first = group[0]!;
      const env: Record<string, string> = {
        BENCH_APP: first.group === 'scaling' ? 'scaling' : 'example',
        ...(db && group.some((e) => e.needsDb) ? { BENCH_DB: db, BOLT_SQLITE_PATH: db } : {}),
        ...first.env,
      };
      let server: Awaited<ReturnType<typeof startServer>>;
      try {
        server = await startServer({ launch, endpoint: first, env, anyAnswer: true });
      } catch (error) {
        const status = error instanceof ServerStartError && error.kind === 'not-built' ? 'skipped' : 'failed';
        for (const e of group) report(e, status, (error as Error).message);
        continue;
      }
      try {
        for (const e of group) {
          const verdict = await checkAnswer(server.url, e);
          if (verdict.kind === 'ok') report(e, 'ok');
          else report(e, verdict.kind === 'wrong' ? 'wrong' : 'failed', verdict.reason);
        }
      } finally {
        await server.stop();
      }
    }
  }
  return results;
}
