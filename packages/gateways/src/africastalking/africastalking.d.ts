// The part of the `africastalking` SDK (0.8.x, CommonJS, untyped) that the adapters use.
// Replies are typed `unknown` on purpose: the adapters read them defensively.
declare module 'africastalking' {
  namespace AfricasTalking {
    interface Credentials {
      readonly username: string;
      readonly apiKey: string;
      readonly format?: 'json' | 'xml';
    }

    interface SmsOptions {
      readonly to: string | readonly string[];
      readonly message: string;
      readonly from?: string;
      readonly enqueue?: boolean;
    }

    interface AirtimeRecipient {
      readonly phoneNumber: string;
      readonly currencyCode: string;
      /** A number, or a decimal string the SDK reads as one. */
      readonly amount: number | string;
    }

    interface AirtimeOptions {
      readonly recipients: readonly AirtimeRecipient[];
      /** Sent as the `Idempotency-Key` header. */
      readonly idempotencyKey?: string;
      readonly maxNumRetry?: number;
    }

    interface CallOptions {
      readonly callFrom: string;
      readonly callTo: string | readonly string[];
      readonly clientRequestId?: string;
    }

    interface Client {
      readonly SMS: { send(options: SmsOptions): Promise<unknown> };
      readonly AIRTIME: { send(options: AirtimeOptions): Promise<unknown> };
      readonly VOICE: { call(options: CallOptions): Promise<unknown> };
    }
  }

  function AfricasTalking(credentials: AfricasTalking.Credentials): AfricasTalking.Client;

  export = AfricasTalking;
}
