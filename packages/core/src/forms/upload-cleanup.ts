/**
 * Temp files of a request removed once its response finished (the engine's `finished` call),
 * whichever way it ended: answered, failed, or abandoned by the client.
 *
 * Binding runs deep inside the route's pipeline and sees only the RawRequest, while the response
 * leaves at the route's `run`; the files are handed from one to the other by request, in a
 * WeakMap, so neither the binder's nor the pipeline's signatures carry them.
 */
import type { BoltResponse, RawRequest } from '../transport/contract.js';
import { removeFiles } from './uploaded-file.js';

const pending = new WeakMap<RawRequest, string[]>();

/** Notes temp files written for `raw`, to be removed after its response. */
export function holdUploads(raw: RawRequest, paths: readonly string[]): void {
  if (paths.length === 0) return;
  const held = pending.get(raw);
  if (held) held.push(...paths);
  else pending.set(raw, [...paths]);
}

/** `response`, carrying a `finished` that also removes the temp files held for `raw`. */
export function releaseAfter(raw: RawRequest, response: BoltResponse): BoltResponse {
  const paths = pending.get(raw);
  if (!paths) return response;
  pending.delete(raw);
  const inner = response.finished;
  let done = false;
  const finished = (aborted: boolean) => {
    if (done) return;
    done = true;
    try {
      inner?.(aborted);
    } finally {
      void removeFiles(paths);
    }
  };
  return { ...response, finished };
}

type Reply = BoltResponse | Promise<BoltResponse>;

/** Wraps a route entry so that every response it gives removes the request's uploads when finished. */
export function releasingUploads<A extends unknown[]>(
  rawOf: (...args: A) => RawRequest,
  entry: (...args: A) => Reply,
): (...args: A) => Reply {
  return (...args) => {
    const raw = rawOf(...args);
    let out: Reply;
    try {
      out = entry(...args);
    } catch (error) {
      const paths = pending.get(raw);
      pending.delete(raw);
      if (paths) void removeFiles(paths);
      throw error;
    }
    if (out instanceof Promise) {
      return out.then(
        (response) => releaseAfter(raw, response),
        (error: unknown) => {
          const paths = pending.get(raw);
          pending.delete(raw);
          if (paths) void removeFiles(paths);
          throw error;
        },
      );
    }
    return releaseAfter(raw, out);
  };
}
