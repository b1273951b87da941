/**
 * String formats (email, uuid, date-time, uri, ...) registered once into TypeBox's FormatRegistry,
 * taken from ajv-formats so that validation agrees with fast-json-stringify and the JSON Schema world.
 */
import { FormatRegistry } from '@sinclair/typebox';
import { fullFormats } from 'ajv-formats/dist/formats.js';

type AjvFormat = RegExp | ((value: string) => boolean) | { validate: RegExp | ((value: string) => boolean) };

function toCheck(format: AjvFormat): ((value: string) => boolean) | undefined {
  if (format instanceof RegExp) return (value) => format.test(value);
  if (typeof format === 'function') return format;
  if (typeof format === 'object' && format !== null && 'validate' in format) return toCheck(format.validate);
  return undefined;
}

let registered = false;

/** Registers every ajv-formats format TypeBox does not know yet. Idempotent. */
export function registerFormats(): void {
  if (registered) return;
  registered = true;
  for (const [name, format] of Object.entries(fullFormats as Record<string, AjvFormat>)) {
    const check = toCheck(format);
    if (check && !FormatRegistry.Has(name)) FormatRegistry.Set(name, check);
  }
}
