import { PermanentGatewayError } from '../ports.js';

// What the SDK rejects with: an axios error (network or non-2xx), an Error from its own
// validation (Joi), a bare string (the voice module's validation), or the reply body itself
// when the status was 2xx but not the one it expected.
interface AxiosLikeError {
  readonly isAxiosError: true;
  readonly message: string;
  readonly code?: string;
  readonly response?: { readonly status: number; readonly data: unknown };
}

const isAxiosError = (error: unknown): error is AxiosLikeError =>
  typeof error === 'object' && error !== null && (error as { isAxiosError?: unknown }).isAxiosError === true;

const describe = (data: unknown) => (typeof data === 'string' ? data : (JSON.stringify(data) ?? '')).slice(0, 200);

/**
 * The port's error for an SDK rejection: no answer, 408, 429 and 5xx are transient (a plain
 * Error, retried by the caller); other 4xx (bad API key, bad request) and the SDK's own
 * validation failures (an invalid phone number) are PermanentGatewayError.
 */
export function toGatewayError(error: unknown, what: string): Error {
  if (error instanceof PermanentGatewayError) return error;
  if (isAxiosError(error)) {
    const status = error.response?.status;
    if (status === undefined) {
      return new Error(`${what}: Africa's Talking did not answer (${error.code ?? error.message})`, { cause: error });
    }
    const detail = `HTTP ${status} ${describe(error.response?.data)}`.trim();
    if (status >= 500 || status === 408 || status === 429) {
      return new Error(`${what} failed for now: ${detail}`, { cause: error });
    }
    return new PermanentGatewayError(`${what} refused: ${detail}`, `HTTP ${status}`);
  }
  if (error instanceof Error)
    return new PermanentGatewayError(`${what} refused by the SDK: ${error.message}`, 'InvalidRequest');
  if (typeof error === 'string')
    return new PermanentGatewayError(`${what} refused by the SDK: ${error}`, 'InvalidRequest');
  return new Error(`${what}: unexpected reply ${describe(error)}`);
}

export const asObject = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
