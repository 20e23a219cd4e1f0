import { MalformedCallbackError } from './malformed-callback.error.js';

// Small readers for untrusted callback JSON: each names the path it failed at.

export function asRecord(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MalformedCallbackError('expected an object', path);
  }
  return value as Record<string, unknown>;
}

export function requiredString(record: Record<string, unknown>, key: string, path: string): string {
  const value = record[key];
  if (typeof value !== 'string' || value.length === 0) {
    throw new MalformedCallbackError('expected a non-empty string', `${path}.${key}`);
  }
  return value;
}

export function optionalString(record: Record<string, unknown>, key: string, path: string): string | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new MalformedCallbackError('expected a string', `${path}.${key}`);
  return value;
}

/** A result code, sent as a JSON number in callbacks and as a string in some replies. */
export function requiredCode(record: Record<string, unknown>, key: string, path: string): string {
  const value = record[key];
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value === 'string' && /^[A-Za-z0-9_.-]+$/.test(value)) return value;
  throw new MalformedCallbackError('expected a result code', `${path}.${key}`);
}

// C0 controls, DEL and C1 controls: never part of a provider id, and a NUL or a newline in
// one would end up in our logs and keys.
const isControl = (code: number) => code <= 0x1f || (code >= 0x7f && code <= 0x9f);
const hasControlCharacter = (text: string) => [...text].some((char) => isControl(char.codePointAt(0) ?? 0));
const ID_MAX_LENGTH = 200;

/** A provider id: a non-empty string without control characters, at most 200 characters. */
export function requiredId(record: Record<string, unknown>, key: string, path: string): string {
  const value = requiredString(record, key, path);
  if (hasControlCharacter(value)) {
    throw new MalformedCallbackError('control characters in an id', `${path}.${key}`);
  }
  if (value.length > ID_MAX_LENGTH) throw new MalformedCallbackError('id too long', `${path}.${key}`);
  return value;
}
