/**
 * Anything a handler or plugin throws becomes a response: an HTTPError keeps its status and detail;
 * everything else is a 500 with the fixed public body, and the cause goes to the log.
 */
import { HTTPError } from '../errors.js';
import { detailResponse, errorResponse } from '../http/error-response.js';
import type { Logger } from '../log/logger.js';
import type { BoltResponse } from '../transport/contract.js';

export function errorToResponse(error: unknown, logger: Logger, where: string): BoltResponse {
  if (error instanceof HTTPError) {
    const extra: string[] = [];
    for (const name in error.headers) extra.push(name.toLowerCase(), error.headers[name] as string);
    return detailResponse(error.status, error.detail, extra);
  }
  logger.error({ err: error, route: where }, `Unhandled error in ${where}`);
  return errorResponse(500);
}
