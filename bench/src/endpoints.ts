/**
 * The rows of the table: each endpoint's request and the answer every contender must give before
 * any load is sent. The bodies come from peers/shared, the same modules the peers serve them from.
 */
import { isDeepStrictEqual } from 'node:util';
import { HELLO, HUNDRED_ITEMS, PARSE_BODY, PUT_BODY } from '../peers/shared/items.js';
import { PAYLOAD_KB, PAYLOADS } from '../peers/shared/scaling.js';
import { COST_ENDPOINTS } from './cost-endpoints.js';
import { expectJson } from './expect-json.js';

/** A response compression a row asks for. */
export type ContentEncoding = 'br' | 'gzip';

/** The row groups: `--only` takes their names too. */
export type EndpointGroup = 'table' | 'scaling' | 'cost';

/** One benchmarked request. */
export interface Endpoint {
  /** Short id used by `--only` and in the results (`root`, `parse`, `payload-out-10k`, ...). */
  readonly id: string;
  /** What a reader sees, e.g. `GET /items/1?q=hello`. */
  readonly title: string;
  /**
   * `table`: the example app's endpoints; `scaling`: payload size and route count rows; `cost`: what
   * the batteries and auth add, Bolt against itself (cost-endpoints.ts).
   */
  readonly group: EndpointGroup;
  readonly method: 'GET' | 'PUT' | 'POST';
  /** Path and query. */
  readonly path: string;
  /** JSON request body. */
  readonly body?: unknown;
  /** Extra request headers, sent by wrk (`-H`) and by the answer check alike. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * The answer must come with this `content-encoding` (the request asks for it in `headers`); the
   * check decodes the body before comparing it. Only contenders that compress take part.
   */
  readonly encoding?: ContentEncoding;
  /** Connections for this row instead of the global C (the async row runs at high concurrency). */
  readonly connections?: 'slow';
  /**
   * The status every answer has when it is not 200 (a refused request): answers with it do not count
   * as errors under load.
   */
  readonly expectStatus?: number;
  /** Extra environment for the servers of this row (route count). */
  readonly env?: Readonly<Record<string, string>>;
  /** The row reads the example's database. */
  readonly needsDb?: boolean;
  /** Why the answer is wrong, or undefined when it is right. */
  check(status: number, json: unknown): string | undefined;
}

const expectUsers =
  (keys: readonly string[]) =>
  (status: number, json: unknown): string | undefined => {
    if (status !== 200) return `status ${status}, expected 200`;
    if (!Array.isArray(json) || json.length !== 10)
      return `expected 10 users, got ${JSON.stringify(json)?.slice(0, 120)}`;
    for (const user of json) {
      const got = Object.keys(user ?? {}).sort();
      if (!isDeepStrictEqual(got, [...keys].sort()))
        return `user keys ${got.join(',')}, expected ${keys.join(',')}`;
      if (typeof user.id !== 'number' || typeof user.username !== 'string')
        return `bad user ${JSON.stringify(user)}`;
      if ('is_active' in user && typeof user.is_active !== 'boolean')
        return `is_active is not a boolean: ${JSON.stringify(user)}`;
    }
    return undefined;
  };

/** The example app's endpoints (DESIGN.md), in table order. */
export const TABLE_ENDPOINTS: readonly Endpoint[] = [
  { id: 'root', title: 'GET /', group: 'table', method: 'GET', path: '/', check: expectJson(HELLO) },
  {
    id: 'items',
    title: 'GET /items/1?q=hello',
    group: 'table',
    method: 'GET',
    path: '/items/1?q=hello',
    check: expectJson({ item_id: 1, q: 'hello' }),
  },
  {
    id: 'put',
    title: 'PUT /items/1 (JSON body)',
    group: 'table',
    method: 'PUT',
    path: '/items/1',
    body: PUT_BODY,
    check: expectJson({ item_name: PUT_BODY.name, item_id: 1 }),
  },
  {
    id: 'items100',
    title: 'GET /items100 (response model)',
    group: 'table',
    method: 'GET',
    path: '/items100',
    check: expectJson(HUNDRED_ITEMS),
  },
  ...(['br', 'gzip'] as const).map(
    (encoding): Endpoint => ({
      id: `items100-${encoding}`,
      title: `GET /items100 (${encoding})`,
      group: 'table',
      method: 'GET',
      path: '/items100',
      headers: { 'accept-encoding': encoding },
      encoding,
      // The peers register their compression middleware only for these rows.
      env: { BENCH_COMPRESS: '1' },
      check: expectJson(HUNDRED_ITEMS),
    }),
  ),
  {
    id: 'parse',
    title: 'POST /bench/parse (parse + validate)',
    group: 'table',
    method: 'POST',
    path: '/bench/parse',
    body: PARSE_BODY,
    check: expectJson({ ok: true, n: PARSE_BODY.items.length, count: PARSE_BODY.count }),
  },
  {
    id: 'users-full',
    title: 'GET /users/full10 (ORM)',
    group: 'table',
    method: 'GET',
    path: '/users/full10',
    needsDb: true,
    check: expectUsers(['id', 'username', 'email', 'first_name', 'last_name', 'is_active']),
  },
  {
    id: 'users-mini',
    title: 'GET /users/mini10 (ORM, 2 columns)',
    group: 'table',
    method: 'GET',
    path: '/users/mini10',
    needsDb: true,
    check: expectUsers(['id', 'username']),
  },
  {
    id: 'slow',
    title: 'GET /bench/slow?ms=100 (async, high C)',
    group: 'table',
    method: 'GET',
    path: '/bench/slow?ms=100',
    connections: 'slow',
    check: expectJson({ ok: true, ms: 100 }),
  },
];

/** Payload size (1, 10, 100 KB out and in) and route count (10 vs 1,000) rows. */
export const SCALING_ENDPOINTS: readonly Endpoint[] = [
  ...PAYLOAD_KB.map(
    (kb): Endpoint => ({
      id: `payload-out-${kb}k`,
      title: `GET /payload/${kb} (${kb} KB response)`,
      group: 'scaling',
      method: 'GET',
      path: `/payload/${kb}`,
      check: expectJson(PAYLOADS.get(kb)),
    }),
  ),
  ...PAYLOAD_KB.map(
    (kb): Endpoint => ({
      id: `payload-in-${kb}k`,
      title: `POST /payload (${kb} KB body)`,
      group: 'scaling',
      method: 'POST',
      path: '/payload',
      body: PAYLOADS.get(kb),
      check: expectJson({ ok: true, n: PAYLOADS.get(kb)!.records.length }),
    }),
  ),
  ...[10, 1000].map(
    (routes): Endpoint => ({
      id: `routes-${routes}`,
      title: `GET /r${routes - 1}/7 (${routes} routes)`,
      group: 'scaling',
      method: 'GET',
      path: `/r${routes - 1}/7`,
      env: { BENCH_ROUTES: String(routes) },
      check: expectJson({ route: routes - 1, id: 7 }),
    }),
  ),
];

/** Every endpoint. */
export const ENDPOINTS: readonly Endpoint[] = [...TABLE_ENDPOINTS, ...SCALING_ENDPOINTS, ...COST_ENDPOINTS];
