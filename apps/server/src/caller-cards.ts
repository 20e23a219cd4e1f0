import type { MemberSummary, SessionServices } from '@sacco/journeys';
import type { SharedCache } from '@sacco/ussd';

export interface CallerCardOptions {
  readonly cache: SharedCache;
  /** How long a card answers a dial before the database is asked again. */
  readonly ttlMs: number;
  /** The card's name for a phone: a keyed hash, so no phone number is written to the cache. */
  readonly keyOf: (phone: string) => string;
}

/**
 * The member found on a dial, kept for a short while in the shared session cache (a "caller
 * card"), so that a member who dials again soon is greeted without a database query. Only
 * members in good standing get a card: an unknown or locked number is always looked up.
 *
 * A card is a greeting, not an authority: every PIN is still checked, and every attempt
 * reserved, in PostgreSQL. It is taken out when a PIN check does not pass (the member may be
 * locked now), when the member changes language, and by `pnpm ops` when an operator resets the
 * member's PIN or unlocks them (`forgetCallerCard`).
 */
// Which card a member has, so that it can be taken out knowing only the member.
const ownerKey = (memberId: string) => `card-of:${memberId}`;

/**
 * Takes a member's card out of the shared cache: after anything that changes how a dial must
 * greet them outside a session (an operator's PIN reset or unlock), so the next dial asks the
 * database.
 */
export async function forgetCallerCard(cache: SharedCache, memberId: string): Promise<void> {
  const card = await cache.get(ownerKey(memberId));
  if (card !== undefined) await Promise.all([cache.delete(card), cache.delete(ownerKey(memberId))]);
}

/**
 * The language on a phone's caller card, if it has one: what the engine says before it reads a
 * session (busy, too many requests) is then in the member's language. Never asks the database.
 */
export async function cardLanguage(
  options: Pick<CallerCardOptions, 'cache' | 'keyOf'>,
  phone: string,
): Promise<string | undefined> {
  const card = await options.cache.get(`card:${options.keyOf(phone)}`);
  return card === undefined ? undefined : (JSON.parse(card) as MemberSummary).language;
}

export function withCallerCards(services: SessionServices, options: CallerCardOptions): SessionServices {
  const { cache } = options;
  // The keyed hash of a phone, remembered (bounded): a member's every dial needs it again.
  const keys = new Map<string, string>();
  const cardKey = (phone: string) => {
    let key = keys.get(phone);
    if (key === undefined) {
      if (keys.size >= 10_000) keys.clear();
      key = `card:${options.keyOf(phone)}`;
      keys.set(phone, key);
    }
    return key;
  };

  const forget = (memberId: string) => forgetCallerCard(cache, memberId);

  return {
    ...services,
    async lookUpCaller(input) {
      const key = cardKey(input.phone);
      const card = await cache.get(key).catch(() => undefined);
      if (card !== undefined) return { status: 'member', member: JSON.parse(card) as MemberSummary };
      const found = await services.lookUpCaller(input);
      if (found.status === 'member') {
        // Best effort: without a card the next dial asks the database, as before.
        await Promise.all([
          cache.set(key, JSON.stringify(found.member), options.ttlMs),
          cache.set(ownerKey(found.member.id), key, options.ttlMs),
        ]).catch(() => undefined);
      }
      return found;
    },
    async verifyPin(input) {
      const check = await services.verifyPin(input);
      if (check.status !== 'ok') await forget(input.memberId);
      return check;
    },
    async setLanguage(input) {
      await services.setLanguage(input);
      await forget(input.memberId);
    },
  };
}
