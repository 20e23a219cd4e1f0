import type { FakeProvider } from '@sacco/config';
import type { FastifyInstance } from 'fastify';
import type { FakeProviders } from '../providers.js';
import type { GatewayGuard } from '../webhook-token.js';

export interface FakeProviderOptions {
  /** The fakes in use, once the providers are open (undefined with the real providers). */
  readonly fakes: () => FakeProviders | undefined;
  /** The fakes config chose: only they get routes (the app registers none without fakes). */
  readonly fakeProviders: readonly FakeProvider[];
  readonly gatewayGuard: GatewayGuard;
}

const json = (value: unknown) =>
  JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));

/**
 * What the fake providers did (SMS "sent", payments asked for, airtime) and, with
 * FAKE_PAYMENTS=manual, the operator's approve and decline buttons. Registered only where
 * fakes serve (app.ts): with real providers these routes do not exist. A decision route
 * exists only for its own fake (payments: mobile-money; airtime: africastalking).
 */
export async function fakeProviderRoutes(app: FastifyInstance, options: FakeProviderOptions) {
  const hooks = { onRequest: options.gatewayGuard };

  app.get('/fake-provider', hooks, async () => {
    // Before the providers open (or in an app built without them) the fakes have done nothing yet.
    const fakes = options.fakes();
    return json({
      sms: fakes?.sms?.sent() ?? [],
      payments: { pending: fakes?.daraja?.pending() ?? [], callbacks: fakes?.daraja?.callbacks() ?? [] },
      airtime: { sent: fakes?.airtime?.sent() ?? [], pending: fakes?.airtime?.pending() ?? [] },
      calls: fakes?.voice?.sent() ?? [],
    });
  });

  const decisions = { payments: 'mobile-money', airtime: 'africastalking' } as const;
  for (const [kind, provider] of Object.entries(decisions)) {
    if (!options.fakeProviders.includes(provider)) continue;
    app.post<{ Params: { id: string; decision: string } }>(
      `/fake-provider/${kind}/:id/:decision`,
      hooks,
      async (request, reply) => {
        const { id, decision } = request.params;
        const fakes = options.fakes();
        const target = kind === 'payments' ? fakes?.daraja : fakes?.airtime;
        if (target === undefined || (decision !== 'approve' && decision !== 'decline')) {
          return reply.code(404).send({ error: 'Not Found', message: 'no such fake provider or decision' });
        }
        const done = decision === 'approve' ? target.approve(id) : target.decline(id);
        if (!done) return reply.code(404).send({ error: 'Not Found', message: `nothing pending under ${id}` });
        return { [decision === 'approve' ? 'approved' : 'declined']: id };
      },
    );
  }
}
