/**
 * @bolt/transport-rust: serve a Bolt app on a Rust HTTP engine (hyper + tokio via napi-rs).
 *
 * @example
 * import { serve } from '@bolt/transport-rust';
 * const server = await serve(api, { port: 8000 });
 */
export { BoltRustError, RustErrorCode } from './errors.js';
export { loadNative, nativePath } from './load-native.js';
export type { RustServeOptions } from './options.js';
export { rustTransport } from './rust-transport.js';
export { serve } from './serve.js';
