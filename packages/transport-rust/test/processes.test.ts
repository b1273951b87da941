// processes: P servers share one port through SO_REUSEPORT; the kernel spreads connections.
import t from 'tap';
import { serve } from '../src/index.js';

const app = { module: new URL('./fixtures/probe-app.js', import.meta.url), export: 'api' };

t.test('connections are spread over the processes', async (t) => {
  const server = await serve(app, { port: 0, processes: 2 });
  t.teardown(() => server.close({ graceMs: 1000 }));
  const pids = new Set<number>();
  // Each fetch with `connection: close` opens a fresh connection, which the kernel hashes to a process.
  for (let i = 0; i < 40 && pids.size < 2; i++) {
    const res = await fetch(`${server.url}/who`, { headers: { connection: 'close' } });
    pids.add(((await res.json()) as { pid: number }).pid);
  }
  t.equal(pids.size, 2, `two processes answered (${[...pids].join(', ')})`);
  t.notOk(pids.has(process.pid), 'not the test process');
});
