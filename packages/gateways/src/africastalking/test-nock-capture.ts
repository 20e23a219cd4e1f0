import type { Interceptor } from 'nock';

// Records what the SDK sent through a nock interceptor: headers and the form body as fields.

export interface CapturedRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly form: Readonly<Record<string, string>>;
}

export function replyCapturing(
  interceptor: Interceptor,
  status: number,
  body: unknown,
): { readonly requests: CapturedRequest[] } {
  const requests: CapturedRequest[] = [];
  interceptor.reply(function (_uri, requestBody) {
    const text = typeof requestBody === 'string' ? requestBody : JSON.stringify(requestBody);
    requests.push({ headers: { ...this.req.headers }, form: Object.fromEntries(new URLSearchParams(text)) });
    return [status, body as Record<string, unknown>];
  });
  return { requests };
}
