import { type Kysely, sql } from 'kysely';

// The daily outflow kept as it happens instead of summed on every transfer. Summing a wallet's
// postings of the day took about half of PostgreSQL's CPU per transfer in the ledger bench (a
// wallet there moves hundreds of times a day); a counter per wallet and per UTC hour makes it
// a read of a few rows (docs/ledger.md "The daily outflow").
//
// - `posting_outflow(kind, amount)` is what one posting adds to its account's outflow: the one
//   definition, unchanged (outflow kinds going out, reversals coming back).
// - `wallet_outflow_by_hour` holds, per account and per hour (`outflow_hour`: hours counted
//   from the epoch, whatever the session's time zone), the sum of its postings' outflow.
// - A trigger on postings keeps it in the transaction of every insert, change and delete, so no
//   path can forget it. The account's row is locked before the counter's, the order every
//   movement takes them in: money out checks the daily limit, which locks the wallet first (a
//   transfer, a withdrawal, airtime); for a refund, a change or a delete the trigger locks it,
//   so a refund racing a transfer cannot deadlock on the counter.
// - `wallet_outflow_since(wallet, since)` adds the counters of the whole hours from `since` on
//   and sums the postings of the part hour before the first of them (none when `since` is on the
//   hour, as local midnight is for whole-hour UTC offsets): the same answer as before for any
//   `since`.
//
// `ledger_transfer` now compares with the account's own `held` column instead of calling
// `wallet_floor`, a SQL function that PostgreSQL plans again on every call, and locks both
// wallets with one statement instead of a cursor loop.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function posting_outflow(p_kind text, p_amount int8) returns int8
    language sql immutable parallel safe as $$
      select case
        when p_kind in ('transfer', 'payout.hold', 'airtime.hold') and p_amount > 0 then p_amount
        when p_kind in ('payout.reverse', 'airtime.reverse') and p_amount < 0 then p_amount
        else 0::int8 end $$`.execute(db);
  await sql`
    create function outflow_hour(p_at timestamptz) returns timestamptz
    language sql immutable parallel safe as $$
      select date_bin('1 hour', p_at, timestamptz '2000-01-01 00:00:00+00') $$`.execute(db);

  await sql`
    create table wallet_outflow_by_hour (
      account_id uuid not null references accounts (id),
      hour timestamptz not null,
      amount int8 not null,
      primary key (account_id, hour))`.execute(db);
  await sql`
    insert into wallet_outflow_by_hour (account_id, hour, amount)
    select account_id, outflow_hour(posted_at), sum(posting_outflow(entry_kind, amount))::int8
    from postings where posting_outflow(entry_kind, amount) <> 0
    group by 1, 2`.execute(db);

  // No WHEN clause on the insert trigger: PostgreSQL prepares a trigger's WHEN again for every
  // statement (inlining posting_outflow each time), which cost more than the call it saved.
  await sql`
    create function postings_count_outflow() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') and posting_outflow(old.entry_kind, old.amount) <> 0 then
        perform 1 from accounts where id = old.account_id for no key update;
        update wallet_outflow_by_hour set amount = amount - posting_outflow(old.entry_kind, old.amount)
          where account_id = old.account_id and hour = outflow_hour(old.posted_at);
      end if;
      if tg_op in ('INSERT', 'UPDATE') and posting_outflow(new.entry_kind, new.amount) <> 0 then
        -- Money out checks the limit, so its path has locked the wallet already; a refund may not have.
        if tg_op = 'UPDATE' or posting_outflow(new.entry_kind, new.amount) < 0 then
          perform 1 from accounts where id = new.account_id for no key update;
        end if;
        insert into wallet_outflow_by_hour as w (account_id, hour, amount)
        values (new.account_id, outflow_hour(new.posted_at), posting_outflow(new.entry_kind, new.amount))
        on conflict (account_id, hour) do update set amount = w.amount + excluded.amount;
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger postings_outflow_insert after insert on postings
    for each row execute function postings_count_outflow()`.execute(db);
  await sql`
    create trigger postings_outflow_change after update of account_id, amount, entry_kind, posted_at or delete on postings
    for each row execute function postings_count_outflow()`.execute(db);
  await sql`
    create function postings_truncate_outflow() returns trigger language plpgsql as $$
    begin
      delete from wallet_outflow_by_hour;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger postings_outflow_truncate after truncate on postings
    for each statement execute function postings_truncate_outflow()`.execute(db);

  await sql`
    create or replace function wallet_outflow_since(p_wallet uuid, p_since timestamptz) returns int8
    language plpgsql stable as $$
    declare
      v_first_hour timestamptz := outflow_hour(p_since);
      v_part_hour int8 := 0;
    begin
      if v_first_hour < p_since then
        v_first_hour := v_first_hour + interval '1 hour';
        select coalesce(sum(posting_outflow(p.entry_kind, p.amount)), 0) into v_part_hour from postings p
          where p.account_id = p_wallet and p.posted_at >= p_since and p.posted_at < v_first_hour;
      end if;
      return v_part_hour + coalesce((select sum(w.amount) from wallet_outflow_by_hour w
                                     where w.account_id = p_wallet and w.hour >= v_first_hour), 0)::int8;
    end $$`.execute(db);

  await rewriteTransfer(db, TRANSFER_REWRITES);
}

export async function down(db: Kysely<any>): Promise<void> {
  await rewriteTransfer(
    db,
    TRANSFER_REWRITES.map(([from, to]) => [to, from]),
  );
  await sql`
    create or replace function wallet_outflow_since(p_wallet uuid, p_since timestamptz) returns int8
    language plpgsql stable as $$
    begin
      return (
        select coalesce(sum(case
          when entry_kind in ('transfer', 'payout.hold', 'airtime.hold') and amount > 0 then amount
          when entry_kind in ('payout.reverse', 'airtime.reverse') and amount < 0 then amount
          else 0 end), 0)::int8
        from postings
        where account_id = p_wallet and posted_at >= p_since);
    end $$`.execute(db);
  await sql`drop trigger postings_outflow_truncate on postings`.execute(db);
  await sql`drop trigger postings_outflow_change on postings`.execute(db);
  await sql`drop trigger postings_outflow_insert on postings`.execute(db);
  await sql`drop function postings_truncate_outflow()`.execute(db);
  await sql`drop function postings_count_outflow()`.execute(db);
  await sql`drop table wallet_outflow_by_hour`.execute(db);
  await sql`drop function outflow_hour(timestamptz)`.execute(db);
  await sql`drop function posting_outflow(text, int8)`.execute(db);
}

// Two statements of `ledger_transfer`, rewritten in place (the function as shipped stays the one
// source of its other rules): the sender's floor read from the locked row instead of planning
// `wallet_floor`, and both wallets locked by one statement instead of a cursor loop.
const TRANSFER_REWRITES: readonly (readonly [string, string])[] = [
  ['wallet_floor(a.id)', 'a.held'],
  [
    `      for v_wallet in
        select a.id, a.member_id from accounts a
        where a.kind = 'wallet' and a.member_id in (p_from_member, p_to_member)
        order by a.id
        for update
      loop
        if v_wallet.member_id = p_from_member then v_from := v_wallet.id; else v_to := v_wallet.id; end if;
      end loop;`,
    `      select (array_agg(w.id) filter (where w.member_id = p_from_member))[1],
             (array_agg(w.id) filter (where w.member_id = p_to_member))[1]
        into v_from, v_to
        from (select a.id, a.member_id from accounts a
              where a.kind = 'wallet' and a.member_id in (p_from_member, p_to_member)
              order by a.id
              for update) w;`,
  ],
];

async function rewriteTransfer(db: Kysely<any>, rewrites: readonly (readonly [string, string])[]): Promise<void> {
  const result = await sql<{ def: string }>`
    select pg_get_functiondef('ledger_transfer(uuid, uuid, int8, text, text, timestamptz, timestamptz, int8)'::regprocedure) as def`.execute(
    db,
  );
  let def = result.rows[0]?.def;
  for (const [from, to] of rewrites) {
    if (def === undefined || !def.includes(from)) throw new Error(`ledger_transfer does not contain: ${from}`);
    def = def.split(from).join(to);
  }
  if (def !== undefined) await sql.raw(def).execute(db);
}
