import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

export interface DialerOptions {
  /** The service's base URL, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  readonly phone: string;
  readonly serviceCode: string;
  /** The gateway routes' `WEBHOOK_TOKEN`, when the service has one. */
  readonly token?: string;
  readonly input: Readable;
  readonly output: Writable;
}

interface Session {
  id: string;
  text: string;
  ended: boolean;
}

const HELP = 'Type a reply and press Enter. :reset dials again, :phone <number> changes the phone, :quit leaves.';

/**
 * The terminal simulator: a phone in a shell. Each line is one hop to the real
 * `POST /ussd/callback`, exactly as the gateway sends it (one session id per dial, `text`
 * growing by `*input`); each reply is printed with the state the service reports.
 */
export async function runDialer(options: DialerOptions): Promise<void> {
  let phone = options.phone;
  let session: Session = { id: '', text: '', ended: true };
  const print = (line: string) => options.output.write(`${line}\n`);
  const callback = `${options.url.replace(/\/$/, '')}/ussd/callback${
    options.token === undefined ? '' : `?token=${encodeURIComponent(options.token)}`
  }`;

  async function hop() {
    const response = await fetch(callback, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        sessionId: session.id,
        serviceCode: options.serviceCode,
        phoneNumber: phone,
        networkCode: '63902',
        text: session.text,
      }),
    });
    const reply = await response.text();
    if (!response.ok) {
      print(`! the service answered ${response.status}: ${reply}`);
      session.ended = true;
      return;
    }
    const state = response.headers.get('x-ussd-state') ?? 'state not reported (is the studio on?)';
    session.ended = reply.startsWith('END ');
    print(`\n-- ${phone} · ${state}`);
    print(reply);
    if (session.ended) print('-- session over: press Enter to dial again, :quit to leave');
  }

  /** A new session; `shortcut` is what a dial like *384*303*6*1# puts in the first `text`. */
  function dial(shortcut = '') {
    session = { id: `ATUid_dial_${randomUUID()}`, text: shortcut, ended: false };
    return hop();
  }

  async function handle(line: string): Promise<boolean> {
    const trimmed = line.trim();
    if (trimmed === ':quit' || trimmed === ':q') return false;
    if (trimmed === ':help') print(HELP);
    else if (trimmed === ':reset') await dial();
    else if (trimmed.startsWith(':phone')) {
      const next = trimmed.slice(':phone'.length).trim();
      if (/^\+?\d{9,15}$/.test(next)) {
        phone = next;
        await dial();
      } else print('! usage: :phone +254711000111');
    } else if (trimmed.startsWith(':')) print(`! unknown command ${trimmed}. ${HELP}`);
    else if (session.ended) await dial(trimmed);
    else {
      session.text = session.text === '' ? trimmed : `${session.text}*${trimmed}`;
      await hop();
    }
    return true;
  }

  print(`Dialling ${options.serviceCode} from ${phone} at ${options.url}. ${HELP}`);
  const lines = createInterface({ input: options.input, terminal: false });
  // Taken before the first hop: lines typed (or piped) while it runs are buffered, not lost.
  const typed = lines[Symbol.asyncIterator]();
  try {
    await dial();
    for (;;) {
      options.output.write('> ');
      const next = await typed.next();
      if (next.done === true || !(await handle(next.value))) break;
    }
  } catch (error) {
    print(`! ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    lines.close();
  }
  print('bye');
}
