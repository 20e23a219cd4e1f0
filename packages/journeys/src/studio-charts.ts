import type { Language } from '@sacco/bank';
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { ivrMachine } from './ivr.machine.js';
import { catalogs, LANGUAGES, type MessageKey, type ScreenKey, translate } from './messages/catalog.js';
import { renderSessionScreen } from './session.app.js';
import { STUDIO_SETTINGS, sampleContext, studioSessionMachine } from './studio-samples.js';
import { type StudioModel, sessionModel } from './studio-world.js';

export type { EffectAnswer } from './effects/effect.js';
export { SAMPLE, STUDIO_SETTINGS } from './studio-samples.js';
export { PHONE_PLACEHOLDER, type StudioModel, type StudioScenario } from './studio-world.js';

/**
 * One chart of the studio: a machine, or one subtree of it, and how its states read. The
 * studio, the menu lint (`pnpm menus:lint`) and the model-based tests all iterate
 * `STUDIO_CHARTS`, so a machine listed here is drawn and linted with no other change, and
 * walked by the model-based tests when it has a `model` (USSD ones replayed over HTTP too).
 */
export interface StudioChart {
  /** Unique and URL-safe: `/studio/api/charts/<id>.svg`. */
  readonly id: string;
  readonly title: string;
  readonly machine: AnyStateMachine;
  /** The id of the state node drawn with its subtree, e.g. `session.deposit`; the whole machine when absent. */
  readonly root?: string;
  /** Draws the root's children as single boxes (an overview); their insides have charts of their own. */
  readonly collapsed?: boolean;
  /** `ussd`: screens within the character budget in GSM-7. `voice`: prompts spoken by the IVR. */
  readonly channel: 'ussd' | 'voice';
  readonly languages: readonly Language[];
  /** The catalog key a state shows (`meta.screen`, or `meta.prompt` for voice), if any. */
  messageKey(stateNode: AnyStateNode): string | undefined;
  /** The text a state shows or says in `language`, with sample values; undefined when it shows nothing. */
  render(stateNode: AnyStateNode, language: Language): string | undefined;
  /** Every message by language, for the lint: each key a state uses must exist in every language. */
  readonly catalog: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Keys with this prefix must each be shown by some state (e.g. `screen.`)... */
  readonly shownKeyPrefix: string;
  /** ...except these, which the engine itself says (a retry notice, an apology). */
  readonly engineKeys?: readonly string[];
  /** Keys of screens whose length depends on data; the engine pages them (98 More / 0 Back). */
  readonly paged: readonly string[];
  /** How the model-based tests walk the machine; machines shared by several charts share one. */
  readonly model?: StudioModel;
}

const screenOf = (stateNode: AnyStateNode) => {
  const screen = (stateNode.meta as { screen?: unknown } | undefined)?.screen;
  return typeof screen === 'string' ? screen : undefined;
};

const sessionChart = {
  machine: studioSessionMachine,
  channel: 'ussd',
  languages: LANGUAGES,
  messageKey: screenOf,
  render(stateNode: AnyStateNode, language: Language) {
    const screen = screenOf(stateNode);
    if (screen === undefined) return undefined;
    return renderSessionScreen(screen as ScreenKey, sampleContext(stateNode, language), STUDIO_SETTINGS);
  },
  catalog: catalogs,
  shownKeyPrefix: 'screen.',
  paged: ['screen.account.statement.show'],
  model: sessionModel,
} as const satisfies Omit<StudioChart, 'id' | 'title'>;

const promptOf = (stateNode: AnyStateNode) => {
  const prompt = (stateNode.meta as { prompt?: unknown } | undefined)?.prompt;
  return typeof prompt === 'string' ? prompt : undefined;
};

/** The call-back IVR: what each state says; the voice route speaks it. */
const ivrChart: StudioChart = {
  id: 'ivr',
  title: 'Voice IVR (call me back)',
  machine: ivrMachine,
  channel: 'voice',
  languages: LANGUAGES,
  messageKey: promptOf,
  render(stateNode, language) {
    const prompt = promptOf(stateNode);
    return prompt === undefined ? undefined : translate(language, prompt as MessageKey);
  },
  catalog: catalogs,
  shownKeyPrefix: 'ivr.',
  engineKeys: ['ivr.missed', 'ivr.sorry'],
  paged: [],
};

/** "sendMoney" -> "Send money". */
const titleOf = (key: string) => {
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

// Every top-level state that shows a screen or holds states is a journey with a chart of its
// own; the rest (dial-in, the final screens) appear on the overview.
const journeys = Object.entries(studioSessionMachine.root.states as Record<string, AnyStateNode>).filter(
  ([, node]) => node.type !== 'final' && (Object.keys(node.states).length > 0 || screenOf(node) !== undefined),
);

/** Every chart the studio draws: the USSD session as a whole, each of its journeys, and the IVR. */
export const STUDIO_CHARTS: readonly StudioChart[] = [
  { ...sessionChart, id: 'session', title: 'USSD session (overview)', collapsed: true },
  ...journeys.map(([key, node]) => ({ ...sessionChart, id: key, title: titleOf(key), root: node.id })),
  ivrChart,
];
