/**
 * Every contender (Bolt on each transport and every peer) answers every endpoint it takes part in
 * with the expected status and body: the promise behind "each serving the same bodies". No load.
 * The ORM rows read the example's own SQLite file, which the first Bolt contender creates.
 */
import t from 'tap';
import { checkContenders } from '../src/check-contenders.js';
import { CONTENDERS } from '../src/contenders.js';
import { ENDPOINTS } from '../src/endpoints.js';
import { exampleDbPath } from '../src/example-db.js';

t.test('all contenders serve the same bodies on all their endpoints', async (t) => {
  const checks = await checkContenders(CONTENDERS, ENDPOINTS, exampleDbPath());
  for (const c of checks)
    t.equal(c.status, 'ok', `${c.contender} ${c.endpoint}${c.reason ? `: ${c.reason}` : ''}`);
  const count = (id: string) => checks.filter((c) => c.contender === id).length;
  t.equal(count('bolt-uws'), ENDPOINTS.length, 'Bolt takes every row, scaling included');
  t.equal(count('fastify'), ENDPOINTS.length, 'Fastify too');
  t.equal(count('elysia-bun'), 8, 'Elysia: the table rows');
  t.equal(count('uws-raw'), 6, 'hand-written peers: the table rows without the ORM');
  t.equal(checks.length, 3 * 16 + 16 + 2 * 6 + 3 * 8);
});
