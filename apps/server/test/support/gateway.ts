import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

export interface GatewayOptions {
  readonly phone: string;
  readonly sessionId?: string;
  readonly serviceCode?: string;
  readonly token?: string;
}

/** Posts one form-encoded USSD hop the way Africa's Talking does. */
export async function postHop(app: FastifyInstance, fields: Record<string, string>, token?: string) {
  return app.inject({
    method: 'POST',
    url: token === undefined ? '/ussd/callback' : `/ussd/callback?token=${encodeURIComponent(token)}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });
}

/**
 * One phone's USSD session as the gateway drives it: `text` grows by `*input` on every hop.
 * Each reply is checked to be what the gateway accepts (HTTP 200, `CON `/`END `).
 */
export function gatewaySession(app: FastifyInstance, options: GatewayOptions) {
  const sessionId = options.sessionId ?? `ATUid_${randomUUID()}`;
  let text = '';

  async function post(): Promise<string> {
    const response = await postHop(
      app,
      {
        sessionId,
        serviceCode: options.serviceCode ?? '*384*303#',
        phoneNumber: options.phone,
        networkCode: '63902',
        text,
      },
      options.token,
    );
    if (response.statusCode !== 200) throw new Error(`hop answered ${response.statusCode}: ${response.body}`);
    if (!/^(CON|END) /.test(response.body)) throw new Error(`not a USSD reply: ${response.body}`);
    return response.body;
  }

  return {
    sessionId,
    /** The first hop; `shortcut` is what `*384*303*6*1#` puts in `text` (`6*1`). */
    dial(shortcut = '') {
      text = shortcut;
      return post();
    },
    send(input: string) {
      text = text === '' ? input : `${text}*${input}`;
      return post();
    },
    /** The gateway delivering the last hop again. */
    repeat: () => post(),
  };
}

/** Registers a member through the USSD menus and returns the last screen. */
export async function registerByUssd(
  app: FastifyInstance,
  phone: string,
  member: { name?: string; city?: string; language?: '1' | '2'; pin?: string } = {},
) {
  const session = gatewaySession(app, { phone });
  await session.dial();
  await session.send(member.language ?? '1');
  await session.send(member.name ?? 'Jane Doe');
  await session.send(member.city ?? 'Nairobi');
  await session.send(member.pin ?? '4826');
  return session.send(member.pin ?? '4826');
}
