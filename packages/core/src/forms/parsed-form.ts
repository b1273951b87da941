/**
 * A form body once parsed, whoever parsed it (busboy here, multer in the Rust engine, or the
 * urlencoded reader): text values and files by field name, in arrival order. Or why it failed.
 */
import type { LimitName } from './limits.js';
import type { TempUpload } from './uploaded-file.js';

export interface ParsedForm {
  readonly ok: true;
  readonly fields: Map<string, string[]>;
  readonly files: Map<string, TempUpload[]>;
  /** Temp files Bolt wrote and removes once the response finished (none when an engine wrote them). */
  readonly temp: readonly string[];
}

/** A limit crossed (413 naming it) or a malformed body (400 with `message`). */
export type FormFailure =
  | { readonly ok: false; readonly limit: LimitName; readonly message?: undefined }
  | { readonly ok: false; readonly limit?: undefined; readonly message: string };

/** Appends `value` under `name` in `map`. */
export function append<V>(map: Map<string, V[]>, name: string, value: V): void {
  const list = map.get(name);
  if (list) list.push(value);
  else map.set(name, [value]);
}
