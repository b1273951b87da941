/**
 * The hand-written peers' routing and handlers (node:http, raw uWS): a request in, a status and a
 * JSON string out. Each body is validated with a compiled TypeBox check, like the frameworks do.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { HELLO, HUNDRED_ITEMS } from './items.js';
import { PAYLOADS, routeCount } from './scaling.js';
import { checkItem, checkParseBody, checkPayload, toInteger } from './validators.js';

/** What a handler answers. */
export interface HandAnswer {
  status: number;
  body: string;
}

const ok = (value: unknown): HandAnswer => ({ status: 200, body: JSON.stringify(value) });
const NOT_FOUND: HandAnswer = { status: 404, body: '{"detail":"Not Found"}' };
const INVALID: HandAnswer = { status: 422, body: '{"detail":"Unprocessable Entity"}' };
const BAD_JSON: HandAnswer = { status: 400, body: '{"detail":"Invalid JSON"}' };

function parse(raw: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(raw) };
  } catch {
    return undefined;
  }
}

/** Handlers that need no body, keyed by method; `path` excludes the query. */
export function answerGet(path: string, query: URLSearchParams): HandAnswer | Promise<HandAnswer> {
  if (path === '/') return ok(HELLO);
  if (path === '/items100') return ok(HUNDRED_ITEMS);
  if (path === '/bench/slow') {
    const ms = toInteger(query.get('ms') ?? '100');
    if (ms === undefined || ms < 0 || ms > 60_000) return INVALID;
    return sleep(ms).then(() => ok({ ok: true, ms }));
  }
  const segments = path.split('/');
  if (segments.length === 3 && segments[1] === 'items') {
    const item_id = toInteger(segments[2]);
    return item_id === undefined ? INVALID : ok({ item_id, q: query.get('q') ?? null });
  }
  if (segments.length === 3 && segments[1] === 'payload') {
    const body = PAYLOADS.get(toInteger(segments[2]) ?? -1);
    return body ? ok(body) : NOT_FOUND;
  }
  if (segments.length === 3 && /^r\d+$/.test(segments[1]!)) {
    const route = Number(segments[1]!.slice(1));
    const id = toInteger(segments[2]);
    if (route >= routeCount()) return NOT_FOUND;
    return id === undefined ? INVALID : ok({ route, id });
  }
  return NOT_FOUND;
}

/** Handlers with a JSON body. */
export function answerWithBody(method: string, path: string, raw: string): HandAnswer {
  const parsed = parse(raw);
  if (method === 'POST' && path === '/bench/parse') {
    if (!parsed) return BAD_JSON;
    if (!checkParseBody.Check(parsed.value)) return INVALID;
    const body = parsed.value;
    return ok({ ok: true, n: body.items.length, count: body.count });
  }
  if (method === 'POST' && path === '/payload') {
    if (!parsed) return BAD_JSON;
    if (!checkPayload.Check(parsed.value)) return INVALID;
    return ok({ ok: true, n: parsed.value.records.length });
  }
  const segments = path.split('/');
  if (method === 'PUT' && segments.length === 3 && segments[1] === 'items') {
    const item_id = toInteger(segments[2]);
    if (!parsed) return BAD_JSON;
    if (item_id === undefined || !checkItem.Check(parsed.value)) return INVALID;
    return ok({ item_name: parsed.value.name, item_id });
  }
  return NOT_FOUND;
}
