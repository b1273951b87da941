/**
 * How a route takes its body, decided once at startup from its options: which content types
 * (`contentTypes`, default `['json']`, or `['multipart']` when the body schema has file fields),
 * the multipart limits, and the whole-request limit (a multipart route's `bodyLimit` defaults to
 * 50 MiB, since its files stream to disk instead of memory).
 */
import type { TSchema } from '@bolt/schema';
import { AppErrorCode, BoltAppError } from '../errors.js';
import type { MultipartLimits } from '../transport/contract.js';
import { type BodyKind, MEDIA_TYPE } from './content-type.js';
import { hasFileFields } from './form-decoder.js';
import { DEFAULT_MULTIPART_BODY_LIMIT, multipartLimits } from './limits.js';

export interface RouteBodyOptions {
  body?: TSchema;
  contentTypes?: readonly BodyKind[];
  limits?: Partial<MultipartLimits>;
  bodyLimit?: number;
}

export interface RouteBody {
  contentTypes: readonly BodyKind[];
  /** Set when the route takes multipart. */
  limits: MultipartLimits | undefined;
  bodyLimit: number;
}

function invalid(where: string, message: string): BoltAppError {
  return new BoltAppError(AppErrorCode.ROUTE_OPTION_INVALID, `${where}: ${message}`);
}

/** Resolves the body options of route `where`; `appBodyLimit` is the app's default limit. */
export function routeBody(options: RouteBodyOptions, appBodyLimit: number, where: string): RouteBody {
  const { body } = options;
  const files = body !== undefined && hasFileFields(body);
  const contentTypes = Object.freeze([...(options.contentTypes ?? (files ? ['multipart'] : ['json']))]);
  if (options.contentTypes !== undefined) {
    if (!body) throw invalid(where, 'contentTypes needs a body schema to bind the body to; add `body`.');
    if (contentTypes.length === 0)
      throw invalid(where, 'contentTypes is empty; list at least one of json, form, multipart.');
    for (const kind of contentTypes) {
      if (!(kind in MEDIA_TYPE)) {
        throw invalid(where, `contentTypes has "${String(kind)}"; the kinds are json, form and multipart.`);
      }
    }
    if (files && !contentTypes.includes('multipart')) {
      throw invalid(
        where,
        'the body has file fields (Upload()), which only multipart/form-data carries; add "multipart" to contentTypes.',
      );
    }
  }
  if (files && contentTypes.includes('json')) {
    throw invalid(
      where,
      'the body has file fields (Upload()), which a JSON body cannot carry; drop "json" from contentTypes.',
    );
  }
  const multipart = contentTypes.includes('multipart');
  if (options.limits !== undefined && !multipart) {
    throw invalid(where, 'limits apply to multipart bodies; add "multipart" to contentTypes or drop limits.');
  }
  return {
    contentTypes,
    limits: multipart ? multipartLimits(options.limits, where) : undefined,
    bodyLimit: options.bodyLimit ?? (multipart ? DEFAULT_MULTIPART_BODY_LIMIT : appBodyLimit),
  };
}
