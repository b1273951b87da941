/**
 * The app's WebSockets in one process or worker thread: the open connections (for graceful
 * shutdown), topics and their subscribers, and the relay to other processes. Fan-out within the
 * thread is the engine's when it has a native one (uWS's `app.publish`), in memory otherwise.
 */
import type { Logger } from '../log/logger.js';
import type { WebSocketHubHost } from '../transport/websocket-contract.js';
import type { PubSubAdapter, PubSubMessage } from './pubsub-adapter.js';

/** What the hub needs of one open connection. */
export interface HubMember {
  /** Sends a published message to this socket. */
  deliver(data: string | Uint8Array, isBinary: boolean): void;
  /** Subscribes through the engine's native fan-out, when it has one. */
  nativeSubscribe(topic: string): boolean;
  nativeUnsubscribe(topic: string): void;
  /** Closes with 1001 after in-flight handlers settled; resolves when the socket is closed. */
  closeGoingAway(): Promise<void>;
  terminate(): void;
}

type NativePublish = (topic: string, data: string | Uint8Array, isBinary: boolean) => void;

export class WebSocketHub implements WebSocketHubHost {
  readonly #members = new Set<HubMember>();
  /** In-memory subscribers by topic (members subscribed natively are not listed). */
  readonly #topics = new Map<string, Set<HubMember>>();
  readonly #adapter: PubSubAdapter | undefined;
  readonly #logger: Logger;
  #native: NativePublish | undefined;

  constructor(logger: Logger, adapter?: PubSubAdapter) {
    this.#logger = logger;
    this.#adapter = adapter;
  }

  get openCount(): number {
    return this.#members.size;
  }

  publishNative(publish: NativePublish | undefined): void {
    this.#native = publish;
  }

  #started: Promise<void> | undefined;

  /** Starts the cross-process relay (in the app's start-up; once until `stop`). */
  start(): Promise<void> {
    this.#started ??= Promise.resolve(this.#adapter?.start((message) => this.#fanOut(message)));
    return this.#started;
  }

  async stop(): Promise<void> {
    if (!this.#started) return;
    this.#started = undefined;
    await this.#adapter?.stop();
  }

  join(member: HubMember): void {
    this.#members.add(member);
  }

  /** Forgets a closed connection and its in-memory subscriptions. */
  leave(member: HubMember, topics: Iterable<string>): void {
    this.#members.delete(member);
    for (const topic of topics) this.#drop(member, topic);
  }

  subscribe(member: HubMember, topic: string): void {
    if (this.#native && member.nativeSubscribe(topic)) return;
    let set = this.#topics.get(topic);
    if (!set) {
      set = new Set();
      this.#topics.set(topic, set);
    }
    set.add(member);
  }

  unsubscribe(member: HubMember, topic: string): void {
    member.nativeUnsubscribe(topic);
    this.#drop(member, topic);
  }

  /** Sends to every subscriber of `topic` in this process and, through the adapter, in every other. */
  publish(topic: string, data: string | Uint8Array, isBinary = typeof data !== 'string'): void {
    const message = { topic, data, isBinary };
    this.#fanOut(message);
    this.#adapter?.publish(message);
  }

  async closeAll(graceMs = 10_000): Promise<void> {
    if (this.#members.size === 0) return;
    const members = [...this.#members];
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), graceMs);
      timer.unref();
    });
    const closed = Promise.allSettled(members.map((m) => m.closeGoingAway()));
    const outcome = await Promise.race([closed, deadline]);
    clearTimeout(timer);
    if (outcome === 'late') {
      this.#logger.warn(
        { open: this.#members.size },
        'WebSockets still open after the grace period; dropping them',
      );
      for (const member of this.#members) member.terminate();
    }
  }

  #fanOut(message: PubSubMessage): void {
    this.#native?.(message.topic, message.data, message.isBinary);
    const set = this.#topics.get(message.topic);
    if (!set) return;
    for (const member of set) member.deliver(message.data, message.isBinary);
  }

  #drop(member: HubMember, topic: string): void {
    const set = this.#topics.get(topic);
    if (!set) return;
    set.delete(member);
    if (set.size === 0) this.#topics.delete(topic);
  }
}
