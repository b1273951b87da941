/**
 * Whether a decoded input still needs TypeBox's check. The scalar decoders already guarantee the
 * kind (an integer decoder only yields safe integers, a literal decoder only its literals), so a
 * schema with no further constraint (minimum, format, pattern, ...) needs no second pass.
 */
import { Kind, type TSchema } from '@sinclair/typebox';

// Keywords that carry no constraint beyond the kind the decoder enforces.
const INERT = new Set([
  'type',
  'default',
  'description',
  'title',
  'examples',
  'const',
  '$id',
  'anyOf',
  'items',
]);

function isInert(schema: TSchema): boolean {
  for (const key of Object.keys(schema)) if (!INERT.has(key)) return false;
  switch (schema[Kind]) {
    case 'Integer':
    case 'Number':
    case 'Boolean':
    case 'String':
    case 'Literal':
      return true;
    case 'Union':
      return (schema.anyOf as TSchema[]).every((member) => member[Kind] === 'Literal' && isInert(member));
    case 'Array':
      return isInert(schema.items as TSchema) && (schema.items as TSchema)[Kind] !== 'Array';
    default:
      return false;
  }
}

/** True when some property of the object schema constrains more than its decoder does. */
export function needsValidation(properties: Readonly<Record<string, TSchema>>): boolean {
  return !Object.values(properties).every(isInert);
}
