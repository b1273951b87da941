/**
 * The add-on's API as TypeScript sees it (mirrors `native/src/napi_api.rs` and `config.rs`).
 */

/** A response Rust replays as is. */
export interface NativeFixedResponse {
  status: number;
  headers: string[];
  body: string;
}

export interface NativeRoute {
  index: number;
  methods: string[];
  /** matchit syntax: `{name}` and `{*rest}`. */
  pattern: string;
  paramCount: number;
  bodyLimit: number;
  /** Absent: the route may read any header. */
  headerNames?: string[] | undefined;
  compress: boolean;
}

export interface NativePattern {
  pattern: string;
  methodNotAllowed: NativeFixedResponse;
  options?: NativeFixedResponse | undefined;
}

export interface NativeServerConfig {
  routes: NativeRoute[];
  patterns: NativePattern[];
  errors: NativeFixedResponse[];
  threads?: number;
  maxInFlight?: number;
  maxHeaderBytes?: number;
  maxHeaders?: number;
  headerTimeoutMs?: number;
  compressMinBytes?: number;
  debugPanics?: boolean;
}

/** Called by Rust, without arguments, when a batch is waiting to be taken. */
export type NativeDispatch = () => void;

/** A JS thread's handle for answering the requests Rust gave it. */
export interface WorkerPort {
  readonly index: number;
  /** The waiting batch (format in `native/src/batch.rs`); `''` when there is none. */
  take(): string;
  /** The bodies of the batch taken last, concatenated in record order. */
  takeBodies(): Buffer;
  respondText(id: number, status: number, headers: string, body: string): void;
  respondBytes(id: number, status: number, headers: string, body: Uint8Array): void;
  respondEmpty(id: number, status: number, headers: string): void;
  /** Rust opens the file at `path` and sends it; its size is the `content-length`. */
  respondFile(id: number, status: number, headers: string, path: string): void;
  startStream(id: number, status: number, headers: string): boolean;
  /** 0: go on, 1: wait for the drain event, 2: the client is gone. */
  streamWrite(id: number, chunk: Uint8Array): number;
  streamWriteText(id: number, chunk: string): number;
  streamEnd(id: number): void;
  streamAbort(id: number): void;
}

export interface NativeBinding {
  createServer(config: NativeServerConfig): number;
  attachWorker(serverId: number, dispatch: NativeDispatch): WorkerPort;
  listen(serverId: number, host: string, port: number, reusePort: boolean): number;
  closeServer(serverId: number, graceMs: number): Promise<void>;
  workerExited(serverId: number, index: number): void;
}

export const WRITE_WAIT = 1;
export const WRITE_GONE = 2;
