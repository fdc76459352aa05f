import { clearToken, loadToken, saveToken, type TokenStore } from './token-storage.js';

function memoryStore(): TokenStore {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  };
}

describe('token storage', () => {
  it('keeps, reads and forgets the token', () => {
    const store = memoryStore();
    expect(loadToken(store)).toBeNull();
    saveToken(store, 'secret');
    expect(loadToken(store)).toBe('secret');
    clearToken(store);
    expect(loadToken(store)).toBeNull();
  });

  it('treats a blank stored value as no token', () => {
    const store = memoryStore();
    saveToken(store, '   ');
    expect(loadToken(store)).toBeNull();
  });
});
