import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/**
 * What every gateway route asks of its body, before any work is done. The gateways post
 * forms of plain text: a control character (NUL above all, which PostgreSQL refuses in text)
 * is a malformed request, answered 400 rather than failing later as a 500.
 */

// C0 and C1 control characters and DEL.
const NO_CONTROL = '^[^\\u0000-\\u001f\\u007f-\\u009f]*$';
// The same, with line breaks allowed: a screen's text as the gateway reports it.
const NO_CONTROL_BUT_LINES = '^[^\\u0000-\\u0009\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$';

/** A plain text field: no control characters, at most `maxLength` characters. */
export const plainText = (maxLength: number, minLength = 0) =>
  ({ type: 'string', minLength, maxLength, pattern: NO_CONTROL }) as const;

/** Like `plainText`, with line breaks allowed (screens as the gateway echoes them). */
export const screenText = (maxLength: number) =>
  ({ type: 'string', maxLength, pattern: NO_CONTROL_BUT_LINES }) as const;

/**
 * A preValidation hook: the body must be a form, as the gateways send it (JSON is a 400). A
 * callback hook rather than an async one: no promise to settle on every hop.
 */
export function requireForm(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    done();
    return;
  }
  // A reply sent from a hook ends the request there: `done` is not called.
  reply
    .code(400)
    .type('application/json')
    .send({ error: 'Bad Request', message: 'body must be application/x-www-form-urlencoded' });
}

/**
 * `YYYY-MM-DD HH:MM:SS` (read as UTC) as a Date, only when it names a real moment:
 * `2026-13-45 99:99:99` is undefined, not rolled over into another date.
 */
export function parseGatewayDate(value: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const real =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  return real ? date : undefined;
}
