// Calls to the API; failures carry the problem details' `detail` so pages can show it as it is.
export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

async function answer(response) {
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  if (!response.ok) throw new ApiError(response.status, body?.detail ?? response.statusText);
  return body;
}

export const getJson = async path => answer(await fetch(path, { headers: { accept: 'application/json' } }));

export const postJson = async (path, body, actor) => answer(await fetch(path, {
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/json', 'x-actor': actor },
  body: JSON.stringify(body),
}));
