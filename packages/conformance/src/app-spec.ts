/** The conformance app as an AppSpec: the live API, and the module workers and processes import. */
import { api } from './conformance-app.js';
import type { AppSpec } from './target.js';

export const conformanceApp: AppSpec = {
  api,
  app: { module: new URL('./conformance-app.js', import.meta.url), export: 'api' },
};
