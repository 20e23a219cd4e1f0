import { AsyncLocalStorage } from 'node:async_hooks';

interface RequestContext {
  readonly requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * Runs `work` on behalf of a request: every outbox row it writes carries the request id, and
 * every log line written meanwhile can too (see the server's log mixin). Without an id, `work`
 * runs outside any request.
 */
export function withRequestId<T>(requestId: string | undefined, work: () => T): T {
  return requestId === undefined ? storage.exit(work) : storage.run({ requestId }, work);
}

/** The id of the request (or of the outbox message born of one) being served, if any. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
