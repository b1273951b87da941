/** The three engines, each started on port 0 over real sockets, for tests that run on all of them. */
import type { BoltAPI } from '@bolt/core';
import { nodeTransport } from '@bolt/core/node';
import type { RunningServer } from '@bolt/core/transport';
import { serve as serveRust } from '@bolt/transport-rust';
import { listen as listenUws } from '@bolt/transport-uws';
import type { Test } from 'tap';

export interface Engine {
  readonly name: 'node' | 'uws' | 'rust';
  start(api: BoltAPI): Promise<RunningServer>;
}

export const ENGINES: readonly Engine[] = [
  { name: 'node', start: (api) => nodeTransport.listen(api.compile(), { host: '127.0.0.1', port: 0 }) },
  { name: 'uws', start: (api) => listenUws(api.compile(), { host: '127.0.0.1', port: 0 }) },
  { name: 'rust', start: (api) => serveRust(api, { host: '127.0.0.1', port: 0, handleSignals: false }) },
];

/** Runs `body` once per engine, each with its own server for a fresh app from `makeApi`. */
export function onEveryEngine(
  t: Test,
  title: string,
  makeApi: () => BoltAPI,
  body: (t: Test, server: RunningServer, engine: Engine) => Promise<void>,
): void {
  for (const engine of ENGINES) {
    t.test(`${title} (${engine.name})`, async (t) => {
      const server = await engine.start(makeApi());
      t.teardown(() => server.close({ graceMs: 1000 }));
      await body(t, server, engine);
    });
  }
}

/** A request over a fresh connection, with the answer's headers as a plain object. */
export async function request(
  server: RunningServer,
  path: string,
  init: { method?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const res = await fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: init.headers ?? {},
  });
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { status: res.status, headers, body: Buffer.from(await res.arrayBuffer()) };
}
