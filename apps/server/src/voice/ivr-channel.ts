import type { Language } from '@sacco/bank';
import type { Config } from '@sacco/config';
import { type VoiceAction, voiceResponse } from '@sacco/gateways';
import { type IvrContext, type IvrMachine, type IvrMeta, ivrStateOf, translate } from '@sacco/journeys';
import { type ChannelCodec, createSessionEngine, type SessionBackend } from '@sacco/ussd';
import type { AnyMachineSnapshot } from 'xstate';

/** One request of a live call. */
export interface IvrRequest {
  readonly sessionId: string;
  readonly callerNumber: string;
  /** The keys pressed; undefined (or blank) when the caller pressed none. */
  readonly digits: string | undefined;
  /** Where the gateway posts the next request of the call. */
  readonly callbackUrl: string;
  /** A call we placed (a call-back the member asked for), not one the member made. */
  readonly outbound?: boolean;
}

export type IvrSettings = Pick<
  Config,
  'IVR_DIGITS_TIMEOUT_SECONDS' | 'IVR_SALES_DESTINATION' | 'IVR_SUPPORT_DESTINATION' | 'IVR_RINGBACK_URL' | 'SACCO_NAME'
>;

export interface IvrEngineOptions {
  readonly machine: IvrMachine;
  readonly backend: SessionBackend;
  readonly defaultLanguage: Language;
  readonly ttlMs: number;
  readonly deadlineMs: number;
  readonly settings: IvrSettings;
}

// Bump when a change to the IVR machine makes old snapshots unsafe to resume.
const VERSION = 2;

/** The actions the gateway gets for where the IVR is. */
export function ivrActions(
  meta: IvrMeta,
  context: IvrContext,
  callbackUrl: string,
  settings: IvrSettings,
): VoiceAction[] {
  const say = (key: IvrMeta['prompt']) => translate(context.language, key);
  switch (meta.action) {
    case 'digit': {
      const miss = context.silent === true ? say('ivr.noKey') : say('ivr.missed');
      // A call-back starts by saying who calls and why; a miss starts with what went wrong. Without
      // SACCO_NAME it names nobody, rather than an English placeholder inside a Kiswahili sentence.
      const callBack =
        settings.SACCO_NAME === undefined
          ? say('ivr.callBackUnnamed')
          : say('ivr.callBack').replace('{sacco}', settings.SACCO_NAME);
      const greeting = context.callBack === true ? `${callBack} ` : '';
      const prompt = context.missed ? `${miss} ${say('ivr.menu')}` : `${greeting}${say('ivr.menu')}`;
      return [
        {
          getDigits: {
            say: prompt,
            timeoutSeconds: settings.IVR_DIGITS_TIMEOUT_SECONDS,
            numDigits: 1,
            finishOnKey: '#',
            callbackUrl,
          },
        },
        // Reached only when no key was pressed: back to us, which counts it as a miss.
        { redirect: callbackUrl },
      ];
    }
    case 'dial': {
      const destination =
        meta.destination === 'sales' ? settings.IVR_SALES_DESTINATION : settings.IVR_SUPPORT_DESTINATION;
      return [
        { say: say(meta.prompt) },
        {
          dial: {
            phoneNumbers: [destination],
            ...(settings.IVR_RINGBACK_URL === undefined ? {} : { ringbackTone: settings.IVR_RINGBACK_URL }),
            record: false,
            sequential: true,
            maxDurationSeconds: 1_800,
          },
        },
      ];
    }
    default:
      return [{ say: say(meta.prompt) }];
  }
}

/**
 * The voice channel's codec: a key press (or none) in, voice XML out. The first request of a
 * call starts the IVR; a later one with digits is a key press, one without means no key was
 * pressed. Calls bind no caller and count toward no rate limit (the gateway places them).
 */
export function createIvrCodec(options: IvrEngineOptions): ChannelCodec<IvrRequest, string, null, string> {
  const languageOf = (snapshot: AnyMachineSnapshot | undefined): Language =>
    (snapshot?.context as IvrContext | undefined)?.language ?? options.defaultLanguage;
  return {
    space: 'voice',
    app: { machineId: 'ivr', version: VERSION, machine: options.machine },
    hop(request) {
      return {
        sessionId: request.sessionId,
        caller: undefined,
        rateKey: undefined,
        inputs: [],
        machineInput: () => ({
          sessionId: request.sessionId,
          callerNumber: request.callerNumber,
          defaultLanguage: options.defaultLanguage,
          callBack: request.outbound === true,
        }),
        // The first request of a call carries no key press.
        read: (record) => ({ kind: 'play', inputs: record === undefined ? [] : [request.digits?.trim() ?? ''] }),
        feed: (_snapshot, digits) => ({ event: digits === '' ? { type: 'NO_INPUT' } : { type: 'DIGITS', digits } }),
        render(snapshot) {
          const state = ivrStateOf(snapshot);
          if (state === undefined) throw new Error(`IVR state ${JSON.stringify(snapshot.value)} has no prompt`);
          const actions = ivrActions(state.meta, snapshot.context as IvrContext, request.callbackUrl, options.settings);
          // The state's id, as USSD reports it: the log line and the studio's `x-ivr-state` name it.
          return { reply: voiceResponse(actions), view: null, done: snapshot.status !== 'active', state: state.id };
        },
        apology: (_message, snapshot) => voiceResponse([{ say: translate(languageOf(snapshot), 'ivr.sorry') }]),
      };
    },
  };
}

/** Voice callbacks through the IVR machine, on the same session engine (store, lock) as USSD. */
export function createIvrEngine(options: IvrEngineOptions) {
  const engine = createSessionEngine({
    codec: createIvrCodec(options),
    backend: options.backend,
    sessionTtlMs: options.ttlMs,
    deadlineMs: options.deadlineMs,
  });
  return {
    run: engine.run,
    /** What the caller chose, read once the call has ended (for the call record). */
    choiceOf: (sessionId: string): Promise<'sales' | 'support' | null> =>
      engine.peek(sessionId, (record) => {
        const value = (record?.snapshot as { value?: unknown } | null | undefined)?.value;
        return value === 'sales' || value === 'support' ? value : null;
      }),
  };
}

export type IvrEngine = ReturnType<typeof createIvrEngine>;
