import { randomBytes, randomInt } from 'node:crypto';
import { darajaTimestamp } from '../daraja/daraja-password.js';

// Ids in the shapes Daraja uses, so logs and tests look like production.

const RECEIPT_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const digits = (count: number) => Array.from({ length: count }, () => randomInt(10)).join('');

/** `1c5b-4ba8-815c-ac45c57a3db01495926` */
export const newRequestId = () => {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 12)}-${hex.slice(12)}${digits(3)}`;
};

/** `29115-34620561-1` */
export const newMerchantRequestId = () => `${digits(5)}-${digits(8)}-1`;

/** `ws_CO_191220191020363925`: prefix, Nairobi time, random digits. */
export const newCheckoutRequestId = (at: Date) => `ws_CO_${darajaTimestamp(at)}${digits(10)}`;

/** `AG_20191219_00005797af5d7d75f652` */
export const newConversationId = (at: Date) =>
  `AG_${darajaTimestamp(at).slice(0, 8)}_${randomBytes(10).toString('hex')}`;

/** `NLJ7RT61SV`: ten capitals and digits, starting with a letter. */
export const newReceipt = () =>
  Array.from({ length: 10 }, (_, index) => RECEIPT_ALPHABET[randomInt(index === 0 ? 26 : 36)]).join('');
