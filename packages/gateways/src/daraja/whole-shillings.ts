import { PermanentGatewayError } from '../ports.js';

/**
 * The `Amount` Daraja takes: a whole number of shillings. M-Pesa moves no cents, so an amount
 * with cents is refused here, before any request, rather than rounded.
 */
export function toWholeShillings(amountMinor: bigint, currency: string): number {
  if (currency !== 'KES') {
    throw new PermanentGatewayError(`M-Pesa moves KES only, not ${currency}`, 'UnsupportedCurrency');
  }
  if (amountMinor <= 0n) {
    throw new PermanentGatewayError(`amount must be positive, got ${amountMinor} minor units`, 'InvalidAmount');
  }
  if (amountMinor % 100n !== 0n) {
    throw new PermanentGatewayError(
      `M-Pesa moves whole shillings only, got ${amountMinor} minor units (KES ${amountMinor / 100n}.${String(amountMinor % 100n).padStart(2, '0')})`,
      'InvalidAmount',
    );
  }
  const shillings = amountMinor / 100n;
  if (shillings > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new PermanentGatewayError(`amount too large: ${amountMinor} minor units`, 'InvalidAmount');
  }
  return Number(shillings);
}
