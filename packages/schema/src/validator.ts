/**
 * Validators compiled once per schema with TypeBox's TypeCompiler and cached.
 */
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { formatIssues } from './format-issues.js';
import { registerFormats } from './formats.js';
import type { InputLocation, ValidationIssue } from './issue.js';

/** A compiled validator: a fast boolean check plus a slow path that explains failures. */
export interface Validator<T = unknown> {
  check(value: unknown): value is T;
  issues(location: InputLocation, value: unknown): ValidationIssue[];
}

const cache = new WeakMap<TSchema, Validator>();

/** Compiles `schema` once (cached by identity) into a {@link Validator}. */
export function compileValidator<T = unknown>(schema: TSchema): Validator<T> {
  const cached = cache.get(schema);
  if (cached) return cached as Validator<T>;
  registerFormats();
  const compiled = TypeCompiler.Compile(schema);
  const validator: Validator<T> = {
    check: (value: unknown): value is T => compiled.Check(value),
    issues: (location, value) => formatIssues(location, compiled.Errors(value)),
  };
  cache.set(schema, validator as Validator);
  return validator;
}
