import { useCallback, useEffect, useState } from 'react';
import { io, type Socket } from 'socket.io-client';

import {
  type ClientToServerEvents,
  LIVE_CONNECT_ERRORS,
  LIVE_NAMESPACE,
  LIVE_PROTOCOL_VERSION,
  LIVE_SERVER_EVENTS,
  type LiveAuth,
  type ServerToClientEvents,
} from '@drainboard/contracts';
import { TypedEmitter } from '@web/shared/lib/typed-emitter.js';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The live feed connection, as components see it. */
export interface LiveFeed {
  connected: boolean;
  /** Why the feed is not connected, in words for the user; null while fine. */
  problem: string | null;
  /** True when the server refused the token (the session should end). */
  tokenRefused: boolean;
  /** Subscribes to one typed server event; returns the unsubscribe function. */
  on: TypedEmitter<ServerToClientEvents>['on'];
  /** Asks the server for a fresh snapshot. */
  resync(): void;
}

function describeConnectError(message: string): { problem: string; tokenRefused: boolean } {
  if (message === LIVE_CONNECT_ERRORS.TOKEN_INVALID || message === LIVE_CONNECT_ERRORS.TOKEN_MISSING) {
    return { problem: 'The live feed refused the admin token.', tokenRefused: true };
  }
  if (message === LIVE_CONNECT_ERRORS.PROTOCOL_MISMATCH) {
    return { problem: 'The console is out of date for this API: reload the page.', tokenRefused: false };
  }
  return { problem: 'The live feed cannot reach the API; retrying…', tokenRefused: false };
}

/** Relays every server event (`LIVE_SERVER_EVENTS`) from the socket to the typed bus components subscribe to. */
function forward(socket: LiveSocket, bus: TypedEmitter<ServerToClientEvents>): void {
  for (const name of LIVE_SERVER_EVENTS) {
    // Each payload goes to the bus under the name it came with, whatever its type.
    const relay = (payload: never): void => bus.emit(name, payload);
    socket.on(name, relay as ServerToClientEvents[typeof name]);
  }
}

/**
 * Owns the socket.io connection to the live feed (same origin, namespace `/live`, token in the handshake).
 * socket.io reconnects on its own after a lost connection or a process restart.
 */
export function useLiveFeed(token: string): LiveFeed {
  const [bus] = useState(() => new TypedEmitter<ServerToClientEvents>());
  const [socket, setSocket] = useState<LiveSocket | null>(null);
  const [connected, setConnected] = useState(false);
  const [failure, setFailure] = useState<{ problem: string; tokenRefused: boolean } | null>(null);

  useEffect(() => {
    const auth: LiveAuth = { token, protocolVersion: LIVE_PROTOCOL_VERSION };
    // Short reconnection delays: after a restart the console should find the next process within a couple of seconds.
    const live: LiveSocket = io(LIVE_NAMESPACE, {
      auth,
      transports: ['websocket'],
      reconnectionDelay: 300,
      reconnectionDelayMax: 1500,
    });
    forward(live, bus);
    live.on('connect', () => {
      setConnected(true);
      setFailure(null);
    });
    live.on('disconnect', () => setConnected(false));
    live.on('connect_error', (error) => setFailure(describeConnectError(error.message)));
    setSocket(live);
    const onVisible = () => {
      if (document.visibilityState === 'visible' && live.connected) {
        live.emit('resync');
      }
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      live.disconnect();
    };
  }, [token, bus]);

  const resync = useCallback(() => {
    if (socket?.connected) {
      socket.emit('resync');
    }
  }, [socket]);
  const on = useCallback<LiveFeed['on']>((event, handler) => bus.on(event, handler), [bus]);

  return {
    connected,
    problem: failure?.problem ?? null,
    tokenRefused: failure?.tokenRefused ?? false,
    on,
    resync,
  };
}
