export type PinProblem = 'not-four-digits' | 'trivial';

/** Why a PIN cannot be chosen, or undefined when it can. */
export function pinProblem(pin: string): PinProblem | undefined {
  if (!/^\d{4}$/.test(pin)) return 'not-four-digits';
  const digits = [...pin].map(Number);
  const steps = digits.slice(1).map((d, i) => d - (digits[i] as number));
  // 0000, 1111 ... and runs like 1234 or 9876 are the first PINs anyone tries.
  if (steps.every((s) => s === 0) || steps.every((s) => s === 1) || steps.every((s) => s === -1)) {
    return 'trivial';
  }
  return undefined;
}
