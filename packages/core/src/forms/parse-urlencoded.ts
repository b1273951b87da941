/**
 * An `application/x-www-form-urlencoded` body (already held whole, within the route's bodyLimit)
 * as a ParsedForm: the same reader as query strings, so `+`, percent-escapes and repeated keys
 * mean the same in both.
 */
import { parseQuery } from '../compile/request-context.js';
import type { FormFailure, ParsedForm } from './parsed-form.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

export function parseUrlencoded(bytes: Uint8Array): ParsedForm | FormFailure {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { ok: false, message: 'Malformed form body: it is not valid UTF-8' };
  }
  const fields = new Map<string, string[]>();
  for (const [name, value] of Object.entries(parseQuery(text))) {
    fields.set(name, typeof value === 'string' ? [value] : value);
  }
  return { ok: true, fields, files: new Map(), temp: [] };
}
