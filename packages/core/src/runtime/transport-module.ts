/**
 * How a worker thread or child process finds the transport: a module URL and an export name,
 * the transport-side twin of AppModule.
 */
import type { Transport } from '../transport/contract.js';

/**
 * Where a Transport object lives.
 *
 * @example
 * const transport: TransportModule = { module: import.meta.resolve('@bolt/transport-uws'), export: 'uwsTransport' };
 */
export interface TransportModule {
  /** File URL of an ES module. */
  module: string;
  /** Export name. Default `'transport'`. */
  export?: string;
}

/** Imports the transport named by `spec` in the current thread. */
export async function loadTransport(spec: TransportModule): Promise<Transport> {
  const mod = (await import(spec.module)) as Record<string, unknown>;
  const name = spec.export ?? 'transport';
  const value = mod[name] as Transport | undefined;
  if (!value || typeof value.listen !== 'function') {
    throw new TypeError(`${spec.module} has no Transport export named "${name}" (an object with listen()).`);
  }
  return value;
}
