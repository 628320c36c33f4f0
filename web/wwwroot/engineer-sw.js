// The engineer app's service worker: the app shell and the vendored libraries come from the network when there is
// one (and refresh the cache), from the cache when there is none, so the app opens in a basement. The API is never
// cached here: the app keeps its own copy of its jobs, and its actions wait in the IndexedDB outbox.
const cacheName = 'servicegrid-engineer-v1';
const shell = [
  '/engineer', '/engineer/app.js', '/engineer/outbox.js', '/engineer/session.js', '/engineer/app.css',
  '/engineer/manifest.json', '/engineer/icon-192.png', '/engineer/icon-512.png', '/engineer/config',
  '/lib/signalr/signalr.min.js', '/lib/leaflet/leaflet.js', '/lib/leaflet/leaflet.css',
  '/lib/leaflet/images/marker-icon.png', '/lib/leaflet/images/marker-shadow.png',
  '/lib/signature_pad/signature_pad.umd.min.js', '/lib/idb/idb.umd.js',
];

self.addEventListener('install', event => {
  event.waitUntil(caches.open(cacheName).then(cache => cache.addAll(shell)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== cacheName) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', event => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/hubs/')) return;
  event.respondWith((async () => {
    const cache = await caches.open(cacheName);
    try {
      const response = await fetch(event.request);
      if (response.ok) await cache.put(event.request, response.clone());
      return response;
    } catch (offline) {
      const cached = await cache.match(event.request, { ignoreSearch: true });
      if (cached) return cached;
      throw offline;
    }
  })());
});
