/**
 * Picks the transport named by TRANSPORT and serves the example app with it. Transports are
 * imported on demand, so running on one never loads another's native build.
 */
import type { RunningServer } from '@bolt/core';
import type { AppModule } from '@bolt/core/runtime';

export interface ServeSettings {
  host: string;
  port: number;
  /** `uws` (default), `rust` or `node`. */
  transport: string;
  processes: number;
  workers: number;
}

/** Where every worker thread and process finds the app. */
export const appModule: AppModule = { module: new URL('./app.js', import.meta.url), export: 'api' };

export async function serveWith(settings: ServeSettings): Promise<RunningServer> {
  const { host, port, processes, workers } = settings;
  switch (settings.transport) {
    case 'uws': {
      const { serve } = await import('@bolt/transport-uws');
      // Signals are handled by main.ts, the same way for every transport.
      return serve(appModule, { host, port, processes, workers, handleSignals: false });
    }
    case 'rust': {
      const { serve } = await import('@bolt/transport-rust');
      return serve(appModule, { host, port, processes, workers });
    }
    case 'node': {
      if (processes > 1 || workers > 1) {
        throw new Error(
          'TRANSPORT=node runs one thread (node:http cannot share a port across threads on Node 20): use TRANSPORT=uws or rust for P/WORKERS.',
        );
      }
      const { serve } = await import('@bolt/core/node');
      return serve(appModule, { host, port });
    }
    default:
      throw new Error(`TRANSPORT=${settings.transport} is not known: use uws, rust or node.`);
  }
}
