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

import { rmSync } from 'node:fs';
import type { Test } from 'tap';
import { authApp, conformanceApp, formsApp, websocketApp } from './app-spec.js';
import { testAuth } from './cases/auth.js';
import { testBadInput } from './cases/bad-input.js';
import { testConnections } from './cases/connections.js';
import { testFiles } from './cases/files.js';
import { privateTmpdir, testForms } from './cases/forms.js';
import { testGracefulClose } from './cases/graceful-close.js';
import { testPipeline } from './cases/pipeline.js';
import { testRequestFraming } from './cases/request-framing.js';
import { testResponseFraming } from './cases/response-framing.js';
import { testRouting } from './cases/routing.js';
import { testStreaming } from './cases/streaming.js';
import { testTimeouts } from './cases/timeouts.js';
import { describeMeasure, measureUpload, RSS_GROWTH_LIMIT, type UploadMeasure } from './cases/upload-rss.js';
import {
  testWebSocketClose,
  testWebSocketHandshake,
  testWebSocketIdle,
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
    await t.test('idle timeout', (t) => testWebSocketIdle(t, ctx));
    await t.test('graceful close', (t) => testWebSocketShutdown(t, ctx));
  });
}

/**
 * Runs the form and upload cases against `target` (the app of forms-app.ts): urlencoded and
 * multipart binding, 422s, 415, each limit's 413, temp files removed. With `engine` (a module
 * exporting a Transport or a listen function), also the streaming check: a 10 MiB upload to a
 * child server whose RSS must grow far less than the upload. Calls `measured` with the numbers.
 */
export function runFormsConformance(
  t: Test,
  target: ConformanceTarget,
  options: { engine?: { module: string; export: string }; measured?: (m: UploadMeasure) => void } = {},
): void {
  t.test(`conformance: ${target.name}: forms and uploads`, async (t) => {
    const previous = process.env.TMPDIR;
    const dir = privateTmpdir();
    t.teardown(() => {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      rmSync(dir, { recursive: true, force: true });
    });
    const server = await target.start(formsApp);
    t.teardown(() => server.close({ graceMs: 1000 }));
    await t.test('forms', (t) => testForms(t, { server, target, spec: formsApp }, dir));
    const engine = options.engine;
    if (!engine) return;
    await t.test('a 10 MiB upload is streamed: the server RSS grows far less than the upload', async (t) => {
      // Garbage collected as it goes, so the peak is what the server holds, not what the GC put off.
      const held = await measureUpload(engine, 10 * 1024 * 1024, true);
      t.ok(held.sha256Matches, 'the file arrived whole');
      t.ok(held.growth < RSS_GROWTH_LIMIT, describeMeasure(`${target.name} (GC as it goes)`, held));
      const plain = await measureUpload(engine, 10 * 1024 * 1024, false);
      t.comment(describeMeasure(target.name, plain));
      options.measured?.(plain);
    });
  });
}

/**
 * Runs the authentication and authorization cases against `target` (the app of auth-app.ts,
 * @bolt/auth's real schemes): 401 vs 403 vs 200, RFC 6750 challenges, bodies that name the failed
 * check without the credential, API keys, protected sub-apps, HEAD.
 */
export function runAuthConformance(t: Test, target: ConformanceTarget): void {
  t.test(`conformance: ${target.name}: auth`, async (t) => {
    const server = await target.start(authApp);
    t.teardown(() => server.close({ graceMs: 1000 }));
    await testAuth(t, { server, target, spec: authApp });
  });
}

export { authApp, conformanceApp, formsApp, pipelineApp, websocketApp } from './app-spec.js';
export type { UploadMeasure } from './cases/upload-rss.js';
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
