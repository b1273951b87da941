/** Route options as the compile step sees them: the path-specific typing of `RouteOptions` erased. */
import type { TSchema } from '@bolt/schema';
import type { RouteMeta } from '../api/route-types.js';
import type { BodyKind } from '../forms/content-type.js';
import type { DependencyMap } from '../pipeline/dependency.js';
import type {
  OnErrorHook,
  OnRequestHook,
  OnResponseHook,
  OnSendHook,
  PreHandlerHook,
} from '../pipeline/hook-types.js';
import type { MultipartLimits } from '../transport/contract.js';

export interface RouteOptionsLike extends RouteMeta {
  params?: TSchema;
  query?: TSchema;
  headers?: TSchema;
  cookies?: TSchema;
  body?: TSchema;
  contentTypes?: readonly BodyKind[];
  limits?: Partial<MultipartLimits>;
  response?: TSchema | { readonly [status: number]: TSchema };
  status?: number;
  bodyLimit?: number;
  validateResponse?: boolean;
  compress?: boolean;
  serializeUnlisted?: boolean;
  deps?: DependencyMap;
  onRequest?: OnRequestHook | readonly OnRequestHook[];
  preHandler?: PreHandlerHook | readonly PreHandlerHook[];
  onSend?: OnSendHook | readonly OnSendHook[];
  onResponse?: OnResponseHook | readonly OnResponseHook[];
  onError?: OnErrorHook | readonly OnErrorHook[];
}
