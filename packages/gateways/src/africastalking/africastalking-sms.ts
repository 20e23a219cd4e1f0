import AfricasTalking from 'africastalking';
import { PermanentGatewayError, type SmsPort } from '../ports.js';
import { asObject, toGatewayError } from './africastalking-errors.js';

export interface AfricasTalkingSmsOptions {
  readonly username: string;
  readonly apiKey: string;
  /** Sender ID or short code; Africa's Talking's default when absent. */
  readonly from?: string;
}

/**
 * The SMS port over Africa's Talking's SDK (`SMS.send`). A recipient statusCode of 100-102 is
 * accepted; 4xx codes (InvalidPhoneNumber, UserInBlacklist, InsufficientBalance...) are
 * PermanentGatewayError with the status name as provider code; 5xx codes and transport
 * failures are transient. The API takes no idempotency key: a retried message may arrive twice.
 */
export function createAfricasTalkingSms(options: AfricasTalkingSmsOptions): SmsPort {
  const sms = AfricasTalking({ username: options.username, apiKey: options.apiKey }).SMS;
  return {
    async send(message) {
      let reply: unknown;
      try {
        reply = await sms.send({
          to: message.to,
          message: message.text,
          ...(options.from === undefined ? {} : { from: options.from }),
        });
      } catch (error) {
        throw toGatewayError(error, 'SMS');
      }
      return readSmsReply(reply);
    },
  };
}

function readSmsReply(reply: unknown): { providerMessageId: string | undefined } {
  const data = asObject(asObject(reply).SMSMessageData);
  const recipients = Array.isArray(data.Recipients) ? data.Recipients : [];
  const recipient = asObject(recipients[0]);
  const statusCode = recipient.statusCode;
  const status = typeof recipient.status === 'string' ? recipient.status : String(data.Message ?? 'no recipient');
  // No recipient at all: the whole request was refused (e.g. Message "InvalidSenderId").
  if (typeof statusCode !== 'number') throw new PermanentGatewayError(`SMS refused: ${status}`, status);
  if (statusCode >= 500) throw new Error(`SMS failed for now: ${statusCode} ${status}`);
  if (statusCode >= 400) throw new PermanentGatewayError(`SMS refused: ${statusCode} ${status}`, status);
  const messageId = recipient.messageId;
  return { providerMessageId: typeof messageId === 'string' && messageId !== 'None' ? messageId : undefined };
}
