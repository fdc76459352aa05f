/**
 * The console's service worker (built to `/sw.js`, scope `/`; allowed by the admin CSP: `default-src 'self'`
 * covers workers). It keeps the app shell so that reloading the console while no process listens on this
 * address still opens the console, which then shows the last known exit and waits for the next process instead
 * of the browser's connection-refused page. It never answers API, health, metrics, docs or live-feed requests:
 * state never comes from a cache.
 */
import { SHELL_CACHE, SHELL_KEY, shellAssets, shellRoute } from './shell.js';

/** The parts of the service worker scope used here (the DOM lib has no ServiceWorkerGlobalScope). */
interface ExtendableEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  readonly location: Location;
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

const worker = self as unknown as WorkerScope;

function isHtml(response: Response): boolean {
  return response.ok && (response.headers.get('content-type') ?? '').includes('text/html');
}

/** Keeps `html` as the shell with the assets it loads, and forgets cached assets it no longer loads. */
async function keepShell(html: Response): Promise<void> {
  const cache = await caches.open(SHELL_CACHE);
  const assets = shellAssets(await html.clone().text());
  await cache.put(SHELL_KEY, html);
  const missing: string[] = [];
  for (const asset of assets) {
    if (!(await cache.match(asset))) {
      missing.push(asset);
    }
  }
  await cache.addAll(missing);
  const wanted = new Set(assets.map((asset) => new URL(asset, worker.location.origin).href));
  for (const request of await cache.keys()) {
    if (new URL(request.url).pathname.startsWith('/assets/') && !wanted.has(request.url)) {
      await cache.delete(request);
    }
  }
}

/** Network first: the console as the process serves it (kept), else the kept shell when nothing answers. */
async function shell(request: Request): Promise<Response> {
  try {
    const response = await fetch(request);
    if (isHtml(response)) {
      await keepShell(response.clone()).catch(() => undefined);
    }
    return response;
  } catch (error) {
    const kept = await caches.match(SHELL_KEY, { cacheName: SHELL_CACHE });
    if (kept) {
      return kept;
    }
    throw error;
  }
}

/** Content-hashed files never change: the kept copy, else the network (and keep it). */
async function asset(request: Request): Promise<Response> {
  const kept = await caches.match(request, { cacheName: SHELL_CACHE });
  if (kept) {
    return kept;
  }
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    await caches
      .open(SHELL_CACHE)
      .then((cache) => cache.put(request, copy))
      .catch(() => undefined);
  }
  return response;
}

worker.addEventListener('install', (event) => {
  event.waitUntil(
    fetch(SHELL_KEY, { cache: 'no-store' })
      .then((response) => (isHtml(response) ? keepShell(response) : undefined))
      .catch(() => undefined)
      .then(() => worker.skipWaiting()),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== SHELL_CACHE).map((name) => caches.delete(name))))
      .then(() => worker.clients.claim()),
  );
});

worker.addEventListener('fetch', (event) => {
  const { request } = event;
  const route = shellRoute(request.method, request.mode, request.url, worker.location.origin);
  if (route === 'shell') {
    event.respondWith(shell(request));
  } else if (route === 'asset') {
    event.respondWith(asset(request));
  }
});
