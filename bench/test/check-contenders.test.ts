/**
 * Every contender (Bolt on each transport and every peer) answers every endpoint it takes part in
 * with the expected status and body: the promise behind "each serving the same bodies". No load.
 * The ORM rows read the example's own SQLite file, which the first Bolt contender creates.
 */
import t from 'tap';
import { checkContenders } from '../src/check-contenders.js';
import { CONTENDERS, rowSkip } from '../src/contenders.js';
import { ENDPOINTS } from '../src/endpoints.js';
import { exampleDbPath } from '../src/example-db.js';

// One server start per contender and setup (app, row env): well over tap's default on a loaded machine.
t.setTimeout(400_000);

t.test('all contenders serve the same bodies on all their endpoints', async (t) => {
  const checks = await checkContenders(CONTENDERS, ENDPOINTS, exampleDbPath());
  for (const c of checks) {
    const contender = CONTENDERS.find((x) => x.id === c.contender)!;
    const endpoint = ENDPOINTS.find((e) => e.id === c.endpoint)!;
    // A compressed row a contender cannot serve is reported skipped, with its reason.
    const expected = rowSkip(contender, endpoint) ? 'skipped' : 'ok';
    t.equal(c.status, expected, `${c.contender} ${c.endpoint}${c.reason ? `: ${c.reason}` : ''}`);
  }
  const count = (id: string) => checks.filter((c) => c.contender === id).length;
  t.equal(count('bolt-uws'), ENDPOINTS.length, 'Bolt takes every row, scaling included');
  const cost = ENDPOINTS.filter((e) => e.group === 'cost').length;
  t.equal(
    count('fastify'),
    ENDPOINTS.length - cost,
    'Fastify too, but for the cost rows (Bolt against itself)',
  );
  t.equal(count('bolt-uws-bare'), cost, 'Bolt without its batteries: the cost rows only');
  t.equal(count('bolt-rust-bare'), cost + 2, 'on Rust also the compressed rows (the engine compresses)');
  t.equal(count('bolt-rust-js'), cost, 'Bolt on Rust with native forms off: the cost rows only');
  t.equal(count('elysia-bun'), 10, 'Elysia: the table rows (compressed ones skipped)');
  t.equal(count('uws-raw'), 8, 'hand-written peers: the table rows without the ORM');
  t.equal(checks.length, 3 * 21 + 18 + 2 * 8 + 3 * 10 + 4 * 3 + 2);
});
