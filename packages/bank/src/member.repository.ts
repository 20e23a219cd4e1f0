import type { Kysely, Selectable, Transaction } from 'kysely';
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

export async function insertPinHash(db: Db, memberId: string, pinHash: string): Promise<void> {
  await db.insertInto('pin_credentials').values({ member_id: memberId, pin_hash: pinHash }).execute();
}

export async function replacePinHash(db: Db, memberId: string, pinHash: string): Promise<void> {
  await db
    .updateTable('pin_credentials')
    .set({ pin_hash: pinHash, updated_at: new Date() })
    .where('member_id', '=', memberId)
    .execute();
}

/**
 * Counts one wrong PIN in a single statement, so that parallel attempts cannot lose a count.
 * The attempt that reaches `maxAttempts` locks the member until `lockUntil` and starts the
 * count again for after the lock.
 */
export async function recordWrongPin(
  db: Db,
  memberId: string,
  maxAttempts: number,
  lockUntil: Date,
): Promise<{ failedAttempts: number; lockedUntil: Date | null }> {
  const row = await db
    .updateTable('members')
    .set((eb) => ({
      failed_pin_attempts: eb
        .case()
        .when(eb('failed_pin_attempts', '>=', maxAttempts - 1))
        .then(0)
        .else(eb('failed_pin_attempts', '+', 1))
        .end(),
      locked_until: eb
        .case()
        .when(eb('failed_pin_attempts', '>=', maxAttempts - 1))
        .then(lockUntil)
        .else(eb.ref('locked_until'))
        .end(),
    }))
    .where('id', '=', memberId)
    .returning(['failed_pin_attempts', 'locked_until'])
    .executeTakeFirstOrThrow();
  return { failedAttempts: row.failed_pin_attempts, lockedUntil: row.locked_until };
}

export async function clearWrongPins(db: Db, memberId: string): Promise<void> {
  await db
    .updateTable('members')
    .set({ failed_pin_attempts: 0, locked_until: null })
    .where('id', '=', memberId)
    .where('failed_pin_attempts', '>', 0)
    .execute();
}
