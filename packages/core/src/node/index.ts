/**
 * @bolt/core/node: run Bolt on node:http, or mount it inside an existing Node service.
 */
export { type NodeListenOptions, nodeTransport } from './node-transport.js';
export { type NodeServeOptions, serve } from './serve.js';
export { type NodeListener, type NodeListenerOptions, toNodeListener } from './to-node-listener.js';
