/** The small pieces of @bolt/core/runtime that need no socket: restart back-off and in-flight counting. */

import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { freePort, InFlight, RestartPolicy, RestartScheduler } from '@bolt/core/runtime';
import t from 'tap';

t.test('RestartPolicy: occasional crashes restart at once, a crash loop backs off up to 5 s', async (t) => {
  const policy = new RestartPolicy();
  const now = 1_000_000;
  const delays = Array.from({ length: 8 }, (_, i) => policy.nextDelay(now + i));
  t.same(delays, [0, 0, 0, 250, 500, 1000, 2000, 4000]);
  t.equal(policy.nextDelay(now + 9), 5000, 'capped');
  t.equal(policy.nextDelay(now + 60_000), 0, 'forgotten after 10 s without crashes');
});

t.test(
  'RestartScheduler: restarts each slot after its own back-off, logs why, stops when closed',
  async (t) => {
    const lines: { obj: object; msg?: string }[] = [];
    const log = { error() {}, info() {}, warn: (obj: object, msg?: string) => lines.push({ obj, msg }) };
    const restarter = new RestartScheduler(log, 'worker');
    const slots = [0, 1, 2, 3].map(() => new RestartPolicy());
    const started: number[] = [];
    await new Promise<void>((resolve) => {
      restarter.schedule(slots[0]!, { code: 1 }, () => started.push(0));
      restarter.schedule(slots[1]!, { code: 2 }, () => {
        started.push(1);
        resolve();
      });
    });
    t.same(started, [0, 1], 'both slots started again');
    t.equal(restarter.restarts, 2);
    t.same(lines[0], { obj: { code: 1, delayMs: 0 }, msg: 'bolt: worker exited; restarting' });
    // A fourth crash of one slot within 10 s waits 250 ms: closing meanwhile cancels it.
    for (let i = 0; i < 3; i++) restarter.schedule(slots[2]!, { code: 3 }, () => {});
    let late = false;
    restarter.schedule(slots[2]!, { code: 3 }, () => {
      late = true;
    });
    t.match(lines.at(-1), { obj: { delayMs: 250 } }, 'a crash loop backs off');
    restarter.close();
    restarter.schedule(slots[3]!, { code: 4 }, () => {
      late = true;
    });
    await new Promise((r) => setTimeout(r, 400));
    t.equal(late, false, 'nothing starts after close');
    t.equal(restarter.restarts, 6, 'a restart refused after close is not counted');
  },
);

t.test('InFlight: idle() waits for the last request, or gives up after the grace period', async (t) => {
  const inFlight = new InFlight();
  t.equal(await inFlight.idle(10), true, 'idle at once when nothing runs');
  inFlight.begin();
  inFlight.begin();
  t.equal(await inFlight.idle(20), false, 'grace period ran out');
  const drained = inFlight.idle(5_000);
  inFlight.end();
  t.equal(inFlight.size, 1);
  inFlight.end();
  t.equal(await drained, true, 'woken when the last one ends');
});

t.test(
  'freePort: a port that can be bound, below the range the OS assigns to outgoing sockets',
  async (t) => {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const port = await freePort();
    t.ok(port >= 10_000 && port < Number(low), `${port} is below the ephemeral range (from ${low})`);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    t.pass('it can be listened on');
    await new Promise((resolve) => server.close(resolve));
  },
);
