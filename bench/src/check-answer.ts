/** Sends an endpoint's request once and says whether the answer is the one every contender must give. */
import type { Endpoint } from './endpoints.js';

/** `ok`, a wrong answer (`wrong`, with why), or no answer yet (`down`: refused, reset). */
export type Verdict = { kind: 'ok' } | { kind: 'wrong'; reason: string } | { kind: 'down'; reason: string };

export async function checkAnswer(baseUrl: string, endpoint: Endpoint): Promise<Verdict> {
  let response: Response;
  try {
    response = await fetch(baseUrl + endpoint.path, {
      method: endpoint.method,
      headers: endpoint.body === undefined ? {} : { 'content-type': 'application/json' },
      body: endpoint.body === undefined ? undefined : JSON.stringify(endpoint.body),
      signal: AbortSignal.timeout(5000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    return { kind: 'down', reason: String(cause) };
  }
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('application/json')) {
    return {
      kind: 'wrong',
      reason: `status ${response.status}, content-type "${type}" is not application/json`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'wrong', reason: `status ${response.status}, body is not JSON: ${text.slice(0, 120)}` };
  }
  const reason = endpoint.check(response.status, json);
  return reason ? { kind: 'wrong', reason } : { kind: 'ok' };
}
