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
