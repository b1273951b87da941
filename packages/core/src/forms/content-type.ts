/**
 * The body kinds a route may take (`contentTypes`), told apart by the request's media type, and
 * the 415 message that lists what the route takes.
 */

/** A body kind: JSON, `application/x-www-form-urlencoded`, or `multipart/form-data`. */
export type BodyKind = 'json' | 'form' | 'multipart';

/** The media type each kind is sent with. */
export const MEDIA_TYPE: Readonly<Record<BodyKind, string>> = Object.freeze({
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
  multipart: 'multipart/form-data',
});

function mediaTypeOf(contentType: string): string {
  const semi = contentType.indexOf(';');
  return (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

/** The kind of a `content-type` value, or undefined for any other media type. */
export function bodyKindOf(contentType: string | undefined): BodyKind | undefined {
  if (!contentType) return undefined;
  const mime = mediaTypeOf(contentType);
  if (mime === 'application/json' || (mime.startsWith('application/') && mime.endsWith('+json')))
    return 'json';
  if (mime === MEDIA_TYPE.form) return 'form';
  if (mime === MEDIA_TYPE.multipart) return 'multipart';
  return undefined;
}

/** True when `contentType` is `multipart/form-data` (engines stream such bodies on multipart routes). */
export function isMultipartContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && mediaTypeOf(contentType) === MEDIA_TYPE.multipart;
}

/** The 415 detail: what the route takes and what came. */
export function unsupportedMessage(accepted: readonly BodyKind[], contentType: string | undefined): string {
  const list = accepted.map((kind) => MEDIA_TYPE[kind]).join(', ');
  if (accepted.length === 1 && accepted[0] === 'json') {
    return 'Unsupported Media Type: send the body as JSON with content-type: application/json';
  }
  const got = contentType ? mediaTypeOf(contentType) : 'no content-type';
  return `Unsupported Media Type: this route takes ${list} (got ${got})`;
}
