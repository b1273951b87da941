/**
 * Bolt's logger: pino (structured, fast, the Fastify default). Level from `BOLT_LOG_LEVEL`
 * (default `info`); pass your own pino-compatible logger in `new BoltAPI({ logger })`.
 */
import { pino } from 'pino';

/** The subset of a pino logger Bolt calls. */
export interface Logger {
  error(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
}

let shared: Logger | undefined;

/** The process-wide default logger, created on first use (stderr, so stdout stays for the app). */
export function defaultLogger(): Logger {
  shared ??= pino({ name: 'bolt', level: process.env.BOLT_LOG_LEVEL ?? 'info' }, pino.destination(2));
  return shared;
}
