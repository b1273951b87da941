/**
 * What a route declares (schemas and options) and what its handler receives and may return, all
 * derived from the schemas with no casts: the handler's context is typed by `params`, `query`,
 * `headers`, `cookies` and `body`, and its return is checked against `response`.
 */
import type { Static, TObject, TSchema } from '@bolt/schema';
import type { JsonResponse, ResponseObject } from '../http/responses.js';
import type { Logger } from '../log/logger.js';
import type { DependencyMap, DependencyValues } from '../pipeline/dependency.js';
import type {
  OnErrorHook,
  OnRequestHook,
  OnResponseHook,
  OnSendHook,
  PreHandlerHook,
} from '../pipeline/hook-types.js';
import type { HookRequest } from '../pipeline/request-scope.js';
import type { MultipartLimits } from '../transport/contract.js';
import type { PathParamNames, PathParams } from './path-params.js';

/** Responses by status code: `{ 200: Item, 404: NotFound }`. */
export type ResponseMap = { readonly [status: number]: TSchema };

/**
 * A security scheme as plain data: its name under OpenAPI's `components.securitySchemes` and its
 * Security Scheme Object. @bolt/auth's schemes expose one as `scheme.openapi`.
 *
 * @example
 * const bearer: SecuritySchemeLike = { name: 'bearerAuth', scheme: { type: 'http', scheme: 'bearer' } };
 */
export interface SecuritySchemeLike {
  readonly name: string;
  readonly scheme: { readonly type: string; readonly [field: string]: unknown };
}

/**
 * One way to authenticate a route: a scheme's descriptor, the name of a scheme given to the docs
 * options, or OpenAPI's own requirement object (`{ oauth: ['read'] }`: names and their scopes).
 */
export type SecurityRequirementLike =
  | string
  | SecuritySchemeLike
  | { readonly [scheme: string]: readonly string[] };

/** What the docs (OpenAPI) say about a route; none of it changes how the route answers. */
export interface RouteMeta {
  /** One line shown beside the operation. */
  summary?: string;
  /** Longer text (Markdown). */
  description?: string;
  /** Groups operations in the docs page. */
  tags?: readonly string[];
  /** Unique operation id. Default: derived from the method and path (`get_items_item_id`). */
  operationId?: string;
  /** Marks the operation deprecated. Default false. */
  deprecated?: boolean;
  /** Leaves the route out of the document. Default false. */
  hide?: boolean;
  /** Alternatives that authenticate the route (`[]`: public, overriding a default). Default none. */
  security?: readonly SecurityRequirementLike[];
}

/** What a route may declare. Every field is optional. */
export interface RouteOptions<Path extends string = string> extends RouteMeta {
  /** Path params; its keys must be the names in the path. Values are decoded from strings. */
  params?: TObject<{ [K in PathParamNames<Path>]: TSchema }>;
  /** Query string values, decoded from strings; `t.Array` collects repeated keys. */
  query?: TObject;
  /** Headers by lower-case name (`x_token` reads `x-token`), decoded from strings. */
  headers?: TObject;
  /** Cookies by name, decoded from strings. */
  cookies?: TObject;
  /**
   * The body, in the content types of `contentTypes`: 415 for another, 400 when malformed, 422 when
   * invalid. Form bodies (urlencoded, multipart) need a `t.Object` of string-carried fields (decoded
   * like query values, `t.Array` from repeated fields) and `Upload()` / `t.Array(Upload())` files.
   */
  body?: TSchema;
  /**
   * The body kinds the route takes: `json` (`application/json`), `form`
   * (`application/x-www-form-urlencoded`), `multipart` (`multipart/form-data`, streamed: files go to
   * temp files removed after the response). Default `['json']`, or `['multipart']` when `body` has
   * `Upload()` fields.
   *
   * @example
   * api.post('/contact', { body: Contact, contentTypes: ['form', 'json'] }, ({ body }) => body);
   */
  contentTypes?: readonly ('json' | 'form' | 'multipart')[];
  /**
   * Limits of a multipart body; over any, 413 naming it. Defaults: `fileSize` 10 MiB, `files` 10,
   * `fields` 100, `fieldSize` 64 KiB, `parts` 200. The whole request is capped by `bodyLimit`.
   */
  limits?: Partial<MultipartLimits>;
  /** Response model, or one per status code. The handler's return is checked against it at compile time. */
  response?: TSchema | ResponseMap;
  /** Status for plain returned data. Default 200. */
  status?: number;
  /** Largest body accepted, in bytes. Default: the app's `bodyLimit` (1 MiB); 50 MiB on a multipart route. */
  bodyLimit?: number;
  /** Validate responses against the model before sending (a failure is a 500 naming the field in the log). Default: the app's setting (off). */
  validateResponse?: boolean;
  /** Whether transports may compress this route's responses. Default true. */
  compress?: boolean;
  /**
   * With a response map, a status it does not list is refused (a logged 500), since it would go out
   * unfiltered. `true` sends such statuses as-is instead.
   */
  serializeUnlisted?: boolean;
  /** Dependencies by name; their values reach the handler as `ctx.deps`, typed. */
  deps?: DependencyMap;
  /** This route's own hooks, run after the app's and its API's (same phases as `addHook`). */
  onRequest?: OnRequestHook | readonly OnRequestHook[];
  preHandler?: PreHandlerHook | readonly PreHandlerHook[];
  onSend?: OnSendHook | readonly OnSendHook[];
  onResponse?: OnResponseHook | readonly OnResponseHook[];
  onError?: OnErrorHook | readonly OnErrorHook[];
}

/** Request facts every handler can read. */
export interface RequestInfo {
  readonly method: string;
  /** Raw path as received (percent-encoded). */
  readonly path: string;
  /** Raw query string without `?`. */
  readonly rawQuery: string;
  /** The body bytes, when the request had one. */
  readonly rawBody: Uint8Array | undefined;
  readonly remoteAddress: string | undefined;
  /** A header by lower-case name. */
  header(name: string): string | undefined;
}

type StaticOr<S, Fallback> = S extends TSchema ? Static<S> : Fallback;

/** The context a handler receives, typed from the path and the route's schemas. */
export interface HandlerContext<Path extends string, O extends RouteOptions<Path>> {
  params: StaticOr<O['params'], PathParams<Path>>;
  query: StaticOr<O['query'], Record<string, string | string[] | undefined>>;
  headers: StaticOr<O['headers'], Record<string, string | undefined>>;
  cookies: StaticOr<O['cookies'], Record<string, string | undefined>>;
  body: StaticOr<O['body'], undefined>;
  /** The values of the route's `deps`. */
  deps: O extends { deps: infer D extends DependencyMap } ? DependencyValues<D> : Record<never, never>;
  /** Request facts, id, logger and state shared with hooks. */
  request: HookRequest;
  /** A logger that stamps this request's id on every line. */
  log: Logger;
  requestId: string;
  /** State shared by this request's hooks, dependencies and handler. */
  state: Record<string, unknown>;
}

/** Something that runs later and yields data, such as a Kysely query; resolved by a plugin. */
export interface Executable {
  execute(): PromiseLike<unknown>;
}

/** The data type the `response` option allows: its Static, or the union over a status map. */
export type ResponseData<R> = R extends TSchema
  ? Static<R>
  : R extends ResponseMap
    ? { [K in keyof R]: R[K] extends TSchema ? Static<R[K]> : never }[keyof R]
    : unknown;

/**
 * `json(data, { status })` a route may return: with a status map, only the statuses it lists, each
 * with its own model (a status it does not list is a compile error, as it is a 500 at run time,
 * unless the route sets `serializeUnlisted`); with one schema, that model at any status.
 */
type JsonResult<O, R> = R extends TSchema
  ? JsonResponse<Static<R>, number>
  : R extends ResponseMap
    ? O extends { serializeUnlisted: true }
      ? JsonResponse<unknown, number>
      : { [K in keyof R & number]: JsonResponse<R[K] extends TSchema ? Static<R[K]> : never, K> }[keyof R &
          number]
    : JsonResponse<unknown, number>;

/** What a handler may return for options `O`. */
export type HandlerResult<O> = O extends { response: infer R }
  ? ResponseData<R> | JsonResult<O, R> | Exclude<ResponseObject, JsonResponse> | Executable
  : unknown;

/** A route handler: sync or async. */
export type Handler<Path extends string, O extends RouteOptions<Path>> = (
  ctx: HandlerContext<Path, O>,
) => HandlerResult<O> | Promise<HandlerResult<O>>;

/**
 * What the type level keeps of one route, for typed clients: its options and what its handler
 * returns. Nothing of it exists at run time.
 */
export interface RouteType<O = unknown, R = unknown> {
  readonly options: O;
  readonly returns: R;
}

type TrimSlash<P extends string> = P extends `${infer Head}/` ? Head : P;
type LeadSlash<P extends string> = P extends `/${string}` ? P : `/${P}`;

/**
 * `prefix` joined to `path` as the router joins them (`/users` + `/{id}` -> `/users/{id}`). A
 * prefix only known as `string` is left out: such routes keep their own path in the types.
 */
export type JoinPath<Prefix extends string, Path extends string> = string extends Prefix
  ? Path
  : Prefix extends '' | '/'
    ? Path
    : `${LeadSlash<TrimSlash<Prefix>>}${Path}`;

/** One route's record: `{ 'GET /items/{id}': RouteType<O, R> }`. */
export type RouteRecord<M extends string, Path extends string, O, R> = {
  [K in `${M} ${Path}`]: RouteType<O, R>;
};

/** An included API's routes under the including API's prefix. */
export type PrefixRoutes<Prefix extends string, Routes> = string extends Prefix
  ? Routes
  : Prefix extends '' | '/'
    ? Routes
    : {
        [K in keyof Routes as K extends `${infer M} ${infer P}`
          ? `${M} ${JoinPath<Prefix, P>}`
          : K]: Routes[K];
      };
