/**
 * The framing faults Bolt can see in a head uWS accepted. uWS 20.30 frames a body by the first
 * `Content-Length` alone, so a second, different one means a front proxy may have framed the
 * request otherwise (request smuggling): RFC 9112 section 6.3 asks for 400 and a closed connection.
 */

/**
 * True when the joined `content-length` value (repeats joined with `, `) holds differing values.
 * Identical repeats are one length (RFC 9110 section 8.6) and are accepted.
 *
 * @example
 * conflictingLengths('0, 47'); // true
 * conflictingLengths('5, 5');  // false
 */
export function conflictingLengths(contentLength: string | undefined): boolean {
  if (contentLength === undefined || !contentLength.includes(',')) return false;
  const values = contentLength.split(',');
  const first = values[0]!.trim();
  for (let i = 1; i < values.length; i++) if (values[i]!.trim() !== first) return true;
  return false;
}
