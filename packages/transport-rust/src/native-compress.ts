/**
 * The `compress` native form (@bolt/middleware's `compress()`): Rust compresses the final answer,
 * after every JS hook ran, with the plugin's settings, and JS serves the app without the plugin's
 * onSend hook (`withNative(['compress'])`). Unlike `jwt` and `rate-limit`, other hooks do not rule
 * it out: the plugin's hook is the last step of the answer, which is where Rust runs it, and Rust
 * also runs it on the answers it gives itself (a native refusal, a 404).
 *
 * Taken only when the app has exactly one compress form and its config is one Rust reads (a
 * custom `compressible` test declares no form at all); otherwise JS compresses, as on the other
 * engines, and the engine's own compression leaves already-encoded answers alone.
 */
import type { NativeForm } from '@bolt/core';
import type { CompiledApp } from '@bolt/core/transport';
import type { CompressSpec } from './native-types.js';

interface WithForms {
  readonly nativeForms?: readonly NativeForm[];
}

export interface CompressPlan {
  readonly form: NativeForm;
  readonly spec: CompressSpec;
  /** The form covers requests no route matched: it is on every route (the root API's). */
  readonly unmatched: boolean;
}

const whole = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** The compress form Rust runs for `app`, or undefined when JavaScript keeps compressing. */
export function nativeCompress(app: CompiledApp): CompressPlan | undefined {
  const forms = ((app as CompiledApp & WithForms).nativeForms ?? []).filter((f) => f.kind === 'compress');
  const [form] = forms;
  if (forms.length !== 1 || form === undefined) return undefined;
  const c = form.config;
  const encodings = c.encodings;
  if (
    !whole(c.minBytes, 0, 2 ** 32 - 1) ||
    !whole(c.brotliQuality, 0, 11) ||
    !whole(c.gzipLevel, 1, 9) ||
    !Array.isArray(encodings) ||
    encodings.length === 0 ||
    !encodings.every((e) => e === 'br' || e === 'gzip')
  )
    return undefined;
  return {
    form,
    spec: {
      minBytes: c.minBytes,
      encodings: [...(encodings as string[])],
      brotliQuality: c.brotliQuality,
      gzipLevel: c.gzipLevel,
    },
    unmatched: app.routes.length > 0 && app.routes.every((r) => r.nativeForms.includes(form)),
  };
}
