import type { Coercer } from './coercer.js';
import { fail } from './failure.js';

/** `t.Null()`: SQL NULL arrives as `null`; a missing key (`undefined`) means the same. */
export function nullCoercer(): Coercer {
  return (value) => (value === null || value === undefined ? null : fail('null', value));
}
