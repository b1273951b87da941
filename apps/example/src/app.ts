/**
 * The example app. Exported as `api` so every transport worker can import this module.
 */
import { BoltAPI } from '@bolt/core';
import { benchRoutes } from './routes/bench.js';
import { itemsRoutes } from './routes/items.js';

export const api = new BoltAPI();
api.include(itemsRoutes());
api.include(benchRoutes());
