import type { BuildContext, Coercer } from './coercer.js';
import { toEpochMs } from './date-text.js';
import { fail } from './failure.js';

/**
 * `t.Date()`: a JavaScript Date from whatever the driver returned (a Date from pg, timestamp text
 * or an epoch number from SQLite). An invalid date fails instead of becoming `null` in JSON.
 */
export function dateCoercer(_schema: unknown, ctx: BuildContext): Coercer {
  const scale = ctx.options.epochScale;
  return (value) => {
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
    const ms = toEpochMs(value, scale);
    if (Number.isFinite(ms) && Math.abs(ms) <= 8.64e15) return new Date(ms);
    return fail('Date (Date, timestamp text or epoch number)', value);
  };
}
