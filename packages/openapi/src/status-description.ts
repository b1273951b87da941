/** The description a response gets when the route gives none: the reason phrase of its status. */
import { STATUS_CODES } from 'node:http';

export function statusDescription(status: number): string {
  return STATUS_CODES[status] ?? `Status ${status}`;
}
