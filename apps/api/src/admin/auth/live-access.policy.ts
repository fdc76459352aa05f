import { Inject, Injectable } from '@nestjs/common';
import type { Server } from 'socket.io';

import {
  LIVE_CONNECT_ERRORS,
  LIVE_PROTOCOL_VERSION,
  type LiveConnectError,
  type LiveRateLimitedData,
} from '@drainboard/contracts';

import { APP_CONFIG, type AppConfig } from '../../shared/config/app-config.js';
import { AdminTokens } from './admin-tokens.service.js';
import { AuthThrottle } from './auth-throttle.service.js';
import { clientKey } from './client-address.js';

/** What the policy reads from a socket.io handshake. */
export interface LiveHandshake {
  address: string;
  auth: unknown;
}

/** The error given to a refused handshake's `next()`; socket.io sends `message` and `data` to the client. */
export class LiveRefusal extends Error {
  constructor(
    message: LiveConnectError,
    readonly data?: LiveRateLimitedData,
  ) {
    super(message);
  }
}

const rateLimited = (retryAfterSeconds: number): LiveRefusal =>
  new LiveRefusal(LIVE_CONNECT_ERRORS.RATE_LIMITED, { status: 429, retryAfterSeconds });

/**
 * Who may use socket.io on the admin port: only the `/live` namespace (the default `/` refuses every
 * connection), any role's token in the handshake `auth`, failed handshakes counted with the HTTP ones per
 * address (refused with `LIVE_RATE_LIMITED` + Retry-After seconds once over), and at most
 * `LIVE_CONNECTIONS_PER_ADDRESS` engine.io connections open per address (more are refused at the HTTP handshake).
 */
@Injectable()
export class LiveAccessPolicy {
  private readonly open = new Map<string, number>();
  private readonly maxPerAddress: number;

  constructor(
    private readonly tokens: AdminTokens,
    private readonly throttle: AuthThrottle,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.maxPerAddress = config.adminLimits.liveConnectionsPerAddress;
  }

  /** Applies the namespace rule and the connection cap to the admin port's socket.io server. */
  install(server: Server): void {
    server.of('/').use((_socket, next) => next(new LiveRefusal(LIVE_CONNECT_ERRORS.NAMESPACE_REFUSED)));
    server.engine.opts.allowRequest = (req, answer) => {
      const full = (this.open.get(clientKey(req.socket.remoteAddress)) ?? 0) >= this.maxPerAddress;
      answer(full ? 'Too many live-feed connections from this address' : null, !full);
    };
    server.engine.on(
      'connection',
      (conn: { remoteAddress: string; once(event: 'close', fn: () => void): void }) => {
        const key = clientKey(conn.remoteAddress);
        this.open.set(key, (this.open.get(key) ?? 0) + 1);
        conn.once('close', () => {
          const left = (this.open.get(key) ?? 1) - 1;
          if (left > 0) {
            this.open.set(key, left);
          } else {
            this.open.delete(key);
          }
        });
      },
    );
  }

  /** Checks a `/live` handshake: null when admitted, else the refusal to pass to `next()`. */
  admit(handshake: LiveHandshake): LiveRefusal | null {
    const key = clientKey(handshake.address);
    const blocked = this.throttle.blocked(key);
    if (blocked !== null) {
      return rateLimited(blocked);
    }
    const fields =
      typeof handshake.auth === 'object' && handshake.auth !== null
        ? (handshake.auth as Record<string, unknown>)
        : {};
    const { token, protocolVersion } = fields;
    const principal = typeof token === 'string' && token.length > 0 ? this.tokens.identify(token) : null;
    if (!principal) {
      const over = this.throttle.failed(key);
      if (over !== null) {
        return rateLimited(over);
      }
      const missing = typeof token !== 'string' || token.length === 0;
      return new LiveRefusal(missing ? LIVE_CONNECT_ERRORS.TOKEN_MISSING : LIVE_CONNECT_ERRORS.TOKEN_INVALID);
    }
    if (protocolVersion !== LIVE_PROTOCOL_VERSION) {
      return new LiveRefusal(LIVE_CONNECT_ERRORS.PROTOCOL_MISMATCH);
    }
    return null;
  }
}
