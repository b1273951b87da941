/** Route options as the compile step sees them: the path-specific typing of `RouteOptions` erased. */
import type { TSchema } from '@bolt/schema';

export interface RouteOptionsLike {
  params?: TSchema;
  query?: TSchema;
  headers?: TSchema;
  cookies?: TSchema;
  body?: TSchema;
  response?: TSchema | { readonly [status: number]: TSchema };
  status?: number;
  bodyLimit?: number;
  validateResponse?: boolean;
  compress?: boolean;
}
