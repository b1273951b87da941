/**
 * @bolt/core: declare typed routes with `BoltAPI`, test them with `inject`, serve them with any
 * transport through the CompiledApp contract.
 *
 * @example
 * import { BoltAPI, t } from '@bolt/core';
 * const api = new BoltAPI();
 * api.get('/', () => ({ Hello: 'World' }));
 */
export { type Static, type TSchema, type TUpload, t, Upload, type UploadedFile } from '@bolt/schema';
export { BoltAPI, type BoltAPIOptions, type HttpMethod } from './api/bolt-api.js';
export type { PathParamNames, PathParams } from './api/path-params.js';
export type { BoltPlugin, ResultResolver, ResultRouteInfo } from './api/plugin.js';
export type {
  Executable,
  Handler,
  HandlerContext,
  HandlerResult,
  JoinPath,
  PrefixRoutes,
  RequestInfo,
  ResponseData,
  ResponseMap,
  RouteMeta,
  RouteOptions,
  RouteRecord,
  RouteType,
  SecurityRequirementLike,
  SecuritySchemeLike,
} from './api/route-types.js';
export type { BoltCompiledApp } from './compile/compile-app.js';
export {
  AppErrorCode,
  BoltAppError,
  defineErrors,
  type ErrorSpec,
  HTTPError,
  HttpErrorCode,
  httpErrorCode,
} from './errors.js';
export { bodyMediaTypes } from './forms/body-media-types.js';
export type { ErrorFormat } from './http/error-format.js';
export { type HeadersInit, type HeaderValue, InvalidResponseError } from './http/response-headers.js';
export {
  file,
  html,
  type JsonResponse,
  json,
  type ResponseInit,
  type ResponseObject,
  redirect,
  type ServerSentEvent,
  sse,
  stream,
  text,
} from './http/responses.js';
export { type CookieOptions, setCookie } from './http/set-cookie.js';
export type { InjectRequest, InjectResponse } from './inject/inject.js';
export { defaultLogger, type Logger } from './log/logger.js';
export {
  type Dependency,
  type DependencyInput,
  type DependencyMap,
  type DependencyValues,
  dependency,
  type Resource,
  resource,
} from './pipeline/dependency.js';
export type {
  EarlyAnswer,
  ErrorClass,
  ErrorHandler,
  HookMap,
  HookName,
  NativeForm,
  OnErrorHook,
  OnRequestHook,
  OnResponseHook,
  OnSendHook,
  PreHandlerContext,
  PreHandlerHook,
  ResponseOutcome,
} from './pipeline/hook-types.js';
export type { HookRequest, MatchedRoute } from './pipeline/request-scope.js';
export { type AppModule, appModuleHref, isAppModule } from './runtime/app-module.js';
export { loadApp } from './runtime/load-app.js';
// What engines implement lives in `@bolt/core/transport`; a user only meets the running server.
export type { RunningServer } from './transport/contract.js';
export { CloseCode } from './websocket/connection.js';
export type { PubSubAdapter, PubSubMessage } from './websocket/pubsub-adapter.js';
export type {
  BoltWebSocket,
  MessageOf,
  SendOutcome,
  WebSocketHandlers,
  WebSocketOptions,
} from './websocket/websocket-types.js';
