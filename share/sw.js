// The share page's service worker (scope /s/, allowed by the server's Service-Worker-Allowed
// header): the page opens offline from a link or the home screen. build/stamp-sw.sh fills in
// BUILD_ID and ASSETS after each Trunk build; this source keeps the placeholders.
//
// Unlike the PRW app's worker it takes over at once: the page keeps no state a new build could
// upset. Its caches are named "share-page-*" so the app's worker, which clears "peerline-*" caches,
// never touches them, and it clears only its own old ones. The answer itself is not cached here:
// the page stores it in localStorage and recomputes it as time passes.
'use strict';

const BUILD_ID = 'dev';
const ASSETS = ['/share/index.html'];
const CACHE = 'share-page-' + BUILD_ID;
const SHELL = '/share/index.html';
// A navigation that has not answered within this time is served from the cache.
const NAVIGATION_TIMEOUT_MS = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names.filter((name) => name.startsWith('share-page-') && name !== CACHE).map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request));
  } else if (ASSETS.includes(url.pathname)) {
    event.respondWith(cacheFirst(request));
  }
});

// Navigations: the network's page when it answers in time, else this build's copy.
async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  const network = fetch(request);
  const timeout = new Promise((resolve) => setTimeout(resolve, NAVIGATION_TIMEOUT_MS));
  try {
    const response = await Promise.race([network, timeout]);
    if (response && response.status < 500) return response;
  } catch (_) {
    // Offline: fall through to the cached page.
  }
  const shell = await cache.match(SHELL);
  return shell || network;
}

// Hashed assets never change under their name: the cache answers, the network fills a gap.
async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreSearch: true });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) cache.put(request, response.clone());
  return response;
}
