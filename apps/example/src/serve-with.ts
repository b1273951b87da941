/** Picks the transport named by TRANSPORT and serves the example app with it. */
import type { RunningServer } from '@bolt/core';
import { serve as serveNode } from '@bolt/core/node';

export interface ServeSettings {
  host: string;
  port: number;
  transport: string;
  processes: number;
  workers: number;
}

const appModule = { module: new URL('./app.js', import.meta.url), export: 'api' };

export async function serveWith(settings: ServeSettings): Promise<RunningServer> {
  const { host, port } = settings;
  switch (settings.transport) {
    case 'node':
      return serveNode(appModule, { host, port });
    default:
      throw new Error(`TRANSPORT=${settings.transport} is not known: use node.`);
  }
}
