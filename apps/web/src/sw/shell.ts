/**
 * The console's app shell, as the service worker sees it: which requests it answers, and what to keep so the
 * console still opens when no process listens on this address (the page then shows the last known exit and
 * waits for the next process).
 */

/** Name of the cache holding the shell (`/` and the files under `/assets/` it references). */
export const SHELL_CACHE = 'drainboard-console-shell-v1';
/** The cache key of the console's HTML, whatever console path (`/`, `/history/…`) it was loaded for. */
export const SHELL_KEY = '/';

/** Paths that are never the console: the API, health, metrics, API docs and the live feed. */
const NOT_CONSOLE = /^\/(admin|health|metrics|docs|docs-json|socket\.io)(\/|$)/;

/** How the service worker treats a request: `shell` (network first, cached copy when unreachable), `asset`
 * (content-hashed file: cache first), `pass` (not the worker's business: the browser fetches it as usual). */
export type ShellRoute = 'shell' | 'asset' | 'pass';

/** Classifies a request by method, mode and URL, for a worker whose origin is `origin`. */
export function shellRoute(method: string, mode: string, url: string, origin: string): ShellRoute {
  const parsed = new URL(url);
  if (method !== 'GET' || parsed.origin !== origin || NOT_CONSOLE.test(parsed.pathname)) {
    return 'pass';
  }
  if (mode === 'navigate') {
    return 'shell';
  }
  return parsed.pathname.startsWith('/assets/') ? 'asset' : 'pass';
}

/** The same-origin `/assets/…` files the console's HTML loads (scripts, styles, preloads), without duplicates. */
export function shellAssets(html: string): string[] {
  const found = new Set<string>();
  for (const match of html.matchAll(/\b(?:src|href)="(\/assets\/[^"?#]+)"/g)) {
    found.add(match[1]!);
  }
  return [...found];
}
