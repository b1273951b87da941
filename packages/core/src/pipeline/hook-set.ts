/**
 * The hooks, error handlers and lifecycle handlers one API (or one route) registered. Sets are
 * stacked from the app down to the route at compile time; nothing is looked up per request.
 */
import type { ErrorClass, ErrorHandler, HookMap, HookName, NativeForm } from './hook-types.js';

/** A hook and the native form it implements, if any (dropped on engines that run that form). */
export interface RegisteredHook<F> {
  readonly fn: F;
  readonly native: NativeForm | undefined;
}

export interface ErrorHandlerEntry {
  readonly type: ErrorClass<unknown>;
  readonly handler: ErrorHandler<unknown>;
}

export type Lifecycle = () => unknown;

export class HookSet {
  readonly hooks: { [K in HookName]: RegisteredHook<HookMap[K]>[] } = {
    onRequest: [],
    preHandler: [],
    onSend: [],
    onResponse: [],
    onError: [],
  };
  readonly errorHandlers: ErrorHandlerEntry[] = [];
  readonly startup: Lifecycle[] = [];
  readonly shutdown: Lifecycle[] = [];
  /** Run when the engine starts draining (before in-flight requests finish): readiness goes 503. */
  readonly drain: Lifecycle[] = [];

  add<K extends HookName>(name: K, fn: HookMap[K], native?: NativeForm): void {
    (this.hooks[name] as RegisteredHook<HookMap[K]>[]).push({ fn, native });
  }

  /** True when this set has a hook that must see every request (engines then route 404s to JS). */
  get seesEveryRequest(): boolean {
    const h = this.hooks;
    return h.onRequest.length + h.onSend.length + h.onResponse.length + h.onError.length > 0;
  }
}

/** The hooks of `phase` over `sets` (outermost first), without those an engine runs natively. */
export function hooksOf<K extends HookName>(
  sets: readonly HookSet[],
  phase: K,
  skipNative: ReadonlySet<string>,
): HookMap[K][] {
  const out: HookMap[K][] = [];
  for (const set of sets) {
    for (const hook of set.hooks[phase] as RegisteredHook<HookMap[K]>[]) {
      if (!hook.native || !skipNative.has(hook.native.kind)) out.push(hook.fn);
    }
  }
  return out;
}
