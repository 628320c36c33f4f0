// Sign-in for the pages: a token from POST /api/auth/token, kept for this tab only (sessionStorage) until it expires.
const key = 'servicegrid.token';
let pending = null;

/** The bearer token; asks the user to sign in when there is none or it has expired. */
export function token(suggestedUser) {
  const saved = JSON.parse(sessionStorage.getItem(key) ?? 'null');
  if (saved && Date.parse(saved.expiresAt) > Date.now() + 30_000) return Promise.resolve(saved.accessToken);
  pending ??= signIn(suggestedUser).finally(() => { pending = null; });
  return pending;
}

/** Drops a token the server refused, so the next call signs in again. */
export const forget = () => sessionStorage.removeItem(key);

function signIn(suggestedUser) {
  const dialog = document.getElementById('sign-in') ?? createDialog();
  const form = dialog.querySelector('form');
  const error = dialog.querySelector('.error');
  if (suggestedUser && !form.username.value) form.username.value = suggestedUser;
  dialog.showModal();
  return new Promise(resolve => {
    form.onsubmit = async event => {
      event.preventDefault();
      const response = await fetch('/api/auth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: form.username.value, password: form.password.value }),
      });
      if (!response.ok) {
        error.textContent = (await response.json().catch(() => null))?.detail ?? 'Sign-in failed.';
        return;
      }
      const answer = await response.json();
      sessionStorage.setItem(key, JSON.stringify(answer));
      dialog.close();
      resolve(answer.accessToken);
    };
  });
}

function createDialog() {
  document.body.insertAdjacentHTML('beforeend', `
    <dialog id="sign-in" aria-labelledby="sign-in-title">
      <form method="dialog">
        <h2 id="sign-in-title">Sign in to ServiceGrid</h2>
        <label>User <input id="sign-in-username" name="username" autocomplete="username" required></label>
        <label>Password <input id="sign-in-password" name="password" type="password" autocomplete="current-password" required></label>
        <p class="error" role="alert"></p>
        <button id="sign-in-submit">Sign in</button>
      </form>
    </dialog>`);
  return document.getElementById('sign-in');
}
