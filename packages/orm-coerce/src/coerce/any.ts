import type { Coercer } from './coercer.js';

/** `t.Any()` / `t.Unknown()`: the value goes out as the driver returned it. */
export function anyCoercer(): Coercer {
  return (value) => value;
}
