// Peerline's service worker: the app shell offline, and a clean hand-over to a new build.
//
// build/stamp-sw.sh fills in BUILD_ID and ASSETS after each Trunk build (dist/sw.js); this file in
// public/ keeps the placeholders. Caches are named after the build, so a new build installs into
// a fresh cache beside the running one, waits, and takes over only when the page asks for it
// (the "Update ready" banner posts "skipWaiting"). Activating deletes every other build's cache.
//
// The coordinator's build (under /team/, a separate Trunk build) is not precached, so a worker's
// phone never downloads it: its files go into this build's cache as a coordinator's phone fetches
// them, and a /team/ navigation falls back to that copy, never to the worker's app.
'use strict';

const BUILD_ID = 'dev';
const ASSETS = ['/index.html'];
const CACHE = 'peerline-' + BUILD_ID;
const SHELL = '/index.html';
const TEAM_SHELL = '/team/index.html';
// A navigation that has not answered within this time is served from the cache.
const NAVIGATION_TIMEOUT_MS = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith('peerline-') && name !== CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skipWaiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  // The share page (/s/TOKEN and its assets under /share/) has its own worker and cache.
  if (url.pathname === '/s' || url.pathname.startsWith('/s/') || url.pathname.startsWith('/share/')) return;
  const team = url.pathname === '/team' || url.pathname.startsWith('/team/');
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request, team ? TEAM_SHELL : SHELL));
  } else if (team || ASSETS.includes(url.pathname)) {
    event.respondWith(cacheFirst(request));
  }
});

// Navigations: the network's page when it answers in time, else this build's copy of `shell`
// (kept from the last navigation that answered, for the coordinator's build).
async function networkFirst(request, shell) {
  const cache = await caches.open(CACHE);
  const network = fetch(request);
  const timeout = new Promise((resolve) => setTimeout(resolve, NAVIGATION_TIMEOUT_MS));
  try {
    const response = await Promise.race([network, timeout]);
    if (response && response.status < 500) {
      if (shell === TEAM_SHELL && response.ok) await cache.put(TEAM_SHELL, response.clone());
      return response;
    }
  } catch (_) {
    // Offline: fall through to the cached shell.
  }
  const copy = await cache.match(shell);
  return copy || network;
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
