/**
 * The add-on's API as TypeScript sees it. The types are not written here: `napi build` generates
 * them from the Rust declarations (`native/src/config.rs`, `napi_api.rs`) into
 * `native/index.d.ts`, so the bridge record is declared once. This file only names them and holds
 * the constants of the batch protocol (`native/src/batch.rs`).
 */
import type * as Native from '../native/index.js';

export type {
  CompressSpec,
  CorsSpec,
  DecorationSpec,
  FixedResponseSpec,
  JwtSpec,
  MultipartSpec,
  NativeFormSpec,
  PatternSpec,
  RateLimitSpec,
  RouteSpec,
  ServerConfig,
  WebSocketSpec,
  WorkerPort,
} from '../native/index.js';

/** The add-on's exports. */
export type NativeBinding = typeof Native;

/**
 * The bridge layout this JavaScript speaks (`BRIDGE_LAYOUT` in `native/src/config.rs`): the
 * config's fields and the batch format. The add-on refuses a config of another layout.
 */
export const BRIDGE_LAYOUT = 7;

/** Called by Rust, without arguments, when a batch is waiting to be taken. */
export type NativeDispatch = () => void;

/** `streamWrite` answers: go on, wait for the drain event, the client is gone. */
export const WRITE_OK = 0;
export const WRITE_WAIT = 1;
export const WRITE_GONE = 2;
