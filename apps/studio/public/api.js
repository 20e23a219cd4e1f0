// Talks to the service the page came from: the studio's own API and the real gateway routes.

let token = '';

/** The webhook token the gateway routes want, when the service has one (typed by the operator). */
export function setToken(value) {
  token = value.trim();
}

/** A gateway route's URL, with `?token=` when one was given. */
export function gatewayUrl(path) {
  return token === '' ? path : `${path}?token=${encodeURIComponent(token)}`;
}

export async function getJson(url) {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

export async function getText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.text();
}
