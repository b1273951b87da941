/** The small pieces of @bolt/core/runtime that need no socket: restart back-off and in-flight counting. */
import { freePort, InFlight, RestartPolicy } from '@bolt/core/runtime';
import t from 'tap';

t.test('RestartPolicy: occasional crashes restart at once, a crash loop backs off up to 5 s', async (t) => {
  const policy = new RestartPolicy();
  const now = 1_000_000;
  const delays = Array.from({ length: 8 }, (_, i) => policy.nextDelay(now + i));
  t.same(delays, [0, 0, 0, 250, 500, 1000, 2000, 4000]);
  t.equal(policy.nextDelay(now + 9), 5000, 'capped');
  t.equal(policy.nextDelay(now + 60_000), 0, 'forgotten after 10 s without crashes');
});

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

t.test('freePort: a port that can be bound', async (t) => {
  const port = await freePort();
  t.ok(port > 0 && port < 65536);
});
