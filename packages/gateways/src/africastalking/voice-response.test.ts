import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { voiceResponse } from './voice-response.js';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });

describe('voiceResponse', () => {
  it('writes GetDigits with its Say inside, then the next action', () => {
    const xml = voiceResponse([
      {
        getDigits: {
          say: 'Press 1 for sales',
          timeoutSeconds: 10,
          numDigits: 1,
          callbackUrl: 'https://x.example/voice/callback?token=a&b',
        },
      },
      { redirect: 'https://x.example/voice/callback?token=a&b' },
    ]);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parser.parse(xml);
    expect(doc.Response.GetDigits).toMatchObject({
      '@timeout': '10',
      '@numDigits': '1',
      '@finishOnKey': '#',
      '@callbackUrl': 'https://x.example/voice/callback?token=a&b',
      Say: { '#text': 'Press 1 for sales', '@voice': 'woman', '@playBeep': 'false' },
    });
    expect(doc.Response.Redirect).toBe('https://x.example/voice/callback?token=a&b');
  });

  it('escapes text and attributes', () => {
    const xml = voiceResponse([
      { say: 'Tom & "Jerry" <x>' },
      { dial: { phoneNumbers: ['+254711000111', 'a"b@sip'], ringbackTone: 'https://t/x.mp3?a=1&b=2' } },
    ]);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parser.parse(xml);
    expect(doc.Response.Say['#text']).toBe('Tom & "Jerry" <x>');
    expect(doc.Response.Dial['@phoneNumbers']).toBe('+254711000111,a"b@sip');
    expect(doc.Response.Dial['@ringbackTone']).toBe('https://t/x.mp3?a=1&b=2');
  });
});
