import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { Database, Language, MemberTable } from './database.js';
import type { Member } from './member.js';

type Db = Kysely<Database> | Transaction<Database>;

function toMember(row: Selectable<MemberTable>): Member {
  return {
    id: row.id,
    phone: row.phone,
    fullName: row.full_name,
    city: row.city,
    language: row.language,
    lockedUntil: row.locked_until,
  };
}

export async function findMemberByPhone(db: Db, phone: string): Promise<Member | undefined> {
  const row = await db.selectFrom('members').selectAll().where('phone', '=', phone).executeTakeFirst();
  return row === undefined ? undefined : toMember(row);
}

export async function findMemberById(db: Db, id: string): Promise<Member | undefined> {
  const row = await db.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toMember(row);
}

export interface NewMember {
  readonly phone: string;
  readonly fullName: string;
  readonly city: string;
  readonly language: Language;
}

/** Inserts the member unless the phone is already taken; undefined in that case. */
export async function insertMember(db: Db, member: NewMember): Promise<Member | undefined> {
  const row = await db
    .insertInto('members')
    .values({ phone: member.phone, full_name: member.fullName, city: member.city, language: member.language })
    .onConflict((oc) => oc.column('phone').doNothing())
    .returningAll()
    .executeTakeFirst();
  return row === undefined ? undefined : toMember(row);
}

export async function updateMemberLanguage(db: Db, memberId: string, language: Language): Promise<void> {
  await db.updateTable('members').set({ language }).where('id', '=', memberId).execute();
}

export async function findPinHash(db: Db, memberId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('pin_credentials')
    .select('pin_hash')
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return row?.pin_hash;
}

/** The stored hash, and when a one-time PIN stops working (null for a chosen PIN). */
export async function findPinCredential(
  db: Db,
  memberId: string,
): Promise<{ pinHash: string; expiresAt: Date | null; mustChange: boolean } | undefined> {
  const row = await db
    .selectFrom('pin_credentials')
    .select(['pin_hash', 'expires_at', 'must_change'])
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { pinHash: row.pin_hash, expiresAt: row.expires_at, mustChange: row.must_change };
}

export async function insertPinHash(db: Db, memberId: string, pinHash: string): Promise<void> {
  await db.insertInto('pin_credentials').values({ member_id: memberId, pin_hash: pinHash }).execute();
}

export async function replacePinHash(db: Db, memberId: string, pinHash: string): Promise<void> {
  await db
    .updateTable('pin_credentials')
    .set({ pin_hash: pinHash, updated_at: new Date(), expires_at: null, must_change: false })
    .where('member_id', '=', memberId)
    .execute();
}

/**
 * Reserves one PIN attempt before the PIN is evaluated, in a single statement, so that no
 * number of parallel requests or instances can evaluate more than `maxAttempts` PINs per lock
 * window. An attempt is taken only while the member is not locked; the attempt that reaches
 * `maxAttempts` sets the lock at once (a right PIN among the reserved ones lifts it again, see
 * `clearWrongPins`). After an expired lock the count starts again at this attempt.
 * Undefined when the member is locked and no attempt was taken.
 */
export async function reservePinAttempt(
  db: Db,
  memberId: string,
  maxAttempts: number,
  now: Date,
  lockUntil: Date,
): Promise<{ attempts: number; lockedUntil: Date | null } | undefined> {
  const row = await db
    .updateTable('members')
    .set((eb) => {
      const attempts = eb
        .case()
        .when('locked_until', 'is not', null)
        .then(1)
        .else(eb('failed_pin_attempts', '+', 1))
        .end();
      return {
        failed_pin_attempts: attempts,
        locked_until: eb
          .case()
          .when(attempts, '>=', maxAttempts)
          .then(sql<Date | null>`cast(${lockUntil} as timestamptz)`)
          .else(null)
          .end(),
      };
    })
    .where('id', '=', memberId)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .returning(['failed_pin_attempts', 'locked_until'])
    .executeTakeFirst();
  return row === undefined ? undefined : { attempts: row.failed_pin_attempts, lockedUntil: row.locked_until };
}

/** A right PIN: its reservation and every wrong one before it are forgotten, and any lock lifted. */
export async function clearWrongPins(db: Db, memberId: string): Promise<void> {
  await db
    .updateTable('members')
    .set({ failed_pin_attempts: 0, locked_until: null })
    .where('id', '=', memberId)
    .where((eb) => eb.or([eb('failed_pin_attempts', '>', 0), eb('locked_until', 'is not', null)]))
    .execute();
}
