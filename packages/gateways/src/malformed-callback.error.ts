/**
 * A callback body that does not have the provider's documented shape. The HTTP route answers
 * it with a 400 and records nothing: a callback is only a hint, and a malformed one is not
 * even that.
 */
export class MalformedCallbackError extends Error {
  constructor(
    message: string,
    /** Where in the body the problem is, e.g. `Body.stkCallback.ResultCode`. */
    readonly path?: string,
  ) {
    super(path === undefined ? message : `${path}: ${message}`);
    this.name = 'MalformedCallbackError';
  }
}
