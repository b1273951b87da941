/**
 * @bolt/core/transport: what engine authors need (the contract an engine implements, Bolt's fixed
 * error answers, file bodies, body collection). Users write against `@bolt/core`; engines against this.
 */

/** Whether a request's body is one a `multipart` route takes streamed (`RawRequest.bodyStream`). */
export { isMultipartContentType } from '../forms/content-type.js';
export { errorResponse } from '../http/error-response.js';
export { collectBody } from '../inject/collect-body.js';
export type {
  BoltResponse,
  CompiledApp,
  CompiledRoute,
  ListenOptions,
  MultipartLimits,
  NativeMultipart,
  RawRequest,
  ResponseBody,
  RouteHookForms,
  RoutePattern,
  RunningServer,
  Transport,
} from './contract.js';
export { FileBody } from './file-body.js';
export {
  SendStatus,
  type WebSocketHubHost,
  type WebSocketPeer,
  type WebSocketRouteOptions,
  type WebSocketSession,
} from './websocket-contract.js';
