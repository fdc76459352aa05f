/** socket.io namespace of the live feed on the admin port. */
export const LIVE_NAMESPACE = '/live';

/** Bumped on any incompatible change of the events below; client and server must agree. */
export const LIVE_PROTOCOL_VERSION = 1;

/** Handshake `auth` payload. */
export interface LiveAuth {
  token: string;
  protocolVersion: number;
}
