/** Public reason phrases: the fixed `detail` Bolt sends for a status when nothing more is said. */
import { STATUS_CODES } from 'node:http';

/** `404` -> `Not Found`. Unknown statuses read `Error`. */
export function statusText(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}
