// Sign-in and calls to the API with the bearer token kept in sessionStorage (shared with the other pages of this origin).
const tokenKey = 'servicegrid.accessToken';

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

export const token = () => sessionStorage.getItem(tokenKey);

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
  sessionStorage.setItem(tokenKey, body.accessToken);
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
