/**
 * Bolt's own router, used by `inject`, the node:http adapter and any transport without a router of
 * its own: static paths by one map lookup, dynamic ones through the radix tree.
 */
import type { PathPattern } from './path-pattern.js';
import { RadixTree } from './radix-tree.js';
import { RouteTable } from './route-table.js';

/** Result of routing a method and path. */
export type RouteMatch<R> =
  | { kind: 'found'; route: R; params: readonly string[] }
  | { kind: 'method-not-allowed'; allow: string }
  | { kind: 'not-found' };

const NO_PARAMS: readonly string[] = Object.freeze([]);
const NOT_FOUND = Object.freeze({ kind: 'not-found' as const });

export class Router<R> {
  readonly #static = new Map<string, RouteTable<R>>();
  readonly #dynamic = new RadixTree<R>();

  /** Adds `route` for `method` at `path`; returns false if that method is already taken there. */
  add(method: string, path: PathPattern, route: R): boolean {
    let table: RouteTable<R>;
    if (path.isStatic) {
      table = this.#static.get(path.pattern) ?? new RouteTable<R>();
      this.#static.set(path.pattern, table);
    } else {
      table = this.#dynamic.tableFor(path.segments);
    }
    return table.set(method, route);
  }

  /** Routes a raw (percent-encoded) path. HEAD falls back to GET. */
  match(method: string, path: string): RouteMatch<R> {
    const staticTable = this.#static.get(path);
    if (staticTable) {
      const route = staticTable.get(method);
      if (route !== undefined) return { kind: 'found', route, params: NO_PARAMS };
    }
    const dynamic = this.#dynamic.match(path);
    if (dynamic) {
      const route = dynamic.table.get(method);
      if (route !== undefined) return { kind: 'found', route, params: dynamic.params };
    }
    const table = staticTable ?? dynamic?.table;
    return table ? { kind: 'method-not-allowed', allow: table.allow } : NOT_FOUND;
  }
}
