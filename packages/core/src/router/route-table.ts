/**
 * The routes registered at one path, by method: what the router hands back, and where 405's
 * `Allow` list and automatic HEAD/OPTIONS are derived from.
 */

/** Methods at one path, mapped to whatever the router stores (a compiled route). */
export class RouteTable<R> {
  readonly #byMethod = new Map<string, R>();
  #allow: string | undefined;

  set(method: string, route: R): boolean {
    if (this.#byMethod.has(method)) return false;
    this.#byMethod.set(method, route);
    this.#allow = undefined;
    return true;
  }

  /** The route for `method`; HEAD falls back to GET. */
  get(method: string): R | undefined {
    const route = this.#byMethod.get(method);
    if (route !== undefined || method !== 'HEAD') return route;
    return this.#byMethod.get('GET');
  }

  /** The `Allow` header value: declared methods, HEAD when GET exists, and OPTIONS. */
  get allow(): string {
    if (this.#allow !== undefined) return this.#allow;
    const methods = new Set(this.#byMethod.keys());
    if (methods.has('GET')) methods.add('HEAD');
    methods.add('OPTIONS');
    this.#allow = [...methods].sort().join(', ');
    return this.#allow;
  }
}
