/**
 * Every error @bolt/transport-rust raises, declared once with a stable code and a message that
 * says what to do. All of them happen at startup or close; per-request failures are HTTP answers.
 */

/** Error codes of this package. */
export const RustErrorCode = {
  NATIVE_LOAD: 'BOLT_ERR_RUST_NATIVE_LOAD',
  WORKERS_NEED_MODULE: 'BOLT_ERR_RUST_WORKERS_NEED_MODULE',
  ROUTES: 'BOLT_ERR_RUST_ROUTES',
  LISTEN: 'BOLT_ERR_RUST_LISTEN',
  WORKER_START: 'BOLT_ERR_RUST_WORKER_START',
  OPTIONS: 'BOLT_ERR_RUST_OPTIONS',
} as const;
export type RustErrorCode = (typeof RustErrorCode)[keyof typeof RustErrorCode];

/** An error of the Rust transport; branch on `code`. */
export class BoltRustError extends Error {
  override readonly name = 'BoltRustError';
  constructor(
    readonly code: RustErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
