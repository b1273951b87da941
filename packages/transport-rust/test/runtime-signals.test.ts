/**
 * The shared runtime on the Rust engine, in real processes: SIGTERM drains slow requests in flight
 * and exits 0 on every topology (before: requests cut, curl 000, exit 143), and children whose
 * supervisor is SIGKILLed finish their requests and exit (before: they served on with parent pid 1).
 */
import t from 'tap';
import {
  startServer,
  testSignalDrains,
  testSupervisorLoss,
} from '../../core/test/fixtures/runtime-harness.mjs';

const rust = new URL('../dist/index.js', import.meta.url);

t.test('rust P=1 W=1: SIGTERM with 50 slow requests in flight', (t) =>
  testSignalDrains(t, rust, { requests: 50 }),
);
t.test('rust P=1 W=2: SIGTERM with 50 slow requests in flight', (t) =>
  testSignalDrains(t, rust, { workers: 2, requests: 50 }),
);
t.test('rust P=2 W=1: SIGTERM with 50 slow requests in flight', (t) =>
  testSignalDrains(t, rust, { processes: 2, requests: 50 }),
);
t.test('rust P=2: SIGKILL of the supervisor, the children drain and exit', (t) =>
  testSupervisorLoss(t, rust, { processes: 2 }),
);
t.test('rust P=2 W=2: SIGKILL of the supervisor, the children drain and exit', (t) =>
  testSupervisorLoss(t, rust, { processes: 2, workers: 2 }),
);

t.test('rust: a failing start-up handler stops the process, non-zero, with its message', async (t) => {
  await t.rejects(startServer(rust, { BOLT_TEST_STARTUP_FAIL: '1' }), {
    message: /server exited \(1\) before listening[\s\S]*BOLT_ERR_STARTUP_FAILED[\s\S]*database unreachable/,
  });
  await t.rejects(startServer(rust, { BOLT_TEST_STARTUP_FAIL: '1', P: '2' }), {
    message: /server exited \(1\) before listening[\s\S]*database unreachable/,
  });
  await t.rejects(startServer(rust, { BOLT_TEST_STARTUP_FAIL: '1', WORKERS: '2' }), {
    message: /server exited \(1\) before listening[\s\S]*database unreachable/,
  });
});
