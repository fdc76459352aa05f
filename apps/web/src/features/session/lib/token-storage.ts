const KEY = 'drainboard.adminToken';

/** Minimal Storage surface, so the logic runs against `sessionStorage` or any stand-in store. */
export type TokenStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Reads the admin token kept for this tab, or null. */
export function loadToken(store: TokenStore): string | null {
  const value = store.getItem(KEY);
  return value && value.trim() !== '' ? value : null;
}

/** Keeps the admin token for this tab only (sessionStorage). */
export function saveToken(store: TokenStore, token: string): void {
  store.setItem(KEY, token);
}

/** Forgets the admin token. */
export function clearToken(store: TokenStore): void {
  store.removeItem(KEY);
}
