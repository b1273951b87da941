/**
 * TypeBox's value errors turned into FastAPI-style issues: `{ loc, msg, type }`.
 */
import { type ValueError, ValueErrorType } from '@sinclair/typebox/errors';
import type { InputLocation, ValidationIssue } from './issue.js';

// Names pydantic uses for the same failures, so that FastAPI clients recognise them.
const PYDANTIC_TYPES: Partial<Record<ValueErrorType, string>> = {
  [ValueErrorType.ObjectRequiredProperty]: 'missing',
  [ValueErrorType.String]: 'string_type',
  [ValueErrorType.Number]: 'float_type',
  [ValueErrorType.Integer]: 'int_type',
  [ValueErrorType.Boolean]: 'bool_type',
  [ValueErrorType.Array]: 'list_type',
  [ValueErrorType.Object]: 'model_type',
  [ValueErrorType.Null]: 'none_required',
  [ValueErrorType.Literal]: 'literal_error',
  [ValueErrorType.Union]: 'union_error',
  [ValueErrorType.StringFormat]: 'value_error',
  [ValueErrorType.StringMinLength]: 'string_too_short',
  [ValueErrorType.StringMaxLength]: 'string_too_long',
  [ValueErrorType.StringPattern]: 'string_pattern_mismatch',
  [ValueErrorType.NumberMinimum]: 'greater_than_equal',
  [ValueErrorType.NumberMaximum]: 'less_than_equal',
  [ValueErrorType.NumberExclusiveMinimum]: 'greater_than',
  [ValueErrorType.NumberExclusiveMaximum]: 'less_than',
  [ValueErrorType.IntegerMinimum]: 'greater_than_equal',
  [ValueErrorType.IntegerMaximum]: 'less_than_equal',
  [ValueErrorType.IntegerExclusiveMinimum]: 'greater_than',
  [ValueErrorType.IntegerExclusiveMaximum]: 'less_than',
  [ValueErrorType.ArrayMinItems]: 'too_short',
  [ValueErrorType.ArrayMaxItems]: 'too_long',
  [ValueErrorType.ObjectAdditionalProperties]: 'extra_forbidden',
};

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** `/items/0/name` -> `['items', 0, 'name']` (JSON Pointer, with `~1` and `~0` unescaped). */
export function pointerToLoc(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^(0|[1-9]\d*)$/.test(key) ? Number(key) : key;
    });
}

/** One issue per failing location (the first TypeBox reports), prefixed by where the input came from. */
export function formatIssues(location: InputLocation, errors: Iterable<ValueError>): ValidationIssue[] {
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  for (const error of errors) {
    if (seen.has(error.path)) continue;
    seen.add(error.path);
    const missing = error.type === ValueErrorType.ObjectRequiredProperty;
    issues.push({
      loc: [location, ...pointerToLoc(error.path)],
      msg: missing ? 'Field required' : error.message,
      type: PYDANTIC_TYPES[error.type] ?? snakeCase(ValueErrorType[error.type] ?? 'value_error'),
    });
  }
  return issues;
}
