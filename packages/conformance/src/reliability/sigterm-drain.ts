/**
 * Reliability: SIGTERM with slow requests in flight. Every one of them finishes with its full
 * answer, the server exits 0, and the port is free afterwards. Engines' own tests call this with
 * how they are started in a child process.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Test } from 'tap';
import { arrivalsPath } from '../conformance-app.js';
import { exchange, openSocket } from '../raw-http.js';
import { type ChildServe, startChildServer } from './child-server.js';

/** Options of the SIGTERM case. */
export interface SigtermDrainOptions {
  /** Slow requests in flight when SIGTERM arrives. Default 100. */
  requests?: number;
  /** How long each one takes in its handler, in ms (within the engine's grace period). Default 2000. */
  slowMs?: number;
}

/**
 * @example
 * await t.test('SIGTERM drains', (t) =>
 *   testSigtermDrain(t, { module: new URL('../src/index.ts', import.meta.url) }));
 */
export async function testSigtermDrain(
  t: Test,
  serve: ChildServe,
  { requests = 100, slowMs = 2000 }: SigtermDrainOptions = {},
): Promise<void> {
  const server = await startChildServer(serve);
  t.teardown(() => {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  });
  const tag = `sigterm-${process.pid}-${Date.now().toString(36)}`;
  const arrivals = arrivalsPath(tag);
  t.teardown(() => rmSync(arrivals, { force: true }));
  const arrived = () => (existsSync(arrivals) ? readFileSync(arrivals).length : 0);

  const inFlight = Array.from({ length: requests }, () =>
    exchange(server.port, `GET /slow?ms=${slowMs}&arrivals=${tag} HTTP/1.1\r\nHost: x\r\n\r\n`, 1, {
      timeoutMs: 60_000,
    }),
  );
  // Signal once every request is inside its handler: one still in an accept queue would be refused,
  // which is right for a server shutting down but not what this case checks.
  const deadline = Date.now() + 30_000;
  while (arrived() < requests && Date.now() < deadline) await sleep(20);
  t.equal(arrived(), requests, `all ${requests} slow requests reached their handlers`);

  server.child.kill('SIGTERM');
  const results = await Promise.all(inFlight);
  const body = JSON.stringify({ ok: true, ms: slowMs });
  t.equal(
    results.filter((r) => r.responses[0]?.status === 200 && r.responses[0].body.toString() === body).length,
    requests,
    `every one of the ${requests} in-flight requests finished with its full 200 answer after SIGTERM`,
  );
  const code = await Promise.race([server.exited, sleep(30_000, 'still running after 30 s')]);
  t.equal(code, 0, 'the server exits 0 after draining');
  await t.rejects(openSocket(server.port), 'the port refuses connections after the server exited');
}
