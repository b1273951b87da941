/**
 * `serve()`'s runtime options, the same on every engine: defaults, refusals with their codes, and
 * what the engine's `listen` receives.
 */
import t from 'tap';
import { BoltAPI, defaultLogger } from '../src/index.js';
import { nodePortSharing } from '../src/node/node-transport.js';
import { serve } from '../src/node/serve.js';
import { RuntimeErrorCode, resolveServeOptions } from '../src/runtime/index.js';

t.test('defaults: one process, one thread, 10 s grace, signals handled, Bolt logger', async (t) => {
  const { runtime, listen } = resolveServeOptions({ port: 0, maxHeaderSize: 8192 });
  t.same(
    { ...runtime, logger: runtime.logger === defaultLogger() },
    { processes: 1, workers: 1, graceMs: 10_000, handleSignals: true, logger: true },
  );
  t.same(listen, { port: 0, maxHeaderSize: 8192 }, "the engine's options pass through untouched");
  t.ok(Object.isFrozen(runtime));
});

for (const [name, value] of [
  ['processes', 0],
  ['workers', 1.5],
  ['graceMs', -1],
] as const) {
  t.test(`${name}: ${value} is refused with BOLT_ERR_RUNTIME_OPTION_INVALID`, async (t) => {
    t.throws(() => resolveServeOptions({ [name]: value }), {
      code: RuntimeErrorCode.OPTION_INVALID,
      message: new RegExp(`option ${name} must be an integer`),
    });
  });
}

t.test('processes or workers > 1 with the app object: BOLT_ERR_RUNTIME_NEEDS_MODULE', async (t) => {
  await t.rejects(serve(new BoltAPI(), { port: 0, workers: 2 }), {
    code: RuntimeErrorCode.NEEDS_MODULE,
    message: /needs the app's module/,
  });
});

t.test('node:http shares a port from Node 22.12 / 23.1 only, and says so', async (t) => {
  for (const v of ['22.12.0', '23.1.0', '24.0.0']) t.equal(nodePortSharing(v), undefined, v);
  for (const v of ['20.20.2', '22.11.0', '23.0.0']) t.match(nodePortSharing(v), /only from Node 22\.12/, v);
  if (nodePortSharing() !== undefined) {
    await t.rejects(
      serve({ module: new URL('./fixtures/runtime-app.mjs', import.meta.url) }, { workers: 2 }),
      {
        code: RuntimeErrorCode.PORT_SHARING_UNSUPPORTED,
      },
    );
  }
});
