// What a Daraja callback the fake posted says, read from its body as the service reads it.

// The service's callback routes (CALLBACK_PATHS on the server), named for a person.
const ROUTES = [
  ['/payments/mpesa/stk-result', 'M-Pesa prompt result'],
  ['/payments/mpesa/b2c-result', 'Payout result'],
  ['/payments/mpesa/b2c-timeout', 'Payout queue timeout'],
  ['/payments/mpesa/status-result', 'Status query result'],
  ['/payments/mpesa/status-timeout', 'Status query timeout'],
];

const listOf = (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/**
 * `{ route, code, description, amount (whole units), receipt, phone }` of one callback delivery.
 * A failure's body names no amount or phone: those come from `subject`, the request the fake
 * answered (kind, phone, amount), so a declined prompt still says whose and how much.
 */
export function readPaymentCallback({ url, body, subject }) {
  const read = readBody(url, body);
  return { ...read, amount: read.amount ?? subject?.amount, phone: read.phone ?? subject?.phone };
}

function readBody(url, body) {
  const path = new URL(url, 'http://service').pathname;
  const route = ROUTES.find(([suffix]) => path.endsWith(suffix))?.[1] ?? path;
  const stk = body?.Body?.stkCallback;
  if (stk !== undefined) {
    const items = Object.fromEntries(listOf(stk.CallbackMetadata?.Item).map((item) => [item.Name, item.Value]));
    return {
      route,
      code: stk.ResultCode,
      description: stk.ResultDesc,
      amount: items.Amount,
      receipt: items.MpesaReceiptNumber,
      phone: items.PhoneNumber,
    };
  }
  const result = body?.Result;
  if (result !== undefined) {
    const values = Object.fromEntries(
      listOf(result.ResultParameters?.ResultParameter).map((parameter) => [parameter.Key, parameter.Value]),
    );
    return {
      route,
      code: result.ResultCode,
      description: result.ResultDesc,
      amount: values.TransactionAmount ?? values.Amount,
      receipt: values.TransactionReceipt ?? values.ReceiptNo,
      phone: values.ReceiverPartyPublicName ?? values.CreditPartyName,
    };
  }
  return { route, code: undefined, description: 'a body the panel cannot read' };
}
