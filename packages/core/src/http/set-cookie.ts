/**
 * `setCookie`: a `set-cookie` header value built by the `cookie` package's serializer, which
 * validates names, values and attributes. Give several in an array to send several cookies.
 */
import { type SerializeOptions, serialize } from 'cookie';

/** Cookie attributes: `httpOnly`, `secure`, `sameSite`, `maxAge`, `expires`, `path`, `domain`, ... */
export type CookieOptions = SerializeOptions;

/**
 * @example
 * return json({ ok: true }, {
 *   headers: { 'set-cookie': [setCookie('session', id, { httpOnly: true, sameSite: 'lax' }), setCookie('theme', 'dark')] },
 * });
 */
export function setCookie(name: string, value: string, options: CookieOptions = { path: '/' }): string {
  return serialize(name, value, options);
}
