/**
 * The body of a route with a `body` schema, by content type: JSON (parsed, 400 when malformed),
 * urlencoded and multipart forms (src/forms: text fields decoded like query values, files as
 * uploads). A content type the route does not take is 415, a crossed multipart limit 413 naming
 * it; defaults are filled and the value validated (422). Multipart bodies are parsed as they
 * stream in, so binding them returns a promise; every other kind binds synchronously.
 */
import { compileDefaults, compileValidator, type TSchema, type ValidationIssue } from '@bolt/schema';
import { type BodyKind, bodyKindOf, unsupportedMessage } from '../forms/content-type.js';
import { compileFormDecoder } from '../forms/form-decoder.js';
import { limitMessage } from '../forms/limits.js';
import { fromNativeMultipart, nativeMultipartOf } from '../forms/native-multipart.js';
import { parseMultipart } from '../forms/parse-multipart.js';
import { parseUrlencoded } from '../forms/parse-urlencoded.js';
import type { FormFailure, ParsedForm } from '../forms/parsed-form.js';
import { holdUploads } from '../forms/upload-cleanup.js';
import type { ErrorAnswers } from '../http/error-format.js';
import type { BoltResponse, MultipartLimits, RawRequest } from '../transport/contract.js';

/**
 * The parsed body; or its validation issues (answered 422 with every other input's issues); or
 * the response that refuses it outright (415, 413, 400).
 */
export type BodyResult =
  | { ok: true; value: unknown }
  | { ok: false; issues: ValidationIssue[]; response?: undefined }
  | { ok: false; response: BoltResponse; issues?: undefined };

const MISSING: ValidationIssue[] = [{ loc: ['body'], msg: 'Field required', type: 'missing' }];

const decoder = new TextDecoder('utf-8', { fatal: true });
const EMPTY = new Uint8Array(0);

/** `application/json`, `application/json; charset=utf-8`, `application/problem+json`, ... */
export function isJsonContentType(contentType: string | undefined): boolean {
  return bodyKindOf(contentType) === 'json';
}

/** How a route takes its body. */
export interface BodySetup {
  /** The body kinds it takes, at least one. */
  contentTypes: readonly BodyKind[];
  /** Set when it takes multipart: its limits. */
  limits: MultipartLimits | undefined;
  bodyLimit: number;
  /** The route, for startup errors (`POST /uploads`). */
  where: string;
}

/** One chunk: a body an engine buffered, parsed by the same streaming path as a streamed one. */
async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

/** Compiles the body binder for `schema`. */
export function compileBodyBinder(
  schema: TSchema,
  answers: ErrorAnswers,
  setup: BodySetup = { contentTypes: ['json'], limits: undefined, bodyLimit: 0, where: 'route' },
): (raw: RawRequest) => BodyResult | Promise<BodyResult> {
  const validator = compileValidator(schema);
  const applyDefaults = compileDefaults(schema);
  const takes = new Set(setup.contentTypes);
  const decodeForm =
    takes.has('form') || takes.has('multipart') ? compileFormDecoder(schema, setup.where) : undefined;
  const { limits, bodyLimit } = setup;

  const fromForm = (raw: RawRequest, parsed: ParsedForm | FormFailure): BodyResult => {
    if (!parsed.ok) {
      if (parsed.limit && limits) {
        return { ok: false, response: answers.detail(413, limitMessage(parsed.limit, limits, bodyLimit)) };
      }
      return { ok: false, response: answers.detail(400, parsed.message ?? 'Malformed form body') };
    }
    holdUploads(raw, parsed.temp);
    const result = (decodeForm as NonNullable<typeof decodeForm>)(parsed);
    return result.ok ? { ok: true, value: result.value } : { ok: false, issues: result.issues };
  };

  return (raw) => {
    const contentType = raw.headers['content-type'];
    const native = takes.has('multipart') ? nativeMultipartOf(raw.native) : undefined;
    const bytes = raw.body;
    const kind = native ? 'multipart' : bodyKindOf(contentType);
    if (!native && !raw.bodyStream && (!bytes || bytes.length === 0)) {
      // An empty form is a form with no fields (each then missing or defaulted), not a missing body.
      if (kind !== 'form' || !takes.has('form')) return { ok: false, issues: MISSING };
    }
    if (kind === undefined || !takes.has(kind)) {
      return {
        ok: false,
        response: answers.detail(415, unsupportedMessage(setup.contentTypes, contentType)),
      };
    }
    if (kind === 'multipart') {
      if (native) return fromForm(raw, fromNativeMultipart(native));
      const source = raw.bodyStream ?? once(bytes as Uint8Array);
      return parseMultipart(raw.headers, source, limits as MultipartLimits, bodyLimit).then((parsed) =>
        fromForm(raw, parsed),
      );
    }
    if (kind === 'form') return fromForm(raw, parseUrlencoded(bytes ?? EMPTY));
    if (!bytes) return { ok: false, issues: MISSING };
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
