/** Conformance: close() lets in-flight requests finish, then refuses new connections. */
import type { Test } from 'tap';
import type { CaseContext } from '../index.js';
import { exchange, openSocket } from '../raw-http.js';

export async function testGracefulClose(t: Test, { target, spec }: CaseContext): Promise<void> {
  const server = await target.start(spec);
  const inFlight = Array.from({ length: 10 }, () =>
    exchange(server.port, 'GET /slow?ms=400 HTTP/1.1\r\nHost: x\r\n\r\n', 1, { timeoutMs: 5000 }),
  );
  await new Promise((r) => setTimeout(r, 150));
  await server.close({ graceMs: 5000 });
  const results = await Promise.all(inFlight);
  t.same(
    results.map((r) => r.responses[0]?.status),
    Array(10).fill(200),
    'every in-flight request finished with 200 during close',
  );
  t.ok(
    results.every((r) => r.responses[0]?.body.toString() === '{"ok":true,"ms":400}'),
    'in-flight responses complete',
  );
  await t.rejects(openSocket(server.port), 'new connections refused after close');
}
