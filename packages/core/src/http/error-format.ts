/**
 * The shape of every error answer Bolt builds (400, 404, 405, 413, 415, 422, 500, ...), chosen once
 * per app: FastAPI's `{"detail": ...}` (the default) or RFC 9457 `application/problem+json`. A
 * custom 422 answer may replace the validation shape alone. Engines get their fixed answers from
 * the same place (`CompiledApp.errorResponse`), so a native 404 looks like a JS one.
 */
import type { ValidationIssue } from '@bolt/schema';
import { httpErrorCode } from '../errors.js';
import type { BoltResponse } from '../transport/contract.js';
import { detailResponse, errorResponse } from './error-response.js';
import { statusText } from './status-text.js';

/** `detail`: `{"detail": ...}` as FastAPI answers; `problem+json`: RFC 9457 problem details. */
export type ErrorFormat = 'detail' | 'problem+json';

/** Builds the 422 answer from every failing input (path, query, headers, cookies, body together). */
export type ValidationAnswer = (issues: readonly ValidationIssue[]) => BoltResponse;

/** How one app answers errors. */
export interface ErrorAnswers {
  /** A bare status: `{"detail":"Not Found"}` or its problem+json form. */
  fixed(status: number, extraHeaders?: readonly string[]): BoltResponse;
  /** A status with a message or data as its detail; `code` (an HTTPError's) goes out in problem+json. */
  detail(status: number, detail: unknown, extraHeaders?: readonly string[], code?: string): BoltResponse;
  /** The 422 answer. */
  validation: ValidationAnswer;
}

const PROBLEM_TYPE = 'application/problem+json';

function problem(
  status: number,
  detail: unknown,
  extraHeaders: readonly string[],
  code?: string,
): BoltResponse {
  const body: Record<string, unknown> = {
    type: 'about:blank',
    title: statusText(status),
    status,
    code: code ?? httpErrorCode(status),
  };
  if (Array.isArray(detail)) body.errors = detail;
  else if (detail !== undefined) body.detail = detail;
  return { status, headers: ['content-type', PROBLEM_TYPE, ...extraHeaders], body: JSON.stringify(body) };
}

const detailAnswers: ErrorAnswers = Object.freeze({
  fixed: (status: number, extra: readonly string[] = []) => errorResponse(status, extra),
  detail: (status: number, detail: unknown, extra: readonly string[] = []) =>
    detailResponse(status, detail, extra),
  validation: (issues: readonly ValidationIssue[]) => detailResponse(422, issues),
});

const problemAnswers: ErrorAnswers = Object.freeze({
  fixed: (status: number, extra: readonly string[] = []) => problem(status, undefined, extra),
  detail: (status: number, detail: unknown, extra: readonly string[] = [], code?: string) =>
    problem(status, detail, extra, code),
  validation: (issues: readonly ValidationIssue[]) => problem(422, issues, []),
});

/** The answers for `format`, with `validation` replaced when the app reshapes its 422s. */
export function errorAnswers(format: ErrorFormat = 'detail', validation?: ValidationAnswer): ErrorAnswers {
  const base = format === 'problem+json' ? problemAnswers : detailAnswers;
  return validation ? Object.freeze({ ...base, validation }) : base;
}
