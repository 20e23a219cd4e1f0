/**
 * Africa's Talking voice actions, as the XML that answers a voice callback. Only what the IVR
 * uses; every text and attribute is escaped, so member data can never break the document.
 */
export type VoiceAction =
  | { readonly say: string; readonly voice?: 'man' | 'woman'; readonly playBeep?: boolean }
  | {
      readonly getDigits: {
        readonly say: string;
        readonly voice?: 'man' | 'woman';
        readonly timeoutSeconds: number;
        readonly numDigits: number;
        readonly finishOnKey?: string;
        readonly callbackUrl: string;
      };
    }
  | {
      readonly dial: {
        readonly phoneNumbers: readonly string[];
        readonly ringbackTone?: string;
        readonly record?: boolean;
        readonly sequential?: boolean;
        readonly maxDurationSeconds?: number;
      };
    }
  | { readonly redirect: string };

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] as string);

function attributes(values: Readonly<Record<string, string | number | boolean | undefined>>): string {
  return Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join('');
}

const say = (text: string, voice: string | undefined, playBeep?: boolean) =>
  `<Say${attributes({ voice: voice ?? 'woman', playBeep: playBeep ?? false })}>${escapeXml(text)}</Say>`;

function render(action: VoiceAction): string {
  if ('say' in action) return say(action.say, action.voice, action.playBeep);
  if ('getDigits' in action) {
    const g = action.getDigits;
    return `<GetDigits${attributes({
      timeout: g.timeoutSeconds,
      finishOnKey: g.finishOnKey ?? '#',
      numDigits: g.numDigits,
      callbackUrl: g.callbackUrl,
    })}>${say(g.say, g.voice)}</GetDigits>`;
  }
  if ('dial' in action) {
    const d = action.dial;
    return `<Dial${attributes({
      phoneNumbers: d.phoneNumbers.join(','),
      ringbackTone: d.ringbackTone,
      record: d.record,
      sequential: d.sequential,
      maxDuration: d.maxDurationSeconds,
    })}/>`;
  }
  return `<Redirect>${escapeXml(action.redirect)}</Redirect>`;
}

/** The XML body answering a voice callback with `actions`, in order. */
export function voiceResponse(actions: readonly VoiceAction[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${actions.map(render).join('')}</Response>`;
}
