/**
 * @bolt/client: a typed client for a Bolt app with no code generation. Paths, params, query,
 * headers, cookies, body and results are typed from the app's route declarations
 * (`typeof api`); it calls the app with `fetch` (browsers and Node) or in memory (`api.inject`).
 *
 * @example
 * import { createClient } from '@bolt/client';
 * import type { api } from './app.js';
 * const client = createClient<typeof api>('http://127.0.0.1:8000');
 * const res = await client.get('/items/{item_id}', { params: { item_id: 1 } });
 * if (res.ok) console.log(res.data.item_id);
 */
export { type CallInput, MissingParamError } from './build-request.js';
export { type ClientOptions, createClient } from './create-client.js';
export type { FetchLike, Injectable } from './senders.js';
export type {
  AnyAPI,
  CallInputOf,
  Client,
  Method,
  Outcome,
  PathsOf,
  ResultOf,
  ValidationErrorBody,
  ValidationIssue,
} from './types.js';
