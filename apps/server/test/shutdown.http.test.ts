import { once } from 'node:events';
import { connect } from 'node:net';
import { loadConfig } from '@sacco/config';
import { describe, expect, it } from 'vitest';
import { startService } from '../src/service.js';
import { eventually } from './support/eventually.js';
import { gatewaySession, registerByUssd } from './support/gateway.js';
import { startTestApp, startTestService } from './support/test-app.js';

const gauge = async (service: { metrics: { registry: { getSingleMetric(name: string): unknown } } }, name: string) => {
  const metric = service.metrics.registry.getSingleMetric(name) as { get(): Promise<{ values: { value: number }[] }> };
  return (await metric.get()).values[0]?.value ?? 0;
};

describe('shutdown (what SIGTERM runs)', () => {
  it('answers the hop in flight and finishes the outbox batch under way before it stops', async () => {
    // A slow provider reply keeps the deposit prompt's delivery in flight; a costly PIN hash, the hop.
    const base = await startTestApp({
      FAKE_DARAJA_REPLY_DELAY_MS: '1500',
      FAKE_PAYMENTS_DELAY_MS: '20',
      OUTBOX_POLL_MS: '50',
    });
    const config = loadConfig({ ...base.env, PORT: '0' });
    const service = await startService({
      config,
      logger: base.logger,
      runtime: base.runtime,
      port: 0,
      host: '127.0.0.1',
    });
    try {
      const phone = '+254711700001';
      await registerByUssd(service.app, phone);
      const session = gatewaySession(service.app, { phone });
      await session.dial('1');
      await session.send('300');
      expect(await session.send('1')).toMatch(/^END You will receive an M-Pesa prompt/);
      await eventually(async () => {
        const [row] = await base.database.db
          .selectFrom('outbox')
          .select('status')
          .where('kind', '=', 'mobile-money.deposit')
          .execute();
        expect(row?.status).toBe('sending');
      });

      // A balance hop over real HTTP, caught while its PIN is being checked.
      const body = new URLSearchParams({
        sessionId: 'ATUid_shutdown-1',
        serviceCode: '*384*303#',
        phoneNumber: phone,
        text: '6*1*4826',
      });
      const inFlight = fetch(`${service.localUrl}/ussd/callback`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      await eventually(async () => expect(await gauge(service, 'sacco_pin_hash_queue_depth')).toBe(1), 3_000).catch(
        () => undefined,
      );
      await service.close();

      const reply = await inFlight;
      expect(reply.status).toBe(200);
      expect(await reply.text()).toMatch(/^(CON|END) /);
      const rows = await base.database.db.selectFrom('outbox').select(['kind', 'status']).execute();
      expect(rows.filter((row) => row.status === 'sending')).toEqual([]);
    } finally {
      await base.close();
    }
  });

  it('closes a keep-alive connection whose request was in flight as soon as it is answered', async () => {
    const t = await startTestService();
    const port = new URL(t.service.localUrl).port;
    const body = new URLSearchParams({
      sessionId: 'ATUid_shutdown-2',
      serviceCode: '*384*303#',
      phoneNumber: '+254711700002',
      text: '',
    }).toString();
    // A gateway connection kept alive, its hop in flight when shutdown begins: the headers are
    // in, the body not yet.
    const socket = connect(Number(port), '127.0.0.1');
    socket.setEncoding('utf8');
    let received = '';
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    const closedByServer = once(socket, 'close');
    const routed = once(t.service.app.server, 'request');
    socket.write(
      'POST /ussd/callback HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n' +
        `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    await routed;
    try {
      const started = Date.now();
      const closing = t.service.close();
      socket.write(body);
      await closing;
      // Not the keep-alive timeout (72 s): shutdown has its own deadline to meet.
      expect(Date.now() - started).toBeLessThan(5_000);
      await closedByServer;
      expect(received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(received).toMatch(/\r\n\r\n(CON|END) /);
    } finally {
      socket.destroy();
      await t.close();
    }
  }, 20_000);
});
