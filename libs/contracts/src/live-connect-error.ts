/** Why the server refused a handshake: the `message` of the client's `connect_error`. */
export const LIVE_CONNECT_ERRORS = {
  TOKEN_MISSING: 'LIVE_TOKEN_MISSING: the handshake auth has no token',
  TOKEN_INVALID: 'LIVE_TOKEN_INVALID: the token is wrong or has been rotated',
  PROTOCOL_MISMATCH: 'LIVE_PROTOCOL_MISMATCH: the client speaks another protocol version; reload the console',
  /** Too many failed handshakes from this address; `data.retryAfterSeconds` says when to try again. */
  RATE_LIMITED: 'LIVE_RATE_LIMITED: too many failed authentications from this address',
  /** The default namespace `/` serves nothing: connect to `/live`. */
  NAMESPACE_REFUSED: 'LIVE_NAMESPACE_REFUSED: only the /live namespace is served',
} as const;

/** `data` of a `connect_error` refused with `LIVE_CONNECT_ERRORS.RATE_LIMITED`: HTTP's 429 and Retry-After. */
export interface LiveRateLimitedData {
  /** Always 429, as the HTTP API answers. */
  status: 429;
  /** Seconds until this address may try again. */
  retryAfterSeconds: number;
}

export type LiveConnectError = (typeof LIVE_CONNECT_ERRORS)[keyof typeof LIVE_CONNECT_ERRORS];
