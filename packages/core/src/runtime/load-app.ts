/**
 * Imports an app module in the current thread (each worker does this) and returns its BoltAPI.
 */
import { BoltAPI } from '../api/bolt-api.js';
import { AppErrorCode, BoltAppError } from '../errors.js';
import { type AppModule, appModuleHref } from './app-module.js';

/** Loads `spec`: its `export` (default `'default'`, then `'api'`) must be a BoltAPI. */
export async function loadApp(spec: AppModule): Promise<BoltAPI> {
  const href = appModuleHref(spec);
  const mod = (await import(href)) as Record<string, unknown>;
  const names = spec.export ? [spec.export] : ['default', 'api'];
  for (const name of names) {
    const value = mod[name];
    if (value instanceof BoltAPI) return value;
    // Another copy of @bolt/core (two installs) would fail instanceof; accept anything with compile().
    if (value && typeof (value as BoltAPI).compile === 'function') return value as BoltAPI;
  }
  throw new BoltAppError(
    AppErrorCode.APP_MODULE_EXPORT,
    `${href} has no BoltAPI export named ${names.map((n) => `"${n}"`).join(' or ')}: export your API (export const api = new BoltAPI()) or pass { export: 'name' }.`,
  );
}
