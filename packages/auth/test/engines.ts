/**
 * The three engines, each started on port 0 with a BoltAPI in this thread: tests loop over them so
 * every behaviour is checked over real sockets on node:http, uWS and the Rust server alike.
 */
import type { BoltAPI, RunningServer } from '@bolt/core';
import { serve as serveNode } from '@bolt/core/node';
import { serve as serveRust } from '@bolt/transport-rust';
import { serve as serveUws } from '@bolt/transport-uws';

export interface EngineUnderTest {
  readonly name: 'node' | 'uws' | 'rust';
  start(api: BoltAPI): Promise<RunningServer>;
}

export const ENGINES: readonly EngineUnderTest[] = [
  { name: 'node', start: (api) => serveNode(api, { host: '127.0.0.1', port: 0, handleSignals: false }) },
  { name: 'uws', start: (api) => serveUws(api, { host: '127.0.0.1', port: 0, handleSignals: false }) },
  { name: 'rust', start: (api) => serveRust(api, { host: '127.0.0.1', port: 0, handleSignals: false }) },
];

/** One answer: status, lower-cased headers and the parsed JSON body. */
export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

export async function call(
  url: string,
  headers: Record<string, string> = {},
  init: RequestInit = {},
): Promise<Answer> {
  const res = await fetch(url, { ...init, headers });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, headers: res.headers, body };
}
