/**
 * Route paths parsed once: `{name}` and `:name` segments, and a trailing `{rest...}` catch-all.
 */
import { AppErrorCode, BoltAppError } from '../errors.js';

/** One segment of a pattern. */
export type Segment =
  | { kind: 'static'; text: string }
  | { kind: 'param'; name: string }
  | { kind: 'catchAll'; name: string };

/** A parsed pattern: segments plus the canonical `{name}` form transports register. */
export interface PathPattern {
  pattern: string;
  segments: Segment[];
  paramNames: string[];
  catchAll: boolean;
  isStatic: boolean;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function parseSegment(raw: string, path: string, isLast: boolean): Segment {
  let name: string | undefined;
  let catchAll = false;
  if (raw.startsWith('{') && raw.endsWith('}')) {
    name = raw.slice(1, -1);
    if (name.endsWith('...')) {
      name = name.slice(0, -3);
      catchAll = true;
    }
  } else if (raw.startsWith(':')) {
    name = raw.slice(1);
  } else if (raw.includes('{') || raw.includes('}')) {
    throw new BoltAppError(
      AppErrorCode.ROUTE_PATH_INVALID,
      `Route "${path}": a parameter must fill a whole segment, like "/items/{id}"; got "${raw}".`,
    );
  } else {
    return { kind: 'static', text: raw };
  }
  if (!NAME.test(name)) {
    throw new BoltAppError(
      AppErrorCode.ROUTE_PATH_INVALID,
      `Route "${path}": "${name}" is not a valid parameter name (letters, digits and _ only).`,
    );
  }
  if (catchAll && !isLast) {
    throw new BoltAppError(
      AppErrorCode.ROUTE_PATH_INVALID,
      `Route "${path}": the catch-all "{${name}...}" must be the last segment.`,
    );
  }
  return catchAll ? { kind: 'catchAll', name } : { kind: 'param', name };
}

/** Parses `path` (which must start with `/`). Throws BOLT_ERR_ROUTE_PATH_INVALID naming the route. */
export function parsePathPattern(path: string): PathPattern {
  if (!path.startsWith('/')) {
    throw new BoltAppError(AppErrorCode.ROUTE_PATH_INVALID, `Route "${path}": paths start with "/".`);
  }
  const parts = path.slice(1).split('/');
  const segments = path === '/' ? [] : parts.map((p, i) => parseSegment(p, path, i === parts.length - 1));
  const paramNames: string[] = [];
  for (const s of segments) {
    if (s.kind === 'static') continue;
    if (paramNames.includes(s.name)) {
      throw new BoltAppError(
        AppErrorCode.ROUTE_PATH_INVALID,
        `Route "${path}": parameter "${s.name}" appears twice.`,
      );
    }
    paramNames.push(s.name);
  }
  const pattern =
    path === '/'
      ? '/'
      : `/${segments
          .map((s) => (s.kind === 'static' ? s.text : s.kind === 'param' ? `{${s.name}}` : `{${s.name}...}`))
          .join('/')}`;
  return {
    pattern,
    segments,
    paramNames,
    catchAll: segments.at(-1)?.kind === 'catchAll',
    isStatic: paramNames.length === 0,
  };
}

/** Joins a prefix and a path without doubling or dropping slashes: `('/users', '/')` -> `/users/`. */
export function joinPaths(prefix: string, path: string): string {
  if (!prefix || prefix === '/') return path;
  const p = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  return `${p.startsWith('/') ? p : `/${p}`}${path}`;
}
