import type { Language } from './database.js';

/** A member as the rest of the system sees one. */
export interface Member {
  readonly id: string;
  readonly phone: string;
  readonly fullName: string;
  readonly city: string;
  readonly language: Language;
  /** Set while too many wrong PINs keep the member out. */
  readonly lockedUntil: Date | null;
}

export function isLocked(member: Pick<Member, 'lockedUntil'>, now: Date): boolean {
  return member.lockedUntil !== null && member.lockedUntil.getTime() > now.getTime();
}
