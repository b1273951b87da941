/**
 * How a multi-worker transport finds the app in each worker: a module URL and an export name.
 */

/**
 * Where an app lives, so that every worker thread and process can import it.
 *
 * @example
 * await serve({ module: new URL('./app.js', import.meta.url), export: 'api' }, { workers: 2 });
 */
export interface AppModule {
  /** File URL or absolute path of an ES module that exports the BoltAPI. */
  module: string | URL;
  /** Export name. Default `'default'`, then `'api'`. */
  export?: string;
}

/** True when `value` names an app module rather than being an app. */
export function isAppModule(value: unknown): value is AppModule {
  return typeof value === 'object' && value !== null && 'module' in value;
}

/** The module specifier as a string that `import()` accepts in any thread. */
export function appModuleHref(spec: AppModule): string {
  const m = spec.module;
  if (m instanceof URL) return m.href;
  return m.startsWith('file:') ? m : new URL(`file://${m}`).href;
}
