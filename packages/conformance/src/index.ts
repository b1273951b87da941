/**
 * The conformance suite: one tap suite, parameterized by a transport factory, that every transport
 * runs over real sockets. A behaviour belongs to Bolt, not to a transport: if two transports differ,
 * this suite fails for one of them.
 *
 * @example
 * import t from 'tap';
 * import { runConformance } from '@bolt/conformance';
 * runConformance(t, { name: 'uws', start: (spec) => serve(spec.app, { port: 0, ...spec.options }) });
 */

import type { AppModule, BoltAPI } from '@bolt/core';
import type { RunningServer } from '@bolt/core/transport';
import type { Test } from 'tap';
import { testBadInput } from './cases/bad-input.js';
import { testConnections } from './cases/connections.js';
import { testFiles } from './cases/files.js';
import { testGracefulClose } from './cases/graceful-close.js';
import { testRouting } from './cases/routing.js';
import { testStreaming } from './cases/streaming.js';
import { api } from './conformance-app.js';

/** What the factory receives: the app itself, and the module that exports it (for workers). */
export interface AppSpec {
  api: BoltAPI;
  app: AppModule;
}

/** How the suite starts a server for a transport. The server must listen on 127.0.0.1, port 0 or free. */
export interface ConformanceTarget {
  name: string;
  start(spec: AppSpec): Promise<RunningServer>;
}

/** Context given to each group of cases. */
export interface CaseContext {
  server: RunningServer;
  target: ConformanceTarget;
  spec: AppSpec;
}

/** The conformance app as an AppSpec. */
export const conformanceApp: AppSpec = {
  api,
  app: { module: new URL('./conformance-app.js', import.meta.url), export: 'api' },
};

/** Runs every conformance case against `target`. */
export function runConformance(t: Test, target: ConformanceTarget): void {
  t.test(`conformance: ${target.name}`, async (t) => {
    const server = await target.start(conformanceApp);
    t.teardown(() => server.close({ graceMs: 1000 }));
    const ctx: CaseContext = { server, target, spec: conformanceApp };
    await t.test('routing and binding', (t) => testRouting(t, ctx));
    await t.test('bad input', (t) => testBadInput(t, ctx));
    await t.test('connections', (t) => testConnections(t, ctx));
    await t.test('streaming', (t) => testStreaming(t, ctx));
    await t.test('files', (t) => testFiles(t, ctx));
    await t.test('graceful close', (t) => testGracefulClose(t, ctx));
  });
}

export { exchange, openSocket, parseResponses, type RawResponse } from './raw-http.js';
