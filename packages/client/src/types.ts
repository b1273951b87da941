/**
 * The client's types, read from the routes an app accumulates on `BoltAPI['~routes']` (keys like
 * `GET /items/{item_id}`): which paths each method has, what a call must pass (params, query,
 * headers, cookies, body, from the route's schemas) and what it resolves with (the response
 * model per declared status, the handler's return type when there is no model, the 422 body
 * when the route validates input, and `unknown` for any other error status).
 */
import type {
  Executable,
  JsonResponse,
  PathParamNames,
  ResponseObject,
  Static,
  TSchema,
  UploadedFile,
} from '@bolt/core';

/** Any API whose routes the client can read. */
export interface AnyAPI {
  readonly '~routes': object;
}

type RoutesOf<A> = A extends { readonly '~routes': infer R } ? R : never;

/** Methods, as route keys spell them. */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

/** HEAD is answered on every GET route too. */
type KeyMethods<M extends Method> = M extends 'HEAD' ? 'HEAD' | 'GET' : M;

type StripMethod<K, M extends string> = K extends `${M} ${infer P}` ? P : never;

/** The paths `M` may call. */
export type PathsOf<R, M extends Method> = StripMethod<keyof R, KeyMethods<M>>;

type OptionsOf<E> = E extends { readonly options: infer O } ? O : never;
type ReturnsOf<E> = E extends { readonly returns: infer R } ? R : never;

type Part<K extends string, T> = {} extends T ? { [k in K]?: T } : { [k in K]: T };
type SchemaPart<O, K extends string, Fallback> = O extends { [k in K]: infer S extends TSchema }
  ? Part<K, Static<S>>
  : { [k in K]?: Fallback };

type ParamsPart<P extends string, O> = O extends { params: infer S extends TSchema }
  ? { params: Static<S> }
  : [PathParamNames<P>] extends [never]
    ? { params?: undefined }
    : { params: { [K in PathParamNames<P>]: string | number } };

type HeadersPart<O> = O extends { headers: infer S extends TSchema }
  ? Part<'headers', Static<S> & { [name: string]: unknown }>
  : { headers?: { [name: string]: unknown } };

/** True when a body type has a file field (`Upload()`), which only multipart carries. */
type HasFiles<T> = {
  [K in keyof T]-?: NonNullable<T[K]> extends UploadedFile | readonly UploadedFile[] ? true : never;
}[keyof T] extends never
  ? false
  : true;
type FormBody = FormData | URLSearchParams;
/** The body kinds a route takes: its `contentTypes`, else multipart for a body with files, else JSON. */
type KindsOf<O, T> = O extends { contentTypes: readonly (infer K)[] }
  ? K
  : HasFiles<T> extends true
    ? 'multipart'
    : 'json';
type BodyFor<K, T> =
  | ('json' extends K ? T : never)
  | (Extract<K, 'form' | 'multipart'> extends never ? never : FormBody);

/** JSON routes take the body's type; form and multipart routes a `FormData` or `URLSearchParams` (files go in FormData). */
type BodyPart<O> = O extends { body: infer S extends TSchema }
  ? { body: BodyFor<KindsOf<O, Static<S>>, Static<S>> }
  : { body?: unknown };

/** What a call to route (`P`, `O`) takes. */
export type CallInputOf<P extends string, O> = ParamsPart<P, O> &
  SchemaPart<O, 'query', { [name: string]: unknown }> &
  HeadersPart<O> &
  SchemaPart<O, 'cookies', { [name: string]: unknown }> &
  BodyPart<O> & { signal?: AbortSignal };

type Args<P extends string, O> =
  {} extends CallInputOf<P, O> ? [input?: CallInputOf<P, O>] : [input: CallInputOf<P, O>];

/** One FastAPI-shaped validation issue, as in every 422 body. */
export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

/** The 422 body (the app's default `detail` error format). */
export interface ValidationErrorBody {
  detail: ValidationIssue[];
}

/** Error statuses a server may answer; the undeclared ones resolve with `data: unknown`. */
type ErrorStatus =
  | 400
  | 401
  | 402
  | 403
  | 404
  | 405
  | 406
  | 407
  | 408
  | 409
  | 410
  | 411
  | 412
  | 413
  | 414
  | 415
  | 416
  | 417
  | 418
  | 421
  | 422
  | 423
  | 424
  | 425
  | 426
  | 428
  | 429
  | 431
  | 451
  | 500
  | 501
  | 502
  | 503
  | 504
  | 505
  | 506
  | 507
  | 508
  | 510
  | 511;

/** One possible answer of a call. */
export interface Outcome<S extends number, D> {
  /** True for a 2xx status. */
  ok: `${S}` extends `2${string}` ? true : false;
  status: S;
  /** The parsed JSON body (text for a text body, undefined for an empty one). */
  data: D;
  headers: Headers;
}

type Distribute<S extends number, D> = S extends number ? Outcome<S, D> : never;

type DataOf<R> = R extends JsonResponse<infer T> ? T : R extends ResponseObject | Executable ? unknown : R;

/** 200, or the route's `status` (inferred as `number`, so any 2xx: narrow on `ok` or on the status). */
type SuccessStatus<O> = O extends { status: infer S extends number }
  ? number extends S
    ? 200 | 201 | 202 | 203 | 204 | 205 | 206
    : S
  : 200;

type Validates<O> = O extends
  | { params: TSchema }
  | { query: TSchema }
  | { headers: TSchema }
  | { cookies: TSchema }
  | { body: TSchema }
  ? true
  : false;

type DeclaredOutcomes<O, H> = O extends { response: infer R }
  ? R extends TSchema
    ? Outcome<SuccessStatus<O>, Static<R>>
    : { [K in keyof R & number]: Distribute<K, R[K] extends TSchema ? Static<R[K]> : unknown> }[keyof R &
        number]
  : Outcome<SuccessStatus<O>, DataOf<Awaited<H>>>;

type WithValidation<O, D> =
  Validates<O> extends true ? (D extends { status: 422 } ? D : D | Outcome<422, ValidationErrorBody>) : D;

/** Every answer a route may give, the undeclared error statuses last. */
export type ResultOf<O, H, Head extends boolean = false> = Head extends true
  ? Outcome<200, undefined> | Outcome<Exclude<ErrorStatus, never>, undefined>
  : WithValidation<O, DeclaredOutcomes<O, H>> extends infer D extends { status: number }
    ? D | { ok: false; status: Exclude<ErrorStatus, D['status']>; data: unknown; headers: Headers }
    : never;

/** The paths of method `M` (HEAD includes the GET routes), as keys: computed once per method. */
type RoutesFor<R, M extends Method> = {
  [K in keyof R as K extends `${KeyMethods<M>} ${infer P}` ? P : never]: true;
};

/**
 * The route record of `M path`, looked up by its key in `R` directly (a lookup through the
 * remapped `RoutesFor` would rescan every key per call); deferred while `P` is generic.
 */
type Entry<R, M extends Method, P extends string> = Lookup<R, `${KeyMethods<M>} ${P}`>;
type Lookup<R, K> = K extends keyof R ? R[K] : never;

type Call<R, M extends Method> = <P extends keyof RoutesFor<R, M> & string>(
  path: P,
  ...input: NoInfer<Args<P, OptionsOf<Entry<R, M, P>>>>
) => Promise<ResultOf<OptionsOf<Entry<R, M, P>>, ReturnsOf<Entry<R, M, P>>, M extends 'HEAD' ? true : false>>;

/** The typed client of API `A`: one function per method, plus `request(method, ...)`. */
export type Client<A> = {
  readonly [M in Method as Lowercase<M>]: Call<RoutesOf<A>, M>;
} & {
  readonly request: <M extends Method, P extends keyof RoutesFor<RoutesOf<A>, M> & string>(
    method: M,
    path: P,
    ...input: NoInfer<Args<P, OptionsOf<Entry<RoutesOf<A>, M, P>>>>
  ) => Promise<ResultOf<OptionsOf<Entry<RoutesOf<A>, M, P>>, ReturnsOf<Entry<RoutesOf<A>, M, P>>>>;
};
