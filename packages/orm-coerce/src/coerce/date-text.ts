/**
 * Timestamps as databases write them, read as UTC unless they carry an offset:
 * SQLite's `CURRENT_TIMESTAMP` (`2024-05-01 10:20:30`), ISO strings (`2024-05-01T10:20:30.123Z`),
 * PostgreSQL text inside JSON (`2024-05-01T10:20:30.123456` for timestamp,
 * `2024-05-01 10:20:30+02` or `...+02:00` for timestamptz) and plain dates (`2024-05-01`).
 * JavaScript's own parser reads zone-less date-times as local time, which is wrong for all of them.
 */
import { parseDecimal } from './numeric-text.js';

const TIMESTAMP =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(:\d{2}(?:\.\d{1,9})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/** Milliseconds since the epoch for a database timestamp text, or NaN when it is not one. */
export function parseTimestamp(text: string): number {
  const m = TIMESTAMP.exec(text);
  if (m === null) return Number.NaN;
  const [, date, hm, seconds, zone] = m;
  if (hm === undefined) return Date.parse(`${date}T00:00:00Z`);
  return Date.parse(`${date}T${hm}${trimFraction(seconds ?? ':00')}${normalizeZone(zone)}`);
}

/** Milliseconds since the epoch for what a driver returns for a date (Date, text or epoch number). */
export function toEpochMs(value: unknown, epochScale: number): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string') {
    // pg sends an int8 epoch column as text.
    const ms = parseTimestamp(value);
    return Number.isNaN(ms) ? parseDecimal(value) * epochScale : ms;
  }
  if (typeof value === 'number') return value * epochScale;
  if (typeof value === 'bigint') return Number(value) * epochScale;
  return Number.NaN;
}

// JavaScript keeps milliseconds; PostgreSQL sends microseconds.
function trimFraction(seconds: string): string {
  return seconds.length > 7 ? seconds.slice(0, 7) : seconds;
}

function normalizeZone(zone: string | undefined): string {
  if (zone === undefined || zone === 'z' || zone === 'Z') return 'Z';
  if (zone.length === 3) return `${zone}:00`;
  if (zone.length === 5) return `${zone.slice(0, 3)}:${zone.slice(3)}`;
  return zone;
}
