// Orleans' dashboard (/dashboard) fetches its figures itself and cannot send a bearer header: hand it this tab's token
// as a cookie limited to its path, then open it. The server accepts that cookie on /dashboard only, for HQ only.
import { token } from './auth.js';

document.getElementById('dashboard-link')?.addEventListener('click', async event => {
  event.preventDefault();
  const accessToken = await token('hq');
  const secure = location.protocol === 'https:' ? '; secure' : '';
  document.cookie = `servicegrid-dashboard=${accessToken}; path=/dashboard; samesite=strict${secure}`;
  location.href = '/dashboard/';
});
