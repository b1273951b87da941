/**
 * The error registry: every code is documented in the README's Errors table, and each startup
 * error is raised for real (listen conflict, multi-thread serve without an app module).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { BoltAPI } from '@bolt/core';
import t from 'tap';
import { BoltUwsError, serve, UwsErrorCode } from '../src/index.js';

t.test('every error code is documented in the README, and only those', async (t) => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const documented = [...readme.matchAll(/`(BOLT_ERR_UWS_[A-Z_]+)`/g)].map((m) => m[1]);
  t.same([...new Set(documented)].sort(), Object.values(UwsErrorCode).sort());
});

t.test('a port held by a server that does not share it: BOLT_ERR_UWS_LISTEN_FAILED', async (t) => {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  t.teardown(() => holder.close());
  const port = (holder.address() as { port: number }).port;
  const api = new BoltAPI();
  api.get('/', () => ({ Hello: 'World' }));
  const error = (await serve(api, { port, handleSignals: false }).catch((e: unknown) => e)) as BoltUwsError;
  t.type(error, BoltUwsError);
  t.equal(error.code, UwsErrorCode.LISTEN_FAILED);
  t.match(error.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
});

t.test(
  'workers > 1 with an api instead of its module: BOLT_ERR_RUNTIME_NEEDS_MODULE (core runtime)',
  async (t) => {
    const api = new BoltAPI();
    const error = (await serve(api, { port: 0, workers: 2, handleSignals: false }).catch(
      (e: unknown) => e,
    )) as Error & { code?: string };
    t.equal(error.code, 'BOLT_ERR_RUNTIME_NEEDS_MODULE');
    t.match(
      error.message,
      /module: new URL\('\.\/app\.js', import\.meta\.url\)/,
      'says what to pass instead',
    );
  },
);

t.test('a worker that cannot load the app fails serve() with the cause', async (t) => {
  const missing = { module: new URL('./fixtures/does-not-exist.mjs', import.meta.url), export: 'api' };
  const error = (await serve(missing, { port: 0, workers: 2, handleSignals: false }).catch(
    (e: unknown) => e,
  )) as Error;
  t.type(error, Error);
  t.match(error.message, /does-not-exist\.mjs/);
});
