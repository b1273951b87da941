/**
 * Param names read from a path string at the type level: `/items/{item_id}/:tag/{rest...}` ->
 * `'item_id' | 'tag' | 'rest'`.
 */

type CatchAllName<N extends string> = N extends `${infer Base}...` ? Base : N;

type SegmentParam<S extends string> = S extends `{${infer Name}}`
  ? CatchAllName<Name>
  : S extends `:${infer Name}`
    ? Name
    : never;

/** The union of param names in `Path`. */
export type PathParamNames<Path extends string> = Path extends `${infer Head}/${infer Tail}`
  ? SegmentParam<Head> | PathParamNames<Tail>
  : SegmentParam<Path>;

/** Untyped params: every name in the path maps to its (decoded) string. */
export type PathParams<Path extends string> = { [K in PathParamNames<Path>]: string };
