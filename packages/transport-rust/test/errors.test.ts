// The error registry is pinned: codes are public API, and each is documented in the README.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { BoltRustError, RustErrorCode, serve } from '../src/index.js';
import { api } from './fixtures/probe-app.js';

t.test('error codes are stable and documented', async (t) => {
  t.same(Object.values(RustErrorCode).sort(), [
    'BOLT_ERR_RUST_LISTEN',
    'BOLT_ERR_RUST_NATIVE_LOAD',
    'BOLT_ERR_RUST_OPTIONS',
    'BOLT_ERR_RUST_ROUTES',
    'BOLT_ERR_RUST_WORKERS_NEED_MODULE',
    'BOLT_ERR_RUST_WORKER_START',
  ]);
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  for (const code of Object.values(RustErrorCode)) t.ok(readme.includes(code), `${code} is in the README`);
});

t.test('startup errors carry their code', async (t) => {
  // The runtime is core's on every engine, and so is this refusal.
  await t.rejects(serve(api, { workers: 2, port: 0 }), { code: 'BOLT_ERR_RUNTIME_NEEDS_MODULE' });
  await t.rejects(serve(api, { port: -1 }), { code: RustErrorCode.OPTIONS });
  const first = await serve(api, { port: 0 });
  t.teardown(() => first.close({ graceMs: 100 }));
  const taken = serve(api, { port: first.port });
  await t.rejects(taken, { code: RustErrorCode.LISTEN });
  await taken.catch((e: unknown) => t.ok(e instanceof BoltRustError));
  await t.rejects(
    serve(
      { module: new URL('./fixtures/example-like.js', import.meta.url), export: 'nope' },
      { port: 0, workers: 2 },
    ),
    { code: 'BOLT_ERR_APP_MODULE_EXPORT' },
  );
});
