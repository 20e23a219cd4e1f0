import type { FastifyInstance } from 'fastify';
import type { FakeProviders } from '../providers.js';
import type { GatewayGuard } from '../webhook-token.js';

export interface FakeProviderOptions {
  /** The fakes in use, once the providers are open (undefined with the real providers). */
  readonly fakes: () => FakeProviders | undefined;
  readonly gatewayGuard: GatewayGuard;
}

const json = (value: unknown) =>
  JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));

/**
 * What the fake providers did (SMS "sent", payments asked for, airtime) and, with
 * FAKE_PAYMENTS=manual, the operator's approve and decline buttons. Only where the fakes
 * serve: with real providers these routes answer 404.
 */
export async function fakeProviderRoutes(app: FastifyInstance, options: FakeProviderOptions) {
  const hooks = { onRequest: options.gatewayGuard };

  app.get('/fake-provider', hooks, async (_request, reply) => {
    const fakes = options.fakes();
    if (fakes === undefined) return reply.code(404).send({ error: 'Not Found', message: 'no fake providers here' });
    return json({
      sms: fakes.sms?.sent() ?? [],
      payments: { pending: fakes.daraja?.pending() ?? [], callbacks: fakes.daraja?.callbacks() ?? [] },
      airtime: { sent: fakes.airtime?.sent() ?? [], pending: fakes.airtime?.pending() ?? [] },
      calls: fakes.voice?.sent() ?? [],
    });
  });

  app.post<{ Params: { kind: string; id: string; decision: string } }>(
    '/fake-provider/:kind/:id/:decision',
    hooks,
    async (request, reply) => {
      const { kind, id, decision } = request.params;
      const fakes = options.fakes();
      const target = kind === 'payments' ? fakes?.daraja : kind === 'airtime' ? fakes?.airtime : undefined;
      if (target === undefined || (decision !== 'approve' && decision !== 'decline')) {
        return reply.code(404).send({ error: 'Not Found', message: 'no such fake provider or decision' });
      }
      const done = decision === 'approve' ? target.approve(id) : target.decline(id);
      if (!done) return reply.code(404).send({ error: 'Not Found', message: `nothing pending under ${id}` });
      return { [decision === 'approve' ? 'approved' : 'declined']: id };
    },
  );
}
