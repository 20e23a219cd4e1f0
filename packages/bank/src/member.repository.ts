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

/** The member, who must exist (a broken reference is a bug, not an answer). */
export async function requireMember(db: Db, id: string): Promise<Member> {
  const member = await findMemberById(db, id);
  if (member === undefined) throw new Error(`member ${id} not found`);
  return member;
}

/** Locks the member's row for the rest of the transaction (undefined: no such member). */
export async function lockMember(trx: Transaction<Database>, id: string): Promise<string | undefined> {
  const row = await trx.selectFrom('members').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
  return row?.id;
}

/** When the member registered: the loan offer waits for a membership old enough. */
export async function memberSince(db: Db, id: string): Promise<Date> {
  const row = await db.selectFrom('members').select('created_at').where('id', '=', id).executeTakeFirstOrThrow();
  return row.created_at;
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

/** An operator's reset: a one-time PIN that works until `expiresAt` and must be changed. */
export async function setOneTimePin(
  db: Db,
  memberId: string,
  pinHash: string,
  at: Date,
  expiresAt: Date,
): Promise<void> {
  await db
    .updateTable('pin_credentials')
    .set({ pin_hash: pinHash, updated_at: at, expires_at: expiresAt, must_change: true })
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

/** An operator's hand: the lock and the wrong-PIN count go, whatever they were. */
export async function liftLock(db: Db, memberId: string): Promise<void> {
  await db
    .updateTable('members')
    .set({ failed_pin_attempts: 0, locked_until: null })
    .where('id', '=', memberId)
    .execute();
}

/** The audit row of an operator's hand on a member; its id. */
export async function insertMemberAudit(
  db: Db,
  audit: { memberId: string; action: 'pin-reset' | 'unlock'; actor: string; reason: string },
): Promise<bigint> {
  const row = await db
    .insertInto('member_audit')
    .values({ member_id: audit.memberId, action: audit.action, actor: audit.actor, reason: audit.reason })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
