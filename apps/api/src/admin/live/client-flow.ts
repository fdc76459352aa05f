import { LIVE_MAX_BUFFERED_PACKETS } from '@drainboard/contracts';

/** How far behind a client's connection is, read from its engine.io socket. */
export interface ClientLag {
  /** Packets waiting in the server's write buffer for this client. */
  buffered: number;
  /** Whether the transport can take more data now (false while a previous write is still in flight). */
  writable: boolean;
}

/**
 * Backpressure policy of one live client. While it keeps up it gets everything; once the next packets would make
 * more than `maxBuffered` wait, it is "behind": nothing more is queued for it (so memory per client stays bounded), and once its buffer
 * has drained it gets one fresh snapshot and is back in sync. Resync requests are honoured once per `resyncEveryMs`.
 */
export class ClientFlow {
  private behind = false;
  private lastResyncAt = Number.NEGATIVE_INFINITY;

  /**
   * @param maxBuffered packets waiting at which the client counts as behind (@default LIVE_MAX_BUFFERED_PACKETS)
   * @param resyncEveryMs least time between two honoured resync requests (@default 1000)
   */
  constructor(
    private readonly maxBuffered: number = LIVE_MAX_BUFFERED_PACKETS,
    private readonly resyncEveryMs = 1000,
  ) {}

  /** True while the client is behind. */
  get isBehind(): boolean {
    return this.behind;
  }

  /**
   * Whether `packets` more may be queued for this client without its buffer exceeding the bound; flips it to behind
   * when they may not.
   */
  admit(lag: ClientLag, packets = 1): boolean {
    if (this.behind) {
      return false;
    }
    if (lag.buffered + packets > this.maxBuffered) {
      this.behind = true;
    }
    return !this.behind;
  }

  /** True once a behind client has drained its buffer: send it a snapshot now (it is in sync again). */
  caughtUp(lag: ClientLag): boolean {
    if (!this.behind || lag.buffered > 0 || !lag.writable) {
      return false;
    }
    this.behind = false;
    return true;
  }

  /** Whether a client's own `resync` request at `now` (ms) is honoured. */
  allowResync(now: number): boolean {
    if (this.behind || now - this.lastResyncAt < this.resyncEveryMs) {
      return false;
    }
    this.lastResyncAt = now;
    return true;
  }
}
