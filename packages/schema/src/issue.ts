/**
 * Validation issues as plain data, shaped like FastAPI's so clients written for it keep working.
 */

/** One validation failure: where (`["query","n"]`), what went wrong, and a stable type tag. */
export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

/** Where an input came from; the first element of every `loc`. */
export type InputLocation = 'path' | 'query' | 'header' | 'cookie' | 'body' | 'response' | 'message';
