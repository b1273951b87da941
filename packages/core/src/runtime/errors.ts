/**
 * Errors of the runtime (`serve()` on any engine): bad options, and set-ups the runtime cannot run.
 * Declared once with core's `defineErrors`, so codes follow `BOLT_ERR_RUNTIME_<WHAT>`.
 */
import { defineErrors } from '../errors.js';

const RuntimeErrors = defineErrors('RUNTIME', {
  OPTION_INVALID: 500,
  NEEDS_MODULE: 500,
  PORT_SHARING_UNSUPPORTED: 500,
});

/** Codes of {@link BoltRuntimeError}. */
export const RuntimeErrorCode = Object.freeze({
  OPTION_INVALID: RuntimeErrors.OPTION_INVALID.code,
  NEEDS_MODULE: RuntimeErrors.NEEDS_MODULE.code,
  PORT_SHARING_UNSUPPORTED: RuntimeErrors.PORT_SHARING_UNSUPPORTED.code,
});
export type RuntimeErrorCode = (typeof RuntimeErrorCode)[keyof typeof RuntimeErrorCode];

/**
 * Thrown by `serve()` before anything listens, with a message that says what to change.
 *
 * @example
 * try { await serve(api, { workers: 2 }); } catch (e) { e.code; } // 'BOLT_ERR_RUNTIME_NEEDS_MODULE'
 */
export class BoltRuntimeError extends Error {
  override readonly name = 'BoltRuntimeError';
  constructor(
    readonly code: RuntimeErrorCode,
    message: string,
  ) {
    super(message);
  }
}
