/**
 * Multipart limits: the defaults, a route's own merged over them, and the 413 message that names
 * the limit a request crossed (the same words on every engine, whoever parsed the body).
 */
import { AppErrorCode, BoltAppError } from '../errors.js';
import type { MultipartLimits } from '../transport/contract.js';

const MiB = 1024 * 1024;

/** Defaults of a route's `limits`: 10 MiB per file, 10 files, 100 fields of 64 KiB, 200 parts. */
export const DEFAULT_MULTIPART_LIMITS: MultipartLimits = Object.freeze({
  fileSize: 10 * MiB,
  files: 10,
  fields: 100,
  fieldSize: 64 * 1024,
  parts: 200,
});

/** A multipart route's whole-request limit when it sets no `bodyLimit`: 50 MiB. */
export const DEFAULT_MULTIPART_BODY_LIMIT = 50 * MiB;

/** `limits` of route `where` over the defaults, checked and frozen once at startup. */
export function multipartLimits(given: Partial<MultipartLimits> | undefined, where: string): MultipartLimits {
  const limits = { ...DEFAULT_MULTIPART_LIMITS, ...given };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new BoltAppError(
        AppErrorCode.ROUTE_OPTION_INVALID,
        `${where}: limits.${name} must be a whole number of ${name.endsWith('Size') ? 'bytes' : name} (0 or more), got ${String(value)}.`,
      );
    }
  }
  return Object.freeze(limits);
}

/** `10 MiB`, `64 KiB`, `300 bytes`. */
export function formatBytes(n: number): string {
  if (n >= MiB && n % (MiB / 4) === 0) return `${n / MiB} MiB`;
  if (n >= 1024 && n % 256 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/** Which limit was crossed: a key of the route's limits, or its whole-request `bodyLimit`. */
export type LimitName = keyof MultipartLimits | 'bodyLimit';

const WHAT: Record<LimitName, string> = {
  fileSize: 'File too large',
  files: 'Too many files',
  fields: 'Too many fields',
  fieldSize: 'Field value too large',
  parts: 'Too many parts',
  bodyLimit: 'Request body too large',
};

/** The 413 detail for `limit`: `File too large: over the 10 MiB fileSize limit of this route`. */
export function limitMessage(limit: LimitName, limits: MultipartLimits, bodyLimit: number): string {
  const value = limit === 'bodyLimit' ? bodyLimit : limits[limit];
  const amount =
    limit === 'files' || limit === 'fields' || limit === 'parts' ? String(value) : formatBytes(value);
  return `${WHAT[limit]}: over the ${amount} ${limit} limit of this route`;
}
