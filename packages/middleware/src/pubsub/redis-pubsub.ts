/**
 * WebSocket pub/sub across processes and machines through Redis: `redisPubSub({ url })` is the
 * `pubsub` adapter of a BoltAPI. Each adapter instance (one per process and worker thread, as each
 * imports the app) holds one publishing and one subscribed connection to one channel; every
 * message carries the instance's origin id, so it drops its own echo (the hub already delivered
 * it locally). ioredis reconnects on its own and subscribes again; while Redis is away, messages
 * published here reach this process's sockets only and are not queued for later.
 */
import { randomBytes } from 'node:crypto';
import { defaultLogger, type Logger, type PubSubAdapter, type PubSubMessage } from '@bolt/core';
import { Redis, type RedisOptions } from 'ioredis';
import { check } from '../errors.js';
import { decodeEnvelope, encodeEnvelope, ORIGIN_BYTES } from './envelope.js';

/** Options of {@link redisPubSub}. */
export interface RedisPubSubOptions {
  /** `redis://host:port/db` (a `rediss://` URL for TLS). */
  url: string;
  /** The Redis channel every instance of the app shares. Default `bolt:ws`. */
  channel?: string;
  /** How long `start` waits for Redis before the app refuses to start. Default 5000 ms. */
  connectTimeoutMs?: number;
  /** Where failures are logged. Default: Bolt's default logger. */
  logger?: Logger;
}

/** Stable code of {@link RedisPubSubUnavailable}. */
export const PUBSUB_REDIS_UNAVAILABLE = 'BOLT_ERR_PUBSUB_REDIS_UNAVAILABLE';

/** Redis could not be reached when the app started. */
export class RedisPubSubUnavailable extends Error {
  override readonly name = 'RedisPubSubUnavailable';
  readonly code = PUBSUB_REDIS_UNAVAILABLE;
}

/** Resolves once `client` is ready; rejects after `ms`. */
function whenReady(client: Redis, ms: number, what: string): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('ready', ready);
      reject(
        new RedisPubSubUnavailable(
          `redisPubSub: Redis (${what}) was not reachable within ${ms} ms; start Redis, fix the url, or raise connectTimeoutMs.`,
        ),
      );
    }, ms);
    const ready = () => {
      clearTimeout(timer);
      resolve();
    };
    client.once('ready', ready);
  });
}

class RedisPubSub implements PubSubAdapter {
  readonly #options: Required<Omit<RedisPubSubOptions, 'logger'>> & { logger: Logger | undefined };
  /** This instance's id: its own messages come back through the channel and are dropped. */
  readonly #origin = randomBytes(ORIGIN_BYTES);
  #publisher: Redis | undefined;
  #subscriber: Redis | undefined;
  /** Set after a failed publish until the publisher is ready again: one warning per outage. */
  #warned = false;

  constructor(options: RedisPubSubOptions) {
    this.#options = {
      url: options.url,
      channel: options.channel ?? 'bolt:ws',
      connectTimeoutMs: options.connectTimeoutMs ?? 5000,
      logger: options.logger,
    };
  }

  get #log(): Logger {
    return this.#options.logger ?? defaultLogger();
  }

  async start(deliver: (message: PubSubMessage) => void): Promise<void> {
    const { url, channel, connectTimeoutMs } = this.#options;
    const clientOptions: RedisOptions = {
      lazyConnect: true,
      // A message published while Redis is away is not worth delivering late: fail it at once.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      // Reconnect forever, backing off to 2 s.
      retryStrategy: (times) => Math.min(times * 100, 2000),
    };
    const publisher = new Redis(url, { ...clientOptions, connectionName: 'bolt-pubsub-pub' });
    // The subscriber's SUBSCRIBE is sent again by ioredis after each reconnect (autoResubscribe).
    const subscriber = new Redis(url, {
      ...clientOptions,
      enableOfflineQueue: true,
      connectionName: 'bolt-pubsub-sub',
    });
    this.#publisher = publisher;
    this.#subscriber = subscriber;
    // ioredis reconnects by itself and emits 'error' on each failed attempt: a listener keeps a lost
    // Redis from crashing the process; the outage is logged once, by the first publish it fails.
    publisher.on('error', () => undefined);
    subscriber.on('error', () => undefined);
    publisher.on('ready', () => {
      if (this.#warned)
        this.#log.info({ channel }, 'redisPubSub: Redis is back; publishing across processes again');
      this.#warned = false;
    });
    subscriber.on('messageBuffer', (_channel: Buffer, buffer: Buffer) => {
      const decoded = decodeEnvelope(buffer);
      if (!decoded) {
        this.#log.warn({ channel }, 'redisPubSub: dropped a message in an unknown format on the channel');
        return;
      }
      if (decoded.origin.equals(this.#origin)) return;
      deliver(decoded.message);
    });
    try {
      // connect() rejects on a first failure while ioredis goes on retrying: wait for 'ready' instead.
      publisher.connect().catch(() => undefined);
      subscriber.connect().catch(() => undefined);
      await Promise.all([
        whenReady(publisher, connectTimeoutMs, `${url}, publisher`),
        whenReady(subscriber, connectTimeoutMs, `${url}, subscriber`),
      ]);
      await subscriber.subscribe(channel);
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  publish(message: PubSubMessage): void {
    const publisher = this.#publisher;
    if (!publisher) return;
    if (Buffer.byteLength(message.topic) > 0xffff) {
      this.#log.warn(
        { topic: message.topic.slice(0, 80) },
        'redisPubSub: topic over 65535 bytes; not relayed',
      );
      return;
    }
    publisher.publish(this.#options.channel, encodeEnvelope(this.#origin, message)).catch((err: unknown) => {
      if (this.#warned) return;
      this.#warned = true;
      this.#log.warn(
        { err, channel: this.#options.channel },
        'redisPubSub: Redis unavailable; messages reach this process only until it is back',
      );
    });
  }

  async stop(): Promise<void> {
    const clients = [this.#publisher, this.#subscriber];
    this.#publisher = undefined;
    this.#subscriber = undefined;
    await Promise.all(
      clients.map(async (client) => {
        if (!client) return;
        // quit() waits for Redis to answer; without a connection, drop it at once.
        if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
        else client.disconnect();
      }),
    );
  }
}

/**
 * The pub/sub adapter for Redis.
 *
 * @example
 * const api = new BoltAPI({ pubsub: redisPubSub({ url: process.env.REDIS_URL }) });
 * api.ws('/ws/chat/{room}', { open: (ws) => ws.subscribe(ws.ctx.params.room), ... });
 */
export function redisPubSub(options: RedisPubSubOptions): PubSubAdapter {
  check(typeof options?.url === 'string' && options.url.length > 0, 'redisPubSub', 'url', 'a redis:// URL');
  check(
    options.channel === undefined || (typeof options.channel === 'string' && options.channel.length > 0),
    'redisPubSub',
    'channel',
    'a non-empty string',
  );
  check(
    options.connectTimeoutMs === undefined ||
      (Number.isFinite(options.connectTimeoutMs) && options.connectTimeoutMs > 0),
    'redisPubSub',
    'connectTimeoutMs',
    'a positive number of milliseconds',
  );
  return new RedisPubSub(options);
}
