/** The conformance app as an AppSpec: the live API, and the module workers and processes import. */
import { api as authApi } from './auth-app.js';
import { api } from './conformance-app.js';
import { api as formsApi } from './forms-app.js';
import { api as pipelineApi } from './pipeline-app.js';
import type { AppSpec } from './target.js';
import { api as websocketApi } from './websocket-app.js';

export const conformanceApp: AppSpec = {
  api,
  app: { module: new URL('./conformance-app.js', import.meta.url), export: 'api' },
};

/** The app of the pipeline cases (hooks, dependencies, lifecycle). */
export const pipelineApp: AppSpec = {
  api: pipelineApi,
  app: { module: new URL('./pipeline-app.js', import.meta.url), export: 'api' },
};

/** The app of the WebSocket cases (echo, JSON messages, an authenticated route, rooms). */
export const websocketApp: AppSpec = {
  api: websocketApi,
  app: { module: new URL('./websocket-app.js', import.meta.url), export: 'api' },
};

/** The app of the form and upload cases (urlencoded and multipart bodies, small multipart limits). */
export const formsApp: AppSpec = {
  api: formsApi,
  app: { module: new URL('./forms-app.js', import.meta.url), export: 'api' },
};

/** The app of the auth cases (@bolt/auth's JWT and API-key schemes, guards, protected sub-apps). */
export const authApp: AppSpec = {
  api: authApi,
  app: { module: new URL('./auth-app.js', import.meta.url), export: 'api' },
};
