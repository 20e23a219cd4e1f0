/**
 * How a fake provider settles what it is asked: `approve` and `decline` answer every request
 * that way after the configured delay; `manual` holds each one until an operator decides.
 */
export type FakeMode = 'approve' | 'decline' | 'manual';
