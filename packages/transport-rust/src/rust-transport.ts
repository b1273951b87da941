/**
 * The Rust transport for one JS thread: Rust listens and parses, this thread runs every handler.
 */
import type { RunningServer } from '@bolt/core';
import { type WorkersTransport, withLifecycle } from '@bolt/core/runtime';
import type { CompiledApp } from '@bolt/core/transport';
import { createDispatch } from './dispatch.js';
import { loadNative } from './load-native.js';
import { type NativePlan, nativePlan, servedApp } from './native-plan.js';
import { bind, createNativeServer, runningServer } from './native-server.js';
import type { WorkerPort } from './native-types.js';
import { type ResolvedOptions, type RustListenOptions, resolveOptions } from './options.js';
import { listenWithWorkers } from './workers.js';

/**
 * Serves `app` with its handlers on the calling thread; JS runs `served` (the app without the
 * hooks of the native forms Rust runs, see native-plan.ts).
 */
export async function listenInThread(
  app: CompiledApp,
  opts: ResolvedOptions,
  reusePort = false,
  plan: NativePlan = nativePlan(app, opts.nativeForms),
  served: CompiledApp = servedApp(app, plan),
): Promise<RunningServer> {
  const native = loadNative();
  const serverId = await createNativeServer(native, app, opts, plan);
  const holder: { port?: WorkerPort } = {};
  const dispatch = createDispatch(served, () => holder.port as WorkerPort);
  holder.port = native.attachWorker(serverId, dispatch);
  const port = bind(native, serverId, opts, reusePort);
  return runningServer(native, serverId, opts.host, port);
}

/**
 * The Transport object, for code that picks transports by contract. `listenWorkers` is how the
 * runtime runs `workers: W` here: one Rust listener feeding W JS threads.
 *
 * @example
 * const server = await rustTransport.listen(api.compile(), { port: 0 });
 */
export const rustTransport: WorkersTransport<RustListenOptions> = {
  name: 'rust',
  listen: (app, opts) => {
    const o = resolveOptions(opts);
    const plan = nativePlan(app, o.nativeForms);
    const served = servedApp(app, plan);
    return withLifecycle(served, () => listenInThread(app, o, o.reusePort, plan, served));
  },
  listenWorkers: (app, opts, count) => {
    const o = resolveOptions({ ...opts, workers: count });
    return listenWithWorkers(app, o, o.reusePort);
  },
};
