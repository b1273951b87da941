/**
 * How WebSocket pub/sub crosses processes and machines: the hub fans a message out to its own
 * subscribers and hands it to the adapter, which carries it to every other process (Redis, NATS,
 * ...). Each process and worker thread starts its own adapter instance.
 */

/** A message as it travels between processes. */
export interface PubSubMessage {
  readonly topic: string;
  readonly data: string | Uint8Array;
  readonly isBinary: boolean;
}

export interface PubSubAdapter {
  /**
   * Starts relaying; `deliver` receives messages published by *other* processes (the adapter
   * drops its own echoes). Awaited in the app's start-up, before the server accepts connections.
   */
  start(deliver: (message: PubSubMessage) => void): Promise<void>;
  /** Sends a message published here to every other process. Never throws; failures are logged by the adapter. */
  publish(message: PubSubMessage): void;
  /** Stops relaying and releases connections; awaited in the app's shutdown. */
  stop(): Promise<void>;
}
