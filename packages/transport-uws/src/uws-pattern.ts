/**
 * Translates a compiled route's pattern into uWS's router syntax, or says it must stay with Bolt's.
 */
import type { CompiledRoute } from '@bolt/core/transport';

/** How a route is registered with uWS. */
export interface UwsPattern {
  /** `/items/:item_id`, `/files/*`. */
  readonly pattern: string;
  /** For a catch-all: the number of path segments before it (the rest of the URL is its value). */
  readonly segmentsBeforeRest: number;
}

// uWS matches raw (percent-encoded) bytes; a static segment outside these characters would be
// compared differently from Bolt's router, so such routes are left to `app.handle` (the fallback).
const PLAIN_SEGMENT = /^[A-Za-z0-9\-._~!$&'()+,;=@]*$/;

/**
 * `/items/{item_id}` -> `/items/:item_id`; `/files/{path...}` -> `/files/*`.
 * Returns `undefined` when uWS cannot match the route exactly like Bolt does.
 */
export function toUwsPattern(route: CompiledRoute): UwsPattern | undefined {
  if (route.pattern === '/') return { pattern: '/', segmentsBeforeRest: 0 };
  const segments = route.pattern.slice(1).split('/');
  const out: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    if (s.startsWith('{') && s.endsWith('...}')) out.push('*');
    else if (s.startsWith('{') && s.endsWith('}')) out.push(`:${s.slice(1, -1)}`);
    else if (PLAIN_SEGMENT.test(s) && s !== '*' && !s.startsWith(':')) out.push(s);
    else return undefined;
  }
  return { pattern: `/${out.join('/')}`, segmentsBeforeRest: route.catchAll ? segments.length - 1 : 0 };
}

/** The part of `path` after `count` segments: `restOf('/files/a/b', 1)` -> `a/b`. */
export function restOf(path: string, count: number): string {
  let at = 0;
  for (let i = 0; i <= count; i++) {
    at = path.indexOf('/', at) + 1;
    if (at === 0) return '';
  }
  return path.slice(at);
}
