/**
 * The JSON body of a route with a `body` schema: content type checked (415), parsed (400),
 * defaults filled and validated (422).
 */
import { compileDefaults, compileValidator, type TSchema, type ValidationIssue } from '@bolt/schema';
import type { ErrorAnswers } from '../http/error-format.js';
import type { BoltResponse, RawRequest } from '../transport/contract.js';

/**
 * The parsed body; or its validation issues (answered 422 with every other input's issues); or
 * the response that refuses it outright (415, 400).
 */
export type BodyResult =
  | { ok: true; value: unknown }
  | { ok: false; issues: ValidationIssue[]; response?: undefined }
  | { ok: false; response: BoltResponse; issues?: undefined };

const MISSING: ValidationIssue[] = [{ loc: ['body'], msg: 'Field required', type: 'missing' }];

const decoder = new TextDecoder('utf-8', { fatal: true });

/** `application/json`, `application/json; charset=utf-8`, `application/problem+json`, ... */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const semi = contentType.indexOf(';');
  const mime = (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  return mime === 'application/json' || (mime.startsWith('application/') && mime.endsWith('+json'));
}

/** Compiles the body binder for `schema`. */
export function compileBodyBinder(schema: TSchema, answers: ErrorAnswers): (raw: RawRequest) => BodyResult {
  const validator = compileValidator(schema);
  const applyDefaults = compileDefaults(schema);
  return (raw) => {
    const bytes = raw.body;
    if (!bytes || bytes.length === 0) {
      return { ok: false, issues: MISSING };
    }
    if (!isJsonContentType(raw.headers['content-type'])) {
      return {
        ok: false,
        response: answers.detail(
          415,
          'Unsupported Media Type: send the body as JSON with content-type: application/json',
        ),
      };
    }
    let value: unknown;
    try {
      value = JSON.parse(decoder.decode(bytes));
    } catch (error) {
      return {
        ok: false,
        response: answers.detail(400, `Malformed JSON body: ${(error as Error).message}`),
      };
    }
    applyDefaults?.(value);
    if (!validator.check(value)) return { ok: false, issues: validator.issues('body', value) };
    return { ok: true, value };
  };
}
