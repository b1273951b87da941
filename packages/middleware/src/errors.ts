/**
 * Every error @bolt/middleware raises, declared once. All of them are option mistakes, thrown when
 * the plugin is created (never per request), with a message that says what to change.
 */
export const MiddlewareErrorCode = {
  /** An option has the wrong type or range (a negative window, an empty origin list, ...). */
  OPTION_INVALID: 'BOLT_ERR_MIDDLEWARE_OPTION_INVALID',
  /** `static()` was given a root that is not a readable directory. */
  STATIC_ROOT_INVALID: 'BOLT_ERR_MIDDLEWARE_STATIC_ROOT_INVALID',
} as const;
export type MiddlewareErrorCode = (typeof MiddlewareErrorCode)[keyof typeof MiddlewareErrorCode];

/** A plugin of @bolt/middleware was configured wrongly; `code` is stable, `message` names the option. */
export class BoltMiddlewareError extends Error {
  override readonly name = 'BoltMiddlewareError';
  constructor(
    readonly code: MiddlewareErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Throws OPTION_INVALID for `plugin`'s `option` unless `ok`. */
export function check(ok: boolean, plugin: string, option: string, expected: string): void {
  if (!ok) {
    throw new BoltMiddlewareError(
      MiddlewareErrorCode.OPTION_INVALID,
      `${plugin}: ${option} must be ${expected}.`,
    );
  }
}
