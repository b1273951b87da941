/** The usual answer check of a row: status 200 (or `status`) and exactly this JSON body. */
import { isDeepStrictEqual } from 'node:util';

export const expectJson =
  (expected: unknown, status = 200) =>
  (got: number, json: unknown): string | undefined => {
    if (got !== status) return `status ${got}, expected ${status}`;
    if (!isDeepStrictEqual(json, expected)) {
      return `body ${JSON.stringify(json).slice(0, 120)} differs from ${JSON.stringify(expected).slice(0, 120)}`;
    }
    return undefined;
  };
