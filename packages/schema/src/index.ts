/**
 * @bolt/schema: TypeBox schemas compiled once into validators, string decoders and
 * fast-json-stringify serializers, with FastAPI-style validation issues.
 *
 * @example
 * import { t, compileValidator, compileSerializer } from '@bolt/schema';
 * const Item = t.Object({ name: t.String(), price: t.Number() });
 * compileValidator(Item).check({ name: 'a', price: 1 }); // true
 * compileSerializer(Item)({ name: 'a', price: 1, extra: 1 }); // '{"name":"a","price":1}'
 */
// TypeBox is bundled into this package's dist (see package.json "build"): one module instead of
// about 300 saves some 10 MB of RSS per thread. Packages built on Bolt take TypeBox's runtime
// values from here, so they share this copy; `Kind` and friends are `Symbol.for` keys, so schemas
// built with a separate TypeBox still work. Register custom formats with this `FormatRegistry`.
export {
  FormatRegistry,
  Kind,
  OptionalKind,
  type Static,
  type TObject,
  type TSchema,
  Type as t,
} from '@sinclair/typebox';
export {
  compileInputDecoder,
  type DecodeResult,
  type InputDecoder,
  type RawInputs,
} from './decode/compile-input-decoder.js';
export { compileDefaults, type DefaultsApplier } from './defaults.js';
export { SchemaError, SchemaErrorCode, SerializationError } from './errors.js';
export { formatIssues, pointerToLoc } from './format-issues.js';
export { registerFormats } from './formats.js';
export type { InputLocation, ValidationIssue } from './issue.js';
export { assertJsonSchema } from './json-safety.js';
export { compileSerializer, type Serializer } from './serializer.js';
export {
  isUploadedFile,
  isUploadSchema,
  type TUpload,
  Upload,
  type UploadedFile,
  UploadKind,
} from './upload.js';
export { compileValidator, type Validator } from './validator.js';
