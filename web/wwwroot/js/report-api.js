// Sign-in and calls to the API. The token is kept for this tab (sessionStorage) under the same key and in the same
// shape as the board pages keep it (js/auth.js), so signing in on one page signs in on the others.
const tokenKey = 'servicegrid.token';

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

/** The saved bearer token, or null when there is none or it is about to expire. */
export function token() {
  const saved = JSON.parse(sessionStorage.getItem(tokenKey) ?? 'null');
  return saved && Date.parse(saved.expiresAt) > Date.now() + 30_000 ? saved.accessToken : null;
}

export function signOut() {
  sessionStorage.removeItem(tokenKey);
}

export async function signIn(username, password) {
  const response = await fetch('/api/auth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = await answer(response);
  sessionStorage.setItem(tokenKey, JSON.stringify(body));
  return body;
}

async function answer(response) {
  const json = response.headers.get('content-type')?.includes('json');
  const body = json ? await response.json() : null;
  if (!response.ok) throw new ApiError(response.status, body?.detail ?? response.statusText);
  return body;
}

async function get(path, accept) {
  const response = await fetch(path, { headers: { accept, authorization: `Bearer ${token()}` } });
  if (response.status === 401) signOut();
  return response;
}

export const getJson = async path => answer(await get(path, 'application/json'));

export async function getText(path, accept) {
  const response = await get(path, accept);
  if (!response.ok) await answer(response);
  return response.text();
}
