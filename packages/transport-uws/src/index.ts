/**
 * @bolt/transport-uws: serve any Bolt app on uWebSockets.js, in one thread or as processes x workers.
 *
 * @example
 * import { serve } from '@bolt/transport-uws';
 * await serve(api, { host: '127.0.0.1', port: 8000 });
 */
export { BoltUwsError, UwsErrorCode } from './errors.js';
export { listen, type UwsListenOptions, uwsTransport } from './listen.js';
export {
  type LoadNativeOptions,
  loadNative,
  type NativeUws,
  type UwsModule,
  type UwsSource,
} from './load-native.js';
export { type ServeOptions, serve } from './serve.js';
