// The engineer's sign-in, kept on the phone (localStorage) so that the app opens offline and replays its outbox once
// a signal returns; the engineer and branch come from the token's claims.
const key = 'servicegrid.engineer.session';

export function current() {
  const saved = JSON.parse(localStorage.getItem(key) ?? 'null');
  return saved && Date.parse(saved.expiresAt) > Date.now() + 30_000 ? saved : null;
}

/** The last session even when its token has expired: enough to show the cached jobs offline. */
export const last = () => JSON.parse(localStorage.getItem(key) ?? 'null');

export const forget = () => localStorage.removeItem(key);

/** Shows the sign-in form until the server accepts an engineer's credentials; answers the session. */
export function signIn() {
  const form = document.getElementById('sign-in');
  const error = form.querySelector('.error');
  form.hidden = false;
  const suggested = last()?.username;
  if (suggested && !form.username.value) form.username.value = suggested;
  return new Promise(resolve => {
    form.onsubmit = async event => {
      event.preventDefault();
      error.textContent = '';
      try {
        const response = await fetch('/api/auth/token', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: form.username.value.trim(), password: form.password.value }),
        });
        const answer = await response.json().catch(() => null);
        if (!response.ok) throw new Error(answer?.detail ?? 'Sign-in failed.');
        const claims = JSON.parse(atob(answer.accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
        if (claims.role !== 'engineer') throw new Error('This app is for field engineers.');
        const session = {
          accessToken: answer.accessToken, expiresAt: answer.expiresAt,
          username: claims.sub, engineerId: claims.engineer, branchId: claims.branch,
        };
        localStorage.setItem(key, JSON.stringify(session));
        form.hidden = true;
        form.password.value = '';
        resolve(session);
      } catch (failure) {
        error.textContent = navigator.onLine ? failure.message : 'No network: sign-in needs a signal.';
      }
    };
  });
}
