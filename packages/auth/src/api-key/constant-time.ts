/**
 * Compares a presented key with the accepted ones in time that depends on neither the keys'
 * contents nor their lengths: both sides are hashed to SHA-256 first (fixed length for
 * timingSafeEqual), and every accepted key is compared, with no early exit.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Digests of the accepted keys, computed once. */
export function keyDigests(keys: readonly string[]): readonly Buffer[] {
  return Object.freeze(keys.map(digest));
}

/** The index of the accepted key equal to `presented`, or -1. */
export function matchKey(presented: string, accepted: readonly Buffer[]): number {
  const given = digest(presented);
  let found = -1;
  for (let i = 0; i < accepted.length; i++) {
    if (timingSafeEqual(given, accepted[i] as Buffer) && found === -1) found = i;
  }
  return found;
}
