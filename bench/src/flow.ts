/**
 * One hop of a USSD session as the gateway sends it. `text` is the cumulative chained input
 * ('' on the first hop, then inputs joined by '*'), exactly what Africa's Talking posts.
 */
export interface FlowStep {
  text: string;
  /** Every reply to this hop must match, or the run is reported as wrong. */
  expect: RegExp;
}

/** A whole session, first hop to last. The harness adds session ids and phone numbers. */
export type Flow = readonly FlowStep[];

/** The form fields of one gateway callback. */
export interface UssdFields {
  sessionId: string;
  serviceCode: string;
  phoneNumber: string;
  networkCode: string;
  text: string;
}

export const SERVICE_CODE = '*384*1#';
// Safaricom KE: a realistic value; no server here branches on it.
export const NETWORK_CODE = '63902';

export function formBody(sessionId: string, phoneNumber: string, text: string): string {
  const fields: UssdFields = {
    sessionId,
    serviceCode: SERVICE_CODE,
    phoneNumber,
    networkCode: NETWORK_CODE,
    text,
  };
  return new URLSearchParams({ ...fields }).toString();
}
