import { useCallback, useMemo, useState } from 'react';

import { ApiError, UNREACHABLE_MESSAGE } from '@web/api/api-error.js';
import { ApiClient } from '@web/api/client.js';
import { clearExit } from '@web/features/live/lib/exit-storage.js';

import { clearToken, loadToken, saveToken } from '../lib/token-storage.js';

/** The signed-in state of the console. */
export interface Session {
  /** Client for the admin API, null until a token was accepted. */
  client: ApiClient | null;
  token: string | null;
  /** Why the user is (back) at the token form, if there is a reason to tell. */
  message: string | null;
  checking: boolean;
  /** Checks a token against `GET /admin/state` and keeps it in sessionStorage when accepted. */
  signIn(token: string): Promise<void>;
  /** Forgets the token, with an optional message for the token form. */
  signOut(message?: string): void;
}

/** Owns the admin token: entry, check, sessionStorage, sign-out on a 401. */
export function useSession(): Session {
  const [token, setToken] = useState<string | null>(() => loadToken(sessionStorage));
  const [message, setMessage] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  const signIn = useCallback(async (candidate: string) => {
    setChecking(true);
    setMessage(null);
    try {
      await new ApiClient(candidate).getState();
      saveToken(sessionStorage, candidate);
      setToken(candidate);
    } catch (error) {
      setMessage(error instanceof ApiError ? error.message : UNREACHABLE_MESSAGE);
    } finally {
      setChecking(false);
    }
  }, []);

  const signOut = useCallback((reason?: string) => {
    clearToken(sessionStorage);
    clearExit(sessionStorage);
    setToken(null);
    setMessage(reason ?? null);
  }, []);

  const client = useMemo(() => (token ? new ApiClient(token) : null), [token]);
  return { client, token, message, checking, signIn, signOut };
}
