/**
 * Reliability: one child process of a multi-process server is killed (SIGKILL) under load. The
 * supervisor replaces it within seconds, the load never gets a server error, and once healed
 * every request is answered. The server runs from the engine's build in a process of its own
 * (`ConformanceTarget.child`), as in production: no TypeScript loader slows the restart.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Test } from 'tap';
import type { ConformanceTarget } from '../target.js';
import { type ChildServe, startChildServer } from './child-server.js';
import { askIdentity, processIdentities } from './identities.js';
import { isServerFault, sendRaw } from './send-raw.js';

const HEAL_DEADLINE_MS = 60_000;
const LOAD_LANES = 8;

export async function testChildKill(t: Test, target: ConformanceTarget, serve: ChildServe): Promise<void> {
  const server = await startChildServer(serve);
  t.teardown(() => {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
    return server.exited;
  });
  const before = await processIdentities(server.port, target);
  const pids = new Set(before.map((id) => Number(id.split('/')[0])));
  t.equal(pids.size, target.topology?.processes ?? 1, `all ${pids.size} processes answer before the kill`);
  const [victim] = pids;
  if (victim === undefined) return;

  let loading = true;
  const statuses: number[] = [];
  let failedConnections = 0;
  const lanes = Array.from({ length: LOAD_LANES }, async () => {
    while (loading) {
      const out = await sendRaw(server.port, Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), {
        idleMs: 5000,
        maxMs: 5000,
        firstResponse: true,
      });
      if (out.statuses.length === 0) failedConnections++;
      statuses.push(...out.statuses);
    }
  });
  await sleep(500);
  const killedAt = Date.now();
  process.kill(victim, 'SIGKILL');

  let healedAfter: number | undefined;
  while (healedAfter === undefined && Date.now() - killedAt < HEAL_DEADLINE_MS) {
    const answers = await Promise.all(Array.from({ length: 8 }, () => askIdentity(server.port)));
    if (answers.some((a) => a && !pids.has(a.pid))) healedAfter = Date.now() - killedAt;
    else await sleep(50);
  }
  await sleep(500);
  loading = false;
  await Promise.all(lanes);

  t.comment(
    `killed pid ${victim}: replacement answered after ${healedAfter ?? 'never'} ms; ` +
      `${statuses.length} answers under load, ${failedConnections} connections without one`,
  );
  t.ok(
    healedAfter !== undefined,
    `a replacement process answers within ${HEAL_DEADLINE_MS / 1000} s of the kill`,
  );
  t.equal(statuses.filter(isServerFault).length, 0, 'no request under load was answered with a server error');
  const after = await Promise.all(
    Array.from({ length: 50 }, () =>
      sendRaw(server.port, Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), {
        idleMs: 5000,
        firstResponse: true,
      }),
    ),
  );
  t.equal(
    after.filter((o) => o.statuses[0] === 200).length,
    50,
    'once healed, 50 new connections are all answered 200',
  );
}
