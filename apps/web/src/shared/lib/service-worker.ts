/**
 * Registers the console's service worker (`/sw.js`, which keeps the app shell for reloads while no process
 * listens). Browsers offer service workers only in secure contexts (HTTPS, or http://localhost / 127.0.0.1):
 * elsewhere the console works as before, without the offline shell.
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) {
    return;
  }
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error: unknown) => {
    console.warn('The console could not install its service worker (no offline shell):', error);
  });
}
