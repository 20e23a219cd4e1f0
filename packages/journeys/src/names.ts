import { toGsm7 } from '@sacco/ussd';

// Names and places in any script: letters (with their combining marks), spaces,
// apostrophes and hyphens, starting with a letter.
const NAME_PATTERN = /^\p{L}[\p{L}\p{M} '’-]*$/u;

/** Collapses runs of spaces and trims, so "  Jane   Doe " is stored as "Jane Doe". */
export function tidyName(raw: string): string {
  return raw.trim().replace(/\s+/g, ' ');
}

function isValidWithin(raw: string, max: number): boolean {
  const name = tidyName(raw);
  const length = [...name].length;
  return length >= 2 && length <= max && NAME_PATTERN.test(name);
}

export const isValidName = (raw: string) => isValidWithin(raw, 40);
export const isValidCity = (raw: string) => isValidWithin(raw, 30);

// Members are greeted by their first name, cut to a length that keeps every menu on one screen.
// The cut carries no mark: screens put a full stop after a name ("Sent KES 5.00 to {name}."),
// and a "." marking the cut would read as "..".
const GREETING_NAME_MAX = 20;

export function greetingName(fullName: string): string {
  return toGsm7(fullName.split(' ')[0] ?? '').slice(0, GREETING_NAME_MAX);
}
