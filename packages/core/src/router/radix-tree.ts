/**
 * A segment trie for dynamic paths. Lookup walks one node per path segment, so its cost depends
 * on the path's depth, not on how many routes exist. Static children win over params, params over
 * a catch-all, with backtracking when a branch dead-ends.
 */
import type { Segment } from './path-pattern.js';
import { RouteTable } from './route-table.js';

class TrieNode<R> {
  readonly statics = new Map<string, TrieNode<R>>();
  param: TrieNode<R> | undefined;
  catchAll: RouteTable<R> | undefined;
  table: RouteTable<R> | undefined;
}

/** A match: the routes at the path plus the raw param values in path order. */
export interface TrieMatch<R> {
  table: RouteTable<R>;
  params: string[];
}

export class RadixTree<R> {
  readonly #root = new TrieNode<R>();

  /** The route table at `segments`, created on first use. */
  tableFor(segments: readonly Segment[]): RouteTable<R> {
    let node = this.#root;
    for (const segment of segments) {
      if (segment.kind === 'catchAll') {
        node.catchAll ??= new RouteTable<R>();
        return node.catchAll;
      }
      if (segment.kind === 'param') {
        node.param ??= new TrieNode<R>();
        node = node.param;
      } else {
        let next = node.statics.get(segment.text);
        if (!next) {
          next = new TrieNode<R>();
          node.statics.set(segment.text, next);
        }
        node = next;
      }
    }
    node.table ??= new RouteTable<R>();
    return node.table;
  }

  /** Finds the routes for a raw path such as `/items/42`. */
  match(path: string): TrieMatch<R> | undefined {
    const segments = path.split('/');
    const params: string[] = [];
    const table = walk(this.#root, segments, 1, params);
    return table ? { table, params } : undefined;
  }
}

function walk<R>(
  node: TrieNode<R>,
  segments: string[],
  i: number,
  params: string[],
): RouteTable<R> | undefined {
  if (i === segments.length) return node.table;
  const segment = segments[i] as string;
  const child = node.statics.get(segment);
  if (child) {
    const found = walk(child, segments, i + 1, params);
    if (found) return found;
  }
  if (node.param && segment !== '') {
    params.push(segment);
    const found = walk(node.param, segments, i + 1, params);
    if (found) return found;
    params.pop();
  }
  if (node.catchAll) {
    params.push(segments.slice(i).join('/'));
    return node.catchAll;
  }
  return undefined;
}
