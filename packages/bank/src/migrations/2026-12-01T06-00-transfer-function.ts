import { type Kysely, sql } from 'kysely';

// A wallet-to-wallet transfer in one call: the service sends one statement instead of eleven
// round trips. The rules a transfer keeps live here and nowhere else (docs/ledger.md):
//
// - the sender exists and is not locked; the recipient exists (a locked member can receive);
// - both wallets are locked in id order (as every other movement locks accounts);
// - one journal entry per idempotency key: the same key for the same request returns the
//   first entry (duplicate), for another request raises idempotency-conflict;
// - two postings, two guarded balance updates: a wallet never goes below its floor
//   (`wallet_floor`: zero, or the savings held for an open loan);
// - the day's outflow, this transfer included, stays within the limit (checked under the locks);
// - both SMS are queued in the same transaction.
//
// A refusal is raised with SQLSTATE SX001 and the refusal's code as the message (the service
// maps it to MoneyError or LedgerError); it rolls the whole statement back.
//
// `wallet_outflow_since` is what a wallet sent out since a time, net of reversals: the one
// definition of the daily outflow, used by this function and by the payout and airtime holds.
export async function up(db: Kysely<any>): Promise<void> {
  // The least a wallet may keep after money out: zero here; savings held for a loan raise it
  // (migration 2026-12-01T07-10 redefines it).
  await sql`
    create function wallet_floor(p_account uuid) returns int8
    language sql stable as $$ select 0::int8 $$`.execute(db);

  await sql`
    create function wallet_outflow_since(p_wallet uuid, p_since timestamptz) returns int8
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

  await sql`
    create function ledger_transfer(
      p_from_member uuid,
      p_to_member uuid,
      p_amount int8,
      p_idempotency_key text,
      p_currency text,
      p_now timestamptz,
      p_day_start timestamptz,
      p_daily_limit int8,
      out entry_id uuid,
      out duplicate boolean,
      out from_balance int8,
      out to_balance int8)
    language plpgsql as $$
    declare
      v_sender members%rowtype;
      v_recipient members%rowtype;
      v_from uuid;
      v_to uuid;
      v_wallet record;
      v_kind text;
      v_same boolean;
    begin
      if p_amount <= 0 then
        raise exception 'unbalanced-entry' using errcode = 'SX001', detail = 'a transfer moves a positive amount';
      end if;
      if p_from_member = p_to_member then
        raise exception 'self-transfer' using errcode = 'SX001', detail = 'cannot send to oneself';
      end if;

      select * into v_sender from members where id = p_from_member;
      if not found then
        raise exception 'unknown-member' using errcode = 'SX001', detail = format('no member %s', p_from_member);
      end if;
      if v_sender.locked_until is not null and v_sender.locked_until > p_now then
        raise exception 'member-locked' using errcode = 'SX001', detail = format('member %s is locked', p_from_member);
      end if;
      -- A locked member cannot move money, but can still receive it.
      select * into v_recipient from members where id = p_to_member;
      if not found then
        raise exception 'unknown-member' using errcode = 'SX001', detail = format('no member %s', p_to_member);
      end if;

      for v_wallet in
        select a.id, a.member_id from accounts a
        where a.kind = 'wallet' and a.member_id in (p_from_member, p_to_member)
        order by a.id
        for update
      loop
        if v_wallet.member_id = p_from_member then v_from := v_wallet.id; else v_to := v_wallet.id; end if;
      end loop;
      if v_from is null then
        raise exception 'unknown-account' using errcode = 'SX001', detail = format('member %s has no wallet', p_from_member);
      end if;
      if v_to is null then
        raise exception 'unknown-account' using errcode = 'SX001', detail = format('member %s has no wallet', p_to_member);
      end if;

      insert into journal_entries (idempotency_key, kind, memo)
      values (p_idempotency_key, 'transfer', v_sender.full_name || ' -> ' || v_recipient.full_name)
      on conflict (idempotency_key) do nothing
      returning id into entry_id;

      if entry_id is null then
        -- A key is a promise about one request: the same key for another movement is a bug or a
        -- replay, never a reason to report the earlier movement as this one's success.
        select e.id, e.kind into entry_id, v_kind from journal_entries e where e.idempotency_key = p_idempotency_key;
        select v_kind = 'transfer'
           and count(*) = 2
           and count(*) filter (where p.account_id = v_from and p.amount = p_amount) = 1
           and count(*) filter (where p.account_id = v_to and p.amount = -p_amount) = 1
          into v_same
          from postings p where p.entry_id = ledger_transfer.entry_id;
        if not v_same then
          raise exception 'idempotency-conflict' using errcode = 'SX001',
            detail = format('transfer: key %s already names a different entry', p_idempotency_key);
        end if;
        duplicate := true;
        select a.balance into from_balance from accounts a where a.id = v_from;
        select a.balance into to_balance from accounts a where a.id = v_to;
        return;
      end if;
      duplicate := false;

      insert into postings (entry_id, account_id, amount, entry_kind)
      values (entry_id, v_from, p_amount, 'transfer'), (entry_id, v_to, -p_amount, 'transfer');

      -- Balances on their normal side (a wallet is credit-normal: a debit lowers it), guarded.
      if v_from < v_to then
        update accounts a set balance = a.balance + case when a.normal_side = 'debit' then p_amount else -p_amount end
          where a.id = v_from and (a.kind <> 'wallet' or a.balance + case when a.normal_side = 'debit' then p_amount else -p_amount end >= wallet_floor(a.id))
          returning a.balance into from_balance;
        update accounts a set balance = a.balance + case when a.normal_side = 'debit' then -p_amount else p_amount end
          where a.id = v_to
          returning a.balance into to_balance;
      else
        update accounts a set balance = a.balance + case when a.normal_side = 'debit' then -p_amount else p_amount end
          where a.id = v_to
          returning a.balance into to_balance;
        update accounts a set balance = a.balance + case when a.normal_side = 'debit' then p_amount else -p_amount end
          where a.id = v_from and (a.kind <> 'wallet' or a.balance + case when a.normal_side = 'debit' then p_amount else -p_amount end >= wallet_floor(a.id))
          returning a.balance into from_balance;
      end if;
      if from_balance is null then
        -- Below zero is too little; above zero but below the floor reaches savings held for a loan.
        if (select a.balance from accounts a where a.id = v_from) >= p_amount then
          raise exception 'held-for-loan' using errcode = 'SX001', detail = format('account %s: part is held for a loan', v_from);
        end if;
        raise exception 'insufficient-funds' using errcode = 'SX001', detail = format('account %s has too little', v_from);
      end if;

      -- The limit counts this transfer too: it is checked after the entry, under the wallets' locks.
      if wallet_outflow_since(v_from, p_day_start) > p_daily_limit then
        raise exception 'daily-limit' using errcode = 'SX001',
          detail = format('%s sent today, over %s', wallet_outflow_since(v_from, p_day_start), p_daily_limit);
      end if;

      insert into outbox (kind, payload, idempotency_key)
      values
        ('sms',
         jsonb_build_object('to', v_sender.phone, 'language', v_sender.language, 'template', 'transfer-sent',
           'params', jsonb_build_object('amount', p_amount::text, 'currency', p_currency,
             'name', v_recipient.full_name, 'balance', from_balance::text)),
         'sms:' || entry_id || ':sender'),
        ('sms',
         jsonb_build_object('to', v_recipient.phone, 'language', v_recipient.language, 'template', 'transfer-received',
           'params', jsonb_build_object('amount', p_amount::text, 'currency', p_currency,
             'name', v_sender.full_name, 'balance', to_balance::text)),
         'sms:' || entry_id || ':recipient')
      on conflict (idempotency_key) do nothing;
    end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function ledger_transfer(uuid, uuid, int8, text, text, timestamptz, timestamptz, int8)`.execute(db);
  await sql`drop function wallet_outflow_since(uuid, timestamptz)`.execute(db);
  await sql`drop function wallet_floor(uuid)`.execute(db);
}
