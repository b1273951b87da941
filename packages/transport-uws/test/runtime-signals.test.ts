/**
 * The shared runtime on the uWS engine, in real processes: SIGTERM drains slow requests in flight
 * and exits 0 on every topology (uWS drained before; this pins it), and children whose
 * supervisor is SIGKILLed finish their requests and exit.
 */
import t from 'tap';
import { startServer, testSignalDrains, testSupervisorLoss } from '../../core/test/fixtures/runtime-harness.mjs';

const uws = new URL('../dist/index.js', import.meta.url);

t.test('uws P=1 W=1: SIGTERM with 50 slow requests in flight', (t) =>
  testSignalDrains(t, uws, { requests: 50 }),
);
t.test('uws P=1 W=2: SIGTERM with 50 slow requests in flight', (t) =>
  testSignalDrains(t, uws, { workers: 2, requests: 50 }),
);
t.test('uws P=2 W=1: SIGTERM with 50 slow requests in flight', (t) =>
  testSignalDrains(t, uws, { processes: 2, requests: 50 }),
);
t.test('uws P=2: SIGKILL of the supervisor, the children drain and exit', (t) =>
  testSupervisorLoss(t, uws, { processes: 2 }),
);
t.test('uws P=2 W=2: SIGKILL of the supervisor, the children drain and exit', (t) =>
  testSupervisorLoss(t, uws, { processes: 2, workers: 2 }),
);

t.test('uws: a failing start-up handler stops the process, non-zero, with its message', async (t) => {
  await t.rejects(startServer(uws, { BOLT_TEST_STARTUP_FAIL: '1' }), {
    message: /server exited \(1\) before listening[\s\S]*BOLT_ERR_STARTUP_FAILED[\s\S]*database unreachable/,
  });
  await t.rejects(startServer(uws, { BOLT_TEST_STARTUP_FAIL: '1', P: '2' }), {
    message: /server exited \(1\) before listening[\s\S]*database unreachable/,
  });
  await t.rejects(startServer(uws, { BOLT_TEST_STARTUP_FAIL: '1', WORKERS: '2' }), {
    message: /server exited \(1\) before listening[\s\S]*database unreachable/,
  });
});
