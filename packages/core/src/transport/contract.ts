/**
 * The Transport contract: what an engine (node:http, uWebSockets.js, the Rust server) receives from
 * Bolt and what it must give back. A transport owns sockets and HTTP parsing; Bolt owns every
 * decision about a request. The conformance suite (`@bolt/conformance`) is this file's test.
 */

import type { NativeForm } from '../pipeline/hook-types.js';
import type { WebSocketHubHost, WebSocketRouteOptions, WebSocketSession } from './websocket-contract.js';

/**
 * A request as a transport holds it, before Bolt binds it.
 *
 * Values are raw: `path` and param values are still percent-encoded, `query` is the text after `?`.
 * Bolt decodes, validates and answers 400/422 itself so every transport behaves the same.
 */
export interface RawRequest {
  /** Upper-case method as received (`GET`, `HEAD`, ...). */
  readonly method: string;
  /** Path as received, percent-encoded, without the query string. */
  readonly path: string;
  /** Query string without the leading `?`; `''` when there is none. */
  readonly query: string;
  /**
   * Request headers with lower-case names; repeated headers joined with `, ` (cookies with `; `).
   * Must hold at least the headers named by the route's `headerNames` (all of them when it is `null`),
   * and stay valid after the request's callback returns (uWS users: copy them out synchronously).
   */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The complete body, already held within the route's `bodyLimit`; `undefined` when there is none. */
  readonly body: Uint8Array | undefined;
  /**
   * The body as it arrives, instead of `body`, for a route with `multipart` set when the request is
   * `multipart/form-data`: engines that parse in JavaScript hand the bytes over unbuffered (core
   * parses them with busboy). The stream ends with an error when the client goes away.
   */
  readonly bodyStream?: AsyncIterable<Uint8Array>;
  /** Peer address, when the transport knows it. */
  readonly remoteAddress?: string;
  /**
   * What native forms the engine ran found out, by kind (e.g. `jwt`: the verified claims), so the
   * JS side does not redo the work. Absent when the engine ran none.
   */
  readonly native?: Readonly<Record<string, unknown>>;
}

/** Limits of a multipart body; over any of them the answer is 413 naming the limit. */
export interface MultipartLimits {
  /** Largest file, in bytes. */
  readonly fileSize: number;
  /** Most file parts. */
  readonly files: number;
  /** Most non-file fields. */
  readonly fields: number;
  /** Largest non-file field value, in bytes. */
  readonly fieldSize: number;
  /** Most parts of any kind. */
  readonly parts: number;
}

/** A multipart body an engine parsed itself (the Rust engine, with multer): `RawRequest.native.multipart`. */
export type NativeMultipart =
  | {
      readonly ok: true;
      /** Non-file fields in arrival order: `[name, value]`. */
      readonly fields: readonly (readonly [string, string])[];
      /** Files, written to temp files the engine removes after the response finished. */
      readonly files: readonly {
        readonly field: string;
        readonly filename: string;
        readonly contentType: string;
        readonly size: number;
        /** Absolute path of the temp file holding the bytes. */
        readonly path: string;
      }[];
    }
  /** A limit was exceeded (`limit` is a `MultipartLimits` key, or `bodyLimit`) or the body is malformed. */
  | { readonly ok: false; readonly limit?: keyof MultipartLimits | 'bodyLimit'; readonly message: string };

/** Response body kinds. An async iterable is streamed chunk by chunk with back-pressure. */
export type ResponseBody = string | Uint8Array | null | AsyncIterable<Uint8Array | string>;

/**
 * A response ready to write. `headers` is a flat list `[name, value, name, value, ...]` with
 * lower-case names; it never contains `content-length` for string/bytes bodies (the transport
 * computes it) and may contain it for streamed bodies of known size.
 */
export interface BoltResponse {
  status: number;
  /** Repeated names are separate headers (two `set-cookie` pairs are two header lines, never joined). */
  headers: readonly string[];
  body: ResponseBody;
  /**
   * Present only when the app observes finished exchanges (`onResponse` hooks, dependency cleanups).
   * The transport calls it exactly once: with `false` after the last byte is handed to the socket,
   * or with `true` when the client went away first. It never throws.
   */
  readonly finished?: (aborted: boolean) => void;
  /**
   * Set only on a 101 answer to a WebSocket upgrade: the session the engine drives once the
   * handshake is complete (see websocket-contract.ts). The answer's headers go on the 101.
   */
  readonly upgrade?: WebSocketSession;
}

/**
 * One path pattern of the route table, as engines register it: every fact an engine needs to
 * answer at that pattern without asking JavaScript, decided once by core (never probed).
 */
export interface RoutePattern {
  /** The normalized pattern: `/items/{item_id}`, `/files/{path...}`. */
  readonly pattern: string;
  /** The routes declared at this pattern (indices into `CompiledApp.routes`). */
  readonly routes: readonly number[];
  /** The `Allow` value for this pattern (declared methods, HEAD with GET, OPTIONS). */
  readonly allow: string;
  /** Bolt's 405 answer for a method this pattern does not take. */
  readonly methodNotAllowed: BoltResponse;
  /** Bolt's automatic OPTIONS answer, or undefined when a route at this pattern declares OPTIONS. */
  readonly options: BoltResponse | undefined;
}

/** `CompiledRoute.hookForms`: hooks of each phase in run order; error steps counted. */
export interface RouteHookForms {
  readonly onRequest: readonly (NativeForm | null)[];
  readonly onSend: readonly (NativeForm | null)[];
  readonly onResponse: number;
  readonly onError: number;
  readonly errorHandlers: number;
}

/**
 * One route compiled once at startup. Transports with their own router (uWS, matchit) register
 * `pattern` and call `run` with the param values they matched, in `paramNames` order.
 */
export interface CompiledRoute {
  /** Position in `CompiledApp.routes`; stable for the app's lifetime (the Rust bridge sends it). */
  readonly index: number;
  /** Upper-case methods this route answers. A GET route also answers HEAD (body dropped by the transport). */
  readonly methods: readonly string[];
  /** The normalized pattern: `/items/{item_id}`, `/files/{path...}` (trailing catch-all). */
  readonly pattern: string;
  /** Param names in path order; a catch-all is last. */
  readonly paramNames: readonly string[];
  /** True when the last segment is a catch-all `{name...}`. */
  readonly catchAll: boolean;
  /** Largest body accepted, in bytes. Over it: 413 without calling `run`. */
  readonly bodyLimit: number;
  /** Lower-case header names the route reads; `null` means it may read any header. */
  readonly headerNames: readonly string[] | null;
  /** Whether the response may be compressed when the client accepts it. */
  readonly compress: boolean;
  /**
   * The native forms whose hooks cover this route (app-wide, its APIs' and its own), for engines
   * that run them: an engine applies a form only to the routes that list it.
   */
  readonly nativeForms: readonly NativeForm[];
  /**
   * True when the route has JS hooks besides those of the native forms the app was compiled
   * without (`withNative`): onRequest, onSend, onResponse or onError hooks, or error handlers.
   * An engine answers a form's refusal itself only on routes where this is false, since JS would
   * pass that answer through them. Absent: unknown (treat as true).
   */
  readonly hooksBesideNative?: boolean;
  /**
   * The route's hooks as the app runs them (outermost API first), each as its native form (null:
   * a hook without one), for an engine that reproduces them on answers it gives itself.
   */
  readonly hookForms?: RouteHookForms;
  /**
   * The native form of the route's only dependency, when nothing can answer before it: no other
   * dependency, and no params, query, headers, cookies or body to validate. An engine running
   * that form refuses what the dependency would refuse, before JavaScript is entered.
   */
  readonly dependencyForm?: NativeForm;
  /**
   * Present on a WebSocket route (`api.ws`): a GET with `upgrade: websocket` is `run` with every
   * header and may answer 101 with a session; a GET without it is answered 426 by `run`.
   */
  readonly websocket?: WebSocketRouteOptions;
  /**
   * Present when the route takes `multipart/form-data`: its limits. Such a body is never buffered
   * whole: an engine either hands it to core as `RawRequest.bodyStream`, or parses it itself within
   * these limits, files streamed to disk, and hands over the result as `RawRequest.native.multipart`
   * (a `NativeMultipart`). `bodyLimit` is then the whole request's limit.
   */
  readonly multipart?: MultipartLimits;
  /**
   * Binds, validates, calls the handler and encodes the result. Never throws and never rejects:
   * every failure becomes a response (400, 415, 422, 500, ...). Sync handlers answer synchronously.
   * `params` are the raw (still percent-encoded) values in `paramNames` order.
   */
  run(params: readonly string[], request: RawRequest): BoltResponse | Promise<BoltResponse>;
}

/** The app as transports consume it: compiled routes plus a complete request handler. */
export interface CompiledApp {
  readonly routes: readonly CompiledRoute[];
  /** Global default body limit in bytes (routes may lower or raise it). */
  readonly bodyLimit: number;
  /**
   * Routes the request with Bolt's own router and answers it, including 404, 405 + Allow,
   * automatic HEAD and OPTIONS. Transports with their own router call it for paths they did not match.
   */
  handle(request: RawRequest): BoltResponse | Promise<BoltResponse>;
  /**
   * Bolt's router alone: the route and raw param values for a method and raw path, or undefined
   * (then `handle` answers 404/405/OPTIONS). Lets a transport learn a route's `bodyLimit` before
   * it reads the body.
   */
  match(method: string, path: string): { route: CompiledRoute; params: readonly string[] } | undefined;
  /** A fixed error response (`413`, `431`, `400`, `503`, ...) with Bolt's public body for that status. */
  errorResponse(status: number): BoltResponse;
  /** The route table by pattern, in declaration order. Engines register it instead of probing. */
  readonly patterns: readonly RoutePattern[];
  /**
   * True when app-wide hooks must see every request (an `onRequest`, `onSend`, `onResponse` or
   * `onError` hook registered on the root API). Engines then hand requests their router did not
   * match to `handle` instead of answering 404/405/OPTIONS from `patterns` themselves.
   */
  readonly hooksOnEveryRequest: boolean;
  /**
   * Runs the app's start-up handlers (open pools, warm caches). Every engine awaits it once per
   * process and worker thread, before it accepts connections; a rejection stops the server.
   */
  startup(): Promise<void>;
  /** Runs the shutdown handlers once, after in-flight requests drained (or the grace period ended). */
  shutdown(): Promise<void>;
  /**
   * Tells the app a drain started (a signal, an IPC message from the supervisor, `close()`): its
   * drain handlers run at once, so readiness answers 503 while in-flight requests finish.
   */
  drain(): void;
  /** The app's open WebSockets and topics in this process/thread. */
  readonly webSockets: WebSocketHubHost;
}

/** Options every transport accepts. Transport-specific options extend it. */
export interface ListenOptions {
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
  /** Port; `0` picks a free one. Default `8000`. */
  port?: number;
}

/** A server that is listening. */
export interface RunningServer {
  /** `http://host:port` */
  readonly url: string;
  readonly port: number;
  /**
   * Stops accepting connections, lets in-flight requests finish within `graceMs` (default 10 000),
   * then closes what is left.
   */
  close(opts?: { graceMs?: number }): Promise<void>;
}

/** An engine that serves a compiled app. */
export interface Transport<O extends ListenOptions = ListenOptions> {
  readonly name: string;
  listen(app: CompiledApp, opts: O): Promise<RunningServer>;
}
