// Africa's Talking voice XML read as a caller hears it: what is said, whether a key is awaited,
// where the call is put through.

const sayOf = (element) => element.querySelector('Say')?.textContent?.trim() ?? '';

/**
 * The actions of a `<Response>`: `said` (every Say, in order, GetDigits' own included),
 * `getDigits` ({ numDigits, timeoutSeconds, finishOnKey }) when a key is awaited, `dial` (the
 * numbers) when the call is put through, and `ends` when nothing follows what is said, so the
 * gateway hangs up.
 */
export function readVoiceXml(xml) {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const response = doc.querySelector('Response');
  if (response === null || doc.querySelector('parsererror') !== null) throw new Error('The IVR answered no voice XML.');
  const said = [];
  let getDigits;
  let dial;
  let redirect = false;
  for (const action of response.children) {
    if (action.tagName === 'Say') said.push(action.textContent.trim());
    else if (action.tagName === 'GetDigits') {
      said.push(sayOf(action));
      getDigits = {
        numDigits: Number(action.getAttribute('numDigits') ?? 1),
        timeoutSeconds: Number(action.getAttribute('timeout') ?? 30),
        finishOnKey: action.getAttribute('finishOnKey') ?? '#',
      };
    } else if (action.tagName === 'Dial') dial = (action.getAttribute('phoneNumbers') ?? '').split(',');
    else if (action.tagName === 'Redirect') redirect = true;
  }
  const heard = said.filter((text) => text !== '');
  return { said: heard, getDigits, dial, redirect, ends: getDigits === undefined && dial === undefined && !redirect };
}
