/**
 * Anything a handler, hook or dependency throws, that no error handler took, becomes a response:
 * an HTTPError keeps its status, detail and headers; everything else is a 500 with the fixed public
 * body, and the cause goes to the log.
 */
import { HTTPError } from '../errors.js';
import type { ErrorAnswers } from '../http/error-format.js';
import { appendHeaders, isFinalStatus } from '../http/response-headers.js';
import type { Logger } from '../log/logger.js';
import type { BoltResponse } from '../transport/contract.js';

export function errorToResponse(
  error: unknown,
  logger: Logger,
  where: string,
  answers: ErrorAnswers,
): BoltResponse {
  if (error instanceof HTTPError && isFinalStatus(error.status)) {
    try {
      return answers.detail(error.status, error.detail, appendHeaders(error.headers, []), error.code);
    } catch (invalid) {
      logger.error({ err: invalid, route: where }, `HTTPError thrown in ${where} has invalid headers`);
      return answers.fixed(500);
    }
  }
  logger.error({ err: error, route: where }, `Unhandled error in ${where}`);
  return answers.fixed(500);
}
