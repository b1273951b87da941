/**
 * The column a model key is read from: `firstName` -> `first_name` when the options ask for
 * snake_case columns, the key itself otherwise. Digits stay attached (`address2` -> `address2`).
 *
 * @example
 * columnName('firstName', 'snake_case'); // 'first_name'
 * columnName('HTTPStatus', 'snake_case'); // 'http_status'
 */
export function columnName(key: string, columns: 'preserve' | 'snake_case'): string {
  if (columns === 'preserve') return key;
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}
