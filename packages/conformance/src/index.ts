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

import type { Test } from 'tap';
import { conformanceApp, websocketApp } from './app-spec.js';
import { testBadInput } from './cases/bad-input.js';
import { testConnections } from './cases/connections.js';
import { testFiles } from './cases/files.js';
import { testGracefulClose } from './cases/graceful-close.js';
import { testPipeline } from './cases/pipeline.js';
import { testRequestFraming } from './cases/request-framing.js';
import { testResponseFraming } from './cases/response-framing.js';
import { testRouting } from './cases/routing.js';
import { testStreaming } from './cases/streaming.js';
import { testTimeouts } from './cases/timeouts.js';
import {
  testWebSocketClose,
  testWebSocketHandshake,
  testWebSocketMessages,
  testWebSocketPubSub,
  testWebSocketShutdown,
} from './cases/websocket.js';
import type { CaseContext, ConformanceTarget } from './target.js';

/** Runs every conformance case against `target`. */
export function runConformance(t: Test, target: ConformanceTarget): void {
  t.test(`conformance: ${target.name}`, async (t) => {
    const server = await target.start(conformanceApp);
    t.teardown(() => server.close({ graceMs: 1000 }));
    const ctx: CaseContext = { server, target, spec: conformanceApp };
    await t.test('routing and binding', (t) => testRouting(t, ctx));
    await t.test('bad input', (t) => testBadInput(t, ctx));
    await t.test('response framing', (t) => testResponseFraming(t, ctx));
    await t.test('request framing', (t) => testRequestFraming(t, ctx));
    await t.test('timeouts', (t) => testTimeouts(t, ctx));
    await t.test('connections', (t) => testConnections(t, ctx));
    await t.test('streaming', (t) => testStreaming(t, ctx));
    await t.test('files', (t) => testFiles(t, ctx));
    await t.test('graceful close', (t) => testGracefulClose(t, ctx));
  });
  t.test(`conformance: ${target.name}: request pipeline`, (t) => testPipeline(t, target));
}

/**
 * Runs the WebSocket cases against `target` (the app of websocket-app.ts): handshake and refusals,
 * echo, fragments, ping/pong, close codes, limits, subprotocols, pub/sub and the 1001 on shutdown.
 */
export function runWebSocketConformance(t: Test, target: ConformanceTarget): void {
  t.test(`conformance: ${target.name}: WebSocket`, async (t) => {
    const server = await target.start(websocketApp);
    t.teardown(() => server.close({ graceMs: 1000 }));
    const ctx = { server, target, spec: websocketApp };
    await t.test('handshake', (t) => testWebSocketHandshake(t, ctx));
    await t.test('messages', (t) => testWebSocketMessages(t, ctx));
    await t.test('close codes', (t) => testWebSocketClose(t, ctx));
    await t.test('pub/sub', (t) => testWebSocketPubSub(t, ctx));
    await t.test('graceful close', (t) => testWebSocketShutdown(t, ctx));
  });
}

export { conformanceApp, pipelineApp, websocketApp } from './app-spec.js';
export { testRouterDifferential } from './differential/router-differential.js';
export { KNOWN_LIMITS, type KnownLimit, type KnownLimits } from './known-limits.js';
export { RawConnection } from './raw-connection.js';
export { exchange, type HeadOnly, openSocket, parseResponses, type RawResponse } from './raw-http.js';
export { acceptFor, closePayload, encodeFrame, type Frame, Opcode, RawWebSocket } from './raw-websocket.js';
export type { ChildServe } from './reliability/child-server.js';
export { runReliability } from './reliability/index.js';
export { testSigtermDrain } from './reliability/sigterm-drain.js';
export {
  type AppSpec,
  type CaseContext,
  type ConformanceTarget,
  type ConformanceTimeouts,
  DEFAULT_TIMEOUTS,
  resolveTimeouts,
} from './target.js';
export { type Received, WsClient } from './ws-client.js';
