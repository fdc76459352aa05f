import { LIVE_CONNECT_ERRORS, LIVE_PROTOCOL_VERSION } from '@drainboard/contracts';
import { checkLiveAuth } from './live-auth.js';

const TOKEN = 'the-admin-token';

describe('checkLiveAuth', () => {
  it('accepts the admin token with the current protocol version', () => {
    expect(checkLiveAuth({ token: TOKEN, protocolVersion: LIVE_PROTOCOL_VERSION }, TOKEN)).toBeNull();
  });

  it.each([undefined, null, 'text', {}, { token: '' }, { token: 42 }])(
    'refuses a missing token (%p)',
    (auth) => {
      expect(checkLiveAuth(auth, TOKEN)).toBe(LIVE_CONNECT_ERRORS.TOKEN_MISSING);
    },
  );

  it.each(['wrong', `${TOKEN}x`, TOKEN.slice(1)])('refuses a wrong or rotated token (%s)', (token) => {
    expect(checkLiveAuth({ token, protocolVersion: LIVE_PROTOCOL_VERSION }, TOKEN)).toBe(
      LIVE_CONNECT_ERRORS.TOKEN_INVALID,
    );
  });

  it.each([undefined, LIVE_PROTOCOL_VERSION + 1, String(LIVE_PROTOCOL_VERSION)])(
    'refuses another protocol version (%p)',
    (protocolVersion) => {
      expect(checkLiveAuth({ token: TOKEN, protocolVersion }, TOKEN)).toBe(
        LIVE_CONNECT_ERRORS.PROTOCOL_MISMATCH,
      );
    },
  );
});
