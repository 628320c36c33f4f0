// Calls to the API with the signed-in user's token; failures carry the problem details' `detail` as they are.
import { forget, token } from './auth.js';

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

/** The user the sign-in form suggests on this page (`hq`, `branch-{id}`). */
export const session = { user: 'hq' };

async function call(path, init, retry = true) {
  const response = await fetch(path, {
    ...init,
    headers: { accept: 'application/json', ...init.headers, authorization: `Bearer ${await token(session.user)}` },
  });
  if (response.status === 401 && retry) {
    forget();
    return call(path, init, false);
  }
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  if (!response.ok) throw new ApiError(response.status, body?.detail ?? response.statusText);
  return body;
}

export const getJson = path => call(path, {});

export const postJson = (path, body, headers = {}) =>
  call(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/** Public files (the map, the board's configuration) need no token. */
export async function getPublic(path) {
  const response = await fetch(path);
  if (!response.ok) throw new ApiError(response.status, response.statusText);
  return response.json();
}

export const putJson = (path, body) => call(path, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export const deleteJson = path => call(path, { method: 'DELETE' });
