import {
  answerFor,
  catalogs,
  ivrMachine,
  LANGUAGES,
  type Language,
  type MessageKey,
  PHONE_PLACEHOLDER,
  renderSessionScreen,
  type ScreenKey,
  SESSION_CALLERS,
  SESSION_INPUTS,
  STUDIO_SETTINGS,
  sampleContext,
  sampleInput,
  sessionWalkKey,
  studioSessionMachine,
  translate,
  worstContext,
} from '@sacco/journeys';
import type { AnyStateNode } from 'xstate';
import type { StudioChart, StudioModel } from './contracts.js';

/** Who dials the USSD service in the model-based tests, and what the bank answers each of them. */
const sessionModel: StudioModel = {
  scenarios: SESSION_CALLERS.map(({ id, description }) => ({
    id,
    description,
    input: sampleInput(PHONE_PLACEHOLDER),
    answer: answerFor(id),
  })),
  inputs: SESSION_INPUTS,
  serialize: sessionWalkKey,
};

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
  renderWorst(stateNode: AnyStateNode, language: Language) {
    const screen = screenOf(stateNode);
    if (screen === undefined) return undefined;
    return renderSessionScreen(screen as ScreenKey, worstContext(stateNode, language), STUDIO_SETTINGS);
  },
  catalog: catalogs,
  shownKeyPrefix: 'screen.',
  paged: ['screen.account.statement.show', 'screen.loans.status'],
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
  engineKeys: ['ivr.missed', 'ivr.noKey', 'ivr.sorry', 'ivr.callBack', 'ivr.callBackUnnamed'],
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
