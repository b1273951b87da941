/**
 * The shared runtime on the uWS engine, in real processes: SIGTERM drains slow requests in flight
 * and exits 0 on every topology (uWS drained before; this pins it), and children whose
 * supervisor is SIGKILLed finish their requests and exit.
 */
import t from 'tap';
import { testSignalDrains, testSupervisorLoss } from '../../core/test/runtime-harness.js';

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
