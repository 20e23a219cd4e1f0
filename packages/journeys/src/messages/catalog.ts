import type { Language } from '@sacco/bank';
import { fillTemplate, type ParamSource } from '@sacco/ussd';
import { en, type MessageKey } from './en.js';
import { sw } from './sw.js';

export type { MessageKey };
export const LANGUAGES: readonly Language[] = ['en', 'sw'];
export const catalogs: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = { en, sw };

export function translate(language: Language, key: MessageKey, params: ParamSource = {}): string {
  return fillTemplate(catalogs[language][key], params);
}

export type ScreenKey = Extract<MessageKey, `screen.${string}`>;
export type ErrorKey = Extract<MessageKey, `error.${string}`>;
export type NoticeKey = Extract<MessageKey, `notice.${string}`>;
