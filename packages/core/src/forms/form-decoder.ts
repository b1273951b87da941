/**
 * A parsed form bound to the route's `body` schema (a `t.Object`): text fields decoded by kind with
 * the decoder query strings use (`t.Integer` from `"3"`, `t.Array` from repeated fields), file
 * fields (`Upload()`, `t.Array(Upload())`) filled with the uploads. Issues are located
 * `['body', field]` like JSON bodies'.
 */
import {
  compileInputDecoder,
  isUploadSchema,
  Kind,
  OptionalKind,
  type RawInputs,
  type TObject,
  type TSchema,
  t,
  type ValidationIssue,
} from '@bolt/schema';
import type { ParsedForm } from './parsed-form.js';
import type { TempUpload } from './uploaded-file.js';

export type FormDecodeResult = { ok: true; value: unknown } | { ok: false; issues: ValidationIssue[] };

interface FileField {
  name: string;
  many: boolean;
  required: boolean;
  minItems: number;
  maxItems: number;
}

/** True when `schema` is `Upload()` or `t.Array(Upload())`. */
export function isFileField(schema: TSchema): boolean {
  return isUploadSchema(schema) || (schema[Kind] === 'Array' && isUploadSchema(schema.items as TSchema));
}

/** True when the body schema declares a file field. */
export function hasFileFields(schema: TSchema): boolean {
  return schema[Kind] === 'Object' && Object.values((schema as TObject).properties).some(isFileField);
}

function fileField(name: string, schema: TSchema): FileField {
  const many = schema[Kind] === 'Array';
  return {
    name,
    many,
    required: schema[OptionalKind] !== 'Optional',
    minItems: many ? ((schema.minItems as number | undefined) ?? 0) : 0,
    maxItems: many ? ((schema.maxItems as number | undefined) ?? Number.POSITIVE_INFINITY) : 1,
  };
}

function issue(name: string, msg: string, type: string): ValidationIssue {
  return { loc: ['body', name], msg, type };
}

/** Compiles the decoder for body `schema` of route `where` (startup errors name it). */
export function compileFormDecoder(schema: TSchema, where: string): (form: ParsedForm) => FormDecodeResult {
  // compileInputDecoder refuses a schema that is not a t.Object, or a field no string can carry.
  const properties = schema[Kind] === 'Object' ? (schema as TObject).properties : {};
  const text: Record<string, TSchema> = {};
  const files: FileField[] = [];
  for (const [name, prop] of Object.entries(properties)) {
    if (isFileField(prop)) files.push(fileField(name, prop));
    else text[name] = prop;
  }
  const decodeText = compileInputDecoder(
    schema[Kind] === 'Object' ? t.Object(text) : schema,
    'body',
    `${where} (form body)`,
  );
  const fileNames = new Set(files.map((f) => f.name));

  return (form) => {
    let issues: ValidationIssue[] | undefined;
    const inputs: Record<string, string | readonly string[]> = {};
    for (const [name, values] of form.fields) {
      if (fileNames.has(name)) {
        (issues ??= []).push(issue(name, 'Input should be a file upload, not a text value', 'file_type'));
      } else inputs[name] = values.length === 1 ? (values[0] as string) : values;
    }
    for (const name of form.files.keys()) {
      if (!fileNames.has(name) && name in text) {
        (issues ??= []).push(issue(name, 'Input should be a text value, not a file', 'string_type'));
      }
    }
    const decoded = decodeText(inputs as RawInputs);
    if (!decoded.ok) issues = issues ? issues.concat(decoded.issues) : decoded.issues;
    const value: Record<string, unknown> = decoded.ok ? decoded.value : {};
    for (const field of files) {
      const given: TempUpload[] | undefined = form.files.get(field.name);
      const count = given?.length ?? 0;
      if (count === 0) {
        // A text value under a file field was reported above.
        if (field.required && !form.fields.has(field.name)) {
          (issues ??= []).push(issue(field.name, 'Field required', 'missing'));
        }
        continue;
      }
      if (!field.many) {
        if (count > 1) {
          (issues ??= []).push(issue(field.name, `Input should be one file, got ${count}`, 'too_many_files'));
        } else value[field.name] = given?.[0];
        continue;
      }
      if (count < field.minItems) {
        (issues ??= []).push(
          issue(field.name, `List should have at least ${field.minItems} files, not ${count}`, 'too_short'),
        );
      } else if (count > field.maxItems) {
        (issues ??= []).push(
          issue(field.name, `List should have at most ${field.maxItems} files, not ${count}`, 'too_long'),
        );
      } else value[field.name] = given;
    }
    if (issues) return { ok: false, issues };
    return { ok: true, value };
  };
}
