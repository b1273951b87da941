/** Operation ids: the route's own, or one derived from method and path (`get_items_item_id`), unique per document. */
import { OpenAPIError, OpenAPIErrorCode } from './errors.js';

/** `GET /items/{item_id}` -> `get_items_item_id`. */
export function defaultOperationId(method: string, pattern: string): string {
  const words = pattern
    .replace(/\.\.\./g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return [method.toLowerCase(), ...words].join('_') || method.toLowerCase();
}

/** Hands out ids, refusing a declared id used twice and numbering derived ones that collide. */
export class OperationIds {
  readonly #used = new Set<string>();

  take(declared: string | undefined, method: string, pattern: string): string {
    if (declared !== undefined) {
      if (this.#used.has(declared)) {
        throw new OpenAPIError(
          OpenAPIErrorCode.OPERATION_ID_DUPLICATE,
          `${method} ${pattern}: operationId "${declared}" is already used by another route; operation ids must be unique.`,
        );
      }
      this.#used.add(declared);
      return declared;
    }
    const base = defaultOperationId(method, pattern);
    let id = base;
    for (let n = 2; this.#used.has(id); n++) id = `${base}_${n}`;
    this.#used.add(id);
    return id;
  }
}
