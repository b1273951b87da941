/**
 * The example app. Exported as `api` so every transport worker can import this module.
 * The database (SQLite by default, PostgreSQL with DATABASE_URL) opens, migrates and seeds itself on
 * the first `/users` request, so the app starts, and serves its other routes, whatever its state.
 */
import { BoltAPI } from '@bolt/core';
import { openDatabase } from './db/open-database.js';
import { benchRoutes } from './routes/bench.js';
import { itemsRoutes } from './routes/items.js';
import { usersRoutes } from './routes/users.js';

export const api = new BoltAPI();
api.include(itemsRoutes());
api.include(benchRoutes());
api.include(usersRoutes(openDatabase));
