/**
 * A WebSocket route as an HTTP route: its handler runs after the upgrade request was bound and its
 * hooks and dependencies passed, and either accepts (a 101 answer carrying the session the engine
 * drives) or, for a plain GET, answers 426. Everything that refuses an upgrade (401, 403, 422)
 * is an ordinary HTTP answer written before the handshake.
 */
import { compileValidator } from '@bolt/schema';
import type { RequestContext } from '../compile/request-context.js';
import type { ErrorAnswers } from '../http/error-format.js';
import type { Logger } from '../log/logger.js';
import type { BoltResponse } from '../transport/contract.js';
import type { WebSocketRouteOptions } from '../transport/websocket-contract.js';
import { WebSocketConnection, type WebSocketRouteRuntime } from './connection.js';
import type { WebSocketHub } from './hub.js';
import type { WebSocketOptions } from './websocket-types.js';

/** What `api.ws` records beside the route's options. */
export interface WebSocketDefinition {
  readonly handlers: WebSocketRouteRuntime['handlers'];
}

/** The handler's result when the upgrade is accepted. */
class Accepted {
  constructor(readonly connection: WebSocketConnection) {}
}
const UPGRADE_REQUIRED = Symbol('upgrade required');

const MiB = 1024 * 1024;

/** The route's limits with their defaults. */
export function webSocketLimits(options: WebSocketOptions): WebSocketRouteOptions {
  return Object.freeze({
    maxPayload: options.maxPayload ?? MiB,
    idleTimeout: options.idleTimeout ?? 120,
    maxBackpressure: options.maxBackpressure ?? MiB,
  });
}

/** The protocols a client offers, in its order (`sec-websocket-protocol: a, b`). */
function offered(header: string | undefined): string[] {
  return header
    ? header
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)
    : [];
}

export interface CompiledUpgrade {
  readonly limits: WebSocketRouteOptions;
  /** The route's handler: accepts or asks for an upgrade. */
  handler(ctx: RequestContext): unknown;
  /** Wraps the route's result encoder so an accepted upgrade becomes the 101 answer. */
  encode<R>(encode: (result: unknown) => R): (result: unknown) => R | BoltResponse;
}

export function compileUpgrade(
  definition: WebSocketDefinition,
  options: WebSocketOptions,
  where: string,
  hub: WebSocketHub,
  logger: Logger,
  answers: ErrorAnswers,
): CompiledUpgrade {
  const limits = webSocketLimits(options);
  const runtime: WebSocketRouteRuntime = {
    where,
    limits,
    handlers: definition.handlers,
    validator: options.message && compileValidator(options.message),
    onInvalidMessage: options.onInvalidMessage ?? 'close',
    hub,
    logger,
  };
  const protocols = options.protocols ?? [];
  const upgradeRequired = answers.detail(
    426,
    'Upgrade Required: this is a WebSocket route; connect with a WebSocket client (upgrade: websocket).',
    ['upgrade', 'websocket'],
  );
  return {
    limits,
    handler(ctx) {
      const request = ctx.request;
      if (request.header('upgrade')?.toLowerCase() !== 'websocket') return UPGRADE_REQUIRED;
      const asked = offered(request.header('sec-websocket-protocol'));
      const protocol = protocols.find((p) => asked.includes(p));
      return new Accepted(new WebSocketConnection(runtime, ctx, protocol));
    },
    encode(encode) {
      return (result) => {
        if (result instanceof Accepted) {
          const { protocol, session } = result.connection;
          return {
            status: 101,
            headers: protocol ? ['sec-websocket-protocol', protocol] : [],
            body: null,
            upgrade: session,
          };
        }
        return result === UPGRADE_REQUIRED ? upgradeRequired : encode(result);
      };
    },
  };
}
