/**
 * Every error @bolt/transport-uws raises, declared once with a stable code and a message that says
 * what to do. Users branch on `code`.
 */

/** Codes of the errors this package throws (all at startup, never per request). */
export const UwsErrorCode = {
  NATIVE_UNAVAILABLE: 'BOLT_ERR_UWS_NATIVE_UNAVAILABLE',
  LISTEN_FAILED: 'BOLT_ERR_UWS_LISTEN_FAILED',
} as const;
export type UwsErrorCode = (typeof UwsErrorCode)[keyof typeof UwsErrorCode];

/** A startup failure of the uWebSockets.js transport. */
export class BoltUwsError extends Error {
  override readonly name = 'BoltUwsError';
  constructor(
    readonly code: UwsErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
