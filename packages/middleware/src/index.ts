/**
 * @bolt/middleware: the batteries every API needs, each a plugin on Bolt's request pipeline (one
 * folder per plugin). Plugins that an engine can run itself declare a native form (data); the JS
 * hooks are the reference behaviour on every engine.
 *
 * @example
 * import { cors, compress, health, rateLimit, securityHeaders, serveStatic, trustProxy } from '@bolt/middleware';
 * const api = new BoltAPI({ plugins: [trustProxy(), cors({ origins: ['https://app.example'] }), securityHeaders(), compress()] });
 * api.use(health());
 * const chat = new BoltAPI({ pubsub: redisPubSub({ url: process.env.REDIS_URL }) }); // WebSocket topics across processes
 */
export {
  type CompressConfig,
  type CompressOptions,
  compress,
  type Encoding,
  negotiate,
} from './compress/index.js';
export { type CorsConfig, type CorsOptions, cors, type OriginOption, preflightAnswer } from './cors/index.js';
export { BoltMiddlewareError, MiddlewareErrorCode } from './errors.js';
export { type HealthOptions, type HealthPlugin, health, type ReadinessCheck } from './health/index.js';
export {
  PUBSUB_REDIS_UNAVAILABLE,
  type RedisPubSubOptions,
  RedisPubSubUnavailable,
  redisPubSub,
} from './pubsub/index.js';
export {
  MemoryStore,
  type RateLimitConfig,
  type RateLimiter,
  type RateLimitKey,
  type RateLimitOptions,
  type RateLimitStore,
  RedisStore,
  type RedisStoreOptions,
  RedisStoreUnavailable,
  rateLimit,
  type WindowHits,
} from './rate-limit/index.js';
export {
  DEFAULT_CSP,
  type SecurityHeadersConfig,
  type SecurityHeadersOptions,
  securityHeaders,
  securityHeadersConfig,
} from './security-headers/index.js';
export { type StaticOptions, serveStatic } from './static/index.js';
export { type ClientInfo, clientAddress, clientProtocol } from './trust-proxy/client-info.js';
export { type TrustProxyOptions, trustProxy } from './trust-proxy/index.js';
