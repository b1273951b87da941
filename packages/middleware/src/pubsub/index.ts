export {
  PUBSUB_REDIS_UNAVAILABLE,
  type RedisPubSubOptions,
  RedisPubSubUnavailable,
  redisPubSub,
} from './redis-pubsub.js';
