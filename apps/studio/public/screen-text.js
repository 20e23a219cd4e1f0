// How a feature phone shows a USSD reply: the gateway's `CON `/`END ` is not shown, and the
// text is wrapped at the screen's width, on spaces where it can be.

/** Characters on one line of the handset: a Nokia 105-class screen in its USSD font. */
export const LINE_WIDTH = 24;

// GSM-7 extension characters cost two septets against the budget (an escape and the character).
const EXTENSION = new Set('^{}\\[~]|€\f');

/** What a reply costs against the carrier's budget, `CON `/`END ` included, as the service counts it. */
export function screenCost(raw) {
  let cost = 0;
  for (const ch of raw) cost += EXTENSION.has(ch) ? 2 : 1;
  return cost;
}

/** The reply without its `CON `/`END ` prefix, and whether the session ended with it. */
export function readReply(raw) {
  if (raw.startsWith('END ')) return { ended: true, text: raw.slice(4) };
  if (raw.startsWith('CON ')) return { ended: false, text: raw.slice(4) };
  return { ended: false, text: raw };
}

/** One line of text as the screen wraps it: on spaces, and a word wider than a line cut. */
function wrapLine(line, width) {
  const rows = [];
  let row = '';
  for (const word of line.split(' ')) {
    let rest = word;
    while ([...rest].length > width) {
      if (row !== '') rows.push(row);
      rows.push([...rest].slice(0, width).join(''));
      rest = [...rest].slice(width).join('');
      row = '';
    }
    if (row === '') row = rest;
    else if ([...row].length + 1 + [...rest].length <= width) row = `${row} ${rest}`;
    else {
      rows.push(row);
      row = rest;
    }
  }
  rows.push(row);
  return rows;
}

/** The text as the screen's rows, each at most `width` characters. */
export function wrapText(text, width = LINE_WIDTH) {
  return text.split('\n').flatMap((line) => wrapLine(line, width));
}
