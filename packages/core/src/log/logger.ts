/**
 * Bolt's logger: pino (structured, fast, the Fastify default). Level from `BOLT_LOG_LEVEL`
 * (default `info`); pass your own pino-compatible logger in `new BoltAPI({ logger })`.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The subset of a pino logger Bolt calls. */
export interface Logger {
  error(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  /** pino's child loggers; loggers without it get one that adds the bindings to every line. */
  child?(bindings: Record<string, unknown>): Logger;
}

let pinoLogger: Logger | undefined;

function instance(): Logger {
  if (!pinoLogger) {
    const { pino } = require('pino') as typeof import('pino');
    pinoLogger = pino({ name: 'bolt', level: process.env.BOLT_LOG_LEVEL ?? 'info' }, pino.destination(2));
  }
  return pinoLogger;
}

// pino (and its sonic-boom stream) is created on the first log line, not at startup: a healthy
// server may never log, and each thread would otherwise pay its memory up front.
const lazy: Logger = {
  error: (obj, msg) => instance().error(obj, msg),
  warn: (obj, msg) => instance().warn(obj, msg),
  info: (obj, msg) => instance().info(obj, msg),
  child: (bindings) => childOf(instance(), bindings),
};

/** A logger that adds `bindings` to each line: pino's own child when it has one. */
export function childOf(logger: Logger, bindings: Record<string, unknown>): Logger {
  if (logger.child) return logger.child(bindings);
  return {
    error: (obj, msg) => logger.error({ ...bindings, ...obj }, msg),
    warn: (obj, msg) => logger.warn({ ...bindings, ...obj }, msg),
    info: (obj, msg) => logger.info({ ...bindings, ...obj }, msg),
    child: (more) => childOf(logger, { ...bindings, ...more }),
  };
}

/** The process-wide default logger (stderr, so stdout stays for the app), created on first use. */
export function defaultLogger(): Logger {
  return lazy;
}
