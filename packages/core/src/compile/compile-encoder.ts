/**
 * Encoding compiled per route: the handler's result (data, a response helper, or something a plugin
 * resolves) becomes status, headers and body. With a response model, data goes through its compiled
 * serializer from @bolt/schema (checked, stripped to the model's fields, one flat string); without one it goes out as-is for speed.
 */
import {
  compileSerializer,
  compileValidator,
  type Serializer,
  type TSchema,
  type Validator,
} from '@bolt/schema';
import type { BoltPlugin, ResultResolver } from '../api/plugin.js';
import { HttpErrorCode } from '../errors.js';
import { encodeResponseObject } from '../http/encode-response-object.js';
import type { ErrorAnswers } from '../http/error-format.js';
import { InvalidResponseError } from '../http/response-headers.js';
import { isResponseObject } from '../http/responses.js';
import type { Logger } from '../log/logger.js';
import type { BoltResponse } from '../transport/contract.js';
import type { RouteOptionsLike } from './route-options-like.js';

/** Encodes a handler's (already awaited) result. */
export type ResultEncoder = (result: unknown) => BoltResponse | Promise<BoltResponse>;

// Shared by every response of their kind: transports only read BoltResponse.headers.
const JSON_HEADERS: readonly string[] = Object.freeze(['content-type', 'application/json']);
const TEXT_HEADERS: readonly string[] = Object.freeze(['content-type', 'text/plain; charset=utf-8']);
const BYTES_HEADERS: readonly string[] = Object.freeze(['content-type', 'application/octet-stream']);

function isSchema(value: unknown): value is TSchema {
  return typeof value === 'object' && value !== null && Object.getOwnPropertySymbols(value).length > 0;
}

function responseSchemas(options: RouteOptionsLike): Map<number, TSchema> {
  const map = new Map<number, TSchema>();
  const response = options.response;
  if (!response) return map;
  if (isSchema(response)) map.set(options.status ?? 200, response);
  else for (const [status, schema] of Object.entries(response)) map.set(Number(status), schema);
  return map;
}

function successStatus(options: RouteOptionsLike, schemas: Map<number, TSchema>): number {
  if (options.status) return options.status;
  const success = [...schemas.keys()].filter((s) => s >= 200 && s < 300).sort((a, b) => a - b);
  return success[0] ?? 200;
}

function isExecutable(value: unknown): value is { execute(): PromiseLike<unknown> } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { execute?: unknown }).execute === 'function'
  );
}

/** Plain data with no model: object/array -> JSON, string -> text, bytes -> octet-stream. */
function encodeAsIs(data: unknown, status: number): BoltResponse {
  if (typeof data === 'string') return { status, headers: TEXT_HEADERS, body: data };
  if (data instanceof Uint8Array) return { status, headers: BYTES_HEADERS, body: data };
  return { status, headers: JSON_HEADERS, body: JSON.stringify(data ?? null) };
}

export interface EncoderSetup {
  options: RouteOptionsLike;
  method: string;
  pattern: string;
  where: string;
  plugins: readonly BoltPlugin[];
  validateResponse: boolean;
  logger: Logger;
  answers: ErrorAnswers;
}

/** Compiles the encoder of one route. */
export function compileEncoder(setup: EncoderSetup): ResultEncoder {
  const { options, where, logger } = setup;
  const schemas = responseSchemas(options);
  const status = successStatus(options, schemas);
  const serializers = new Map<number, Serializer>();
  const validators = new Map<number, Validator>();
  for (const [code, schema] of schemas) {
    serializers.set(code, compileSerializer(schema, `${where} response ${code}`));
    if (setup.validateResponse) validators.set(code, compileValidator(schema));
  }
  const successSchema = schemas.get(status);
  const resolvers: ResultResolver[] = [];
  if (successSchema) {
    for (const plugin of setup.plugins) {
      const resolver = plugin.resultResolver?.({
        schema: successSchema,
        method: setup.method,
        pattern: setup.pattern,
        logger,
      });
      if (resolver) resolvers.push(resolver);
    }
  }

  // A status map says which statuses carry which model: another status would go out unfiltered
  // (fields the models strip would leak), so it is refused unless the route opts in.
  const refuseUnlisted = schemas.size > 0 && !isSchema(options.response) && !options.serializeUnlisted;
  const encodeJson = (data: unknown, code: number): string => {
    if (refuseUnlisted && !serializers.has(code)) {
      throw new InvalidResponseError(
        `${where} answered ${code}, which its response map does not list; add ${code} to \`response\` or set \`serializeUnlisted: true\`.`,
      );
    }
    const validator = validators.get(code);
    if (validator && !validator.check(data)) {
      const issues = validator.issues('response', data);
      const error = Object.assign(new Error(`Response does not match the model of ${where}`), {
        code: HttpErrorCode.RESPONSE_VALIDATION.code,
        issues,
      });
      throw error;
    }
    const serializer = serializers.get(code);
    return serializer ? serializer(data) : JSON.stringify(data ?? null);
  };

  const encodeData = (data: unknown): BoltResponse => {
    if (!serializers.has(status)) return encodeAsIs(data, status);
    return { status, headers: JSON_HEADERS, body: encodeJson(data, status) };
  };

  const encodeSafely = (data: unknown): BoltResponse => {
    try {
      return encodeData(data);
    } catch (error) {
      logger.error({ err: error, route: where }, `Could not encode the response of ${where}`);
      return setup.answers.fixed(500);
    }
  };

  const resolveThenEncode = async (value: unknown): Promise<BoltResponse> => {
    let data = value;
    for (const resolve of resolvers) data = await resolve(data);
    if (resolvers.length === 0 && isExecutable(data)) data = await data.execute();
    return encodeSafely(data);
  };

  return (result) => {
    if (isResponseObject(result)) {
      try {
        return encodeResponseObject(result, encodeJson);
      } catch (error) {
        logger.error({ err: error, route: where }, `Could not encode the response of ${where}`);
        return setup.answers.fixed(500);
      }
    }
    if (resolvers.length > 0 || isExecutable(result)) return resolveThenEncode(result);
    return encodeSafely(result);
  };
}
