import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';

import { DRAIN_MODULE_OPTIONS } from '../drain.constants.js';
import { DrainService } from '../drain.service.js';
import type { ResolvedDrainOptions } from '../drain-options.js';
import type { PreparedRealtimeCloser } from '../run/drain-context.js';
import { closeSocketIo, closeWs, findRealtimeServers, type RealtimeServers } from './realtime-servers.js';

/** Longest wait for realtime clients to answer their close (bounded by the deadline too). */
export const REALTIME_CLOSE_WAIT_MS = 1000;

/**
 * Finds the app's socket.io and `ws` servers by itself (gateways' `@WebSocketServer()` properties, or any
 * provider holding one) and closes their clients at the close-realtime stage. The search runs once per run, when
 * drain-requests starts (the listener is closed by then), so gateways connected after bootstrap are found too and
 * the stage after the last response only closes.
 */
@Injectable()
export class RealtimeDiscovery implements OnApplicationBootstrap {
  constructor(
    private readonly drain: DrainService,
    private readonly discovery: DiscoveryService,
    @Inject(DRAIN_MODULE_OPTIONS) private readonly options: ResolvedDrainOptions,
  ) {}

  onApplicationBootstrap(): void {
    const prepare = ({ deadlineAt }: { deadlineAt: number }): void => void this.servers(deadlineAt);
    const socketIo: PreparedRealtimeCloser = async ({ deadlineAt }) => {
      const waitMs = this.waitMs(deadlineAt);
      const closed = await Promise.all(
        [...this.servers(deadlineAt).socketIo].map((io) => closeSocketIo(io, waitMs, this.options.clock)),
      );
      return closed.reduce((a, b) => a + b, 0);
    };
    const ws: PreparedRealtimeCloser = async ({ deadlineAt }) => {
      const waitMs = this.waitMs(deadlineAt);
      const closed = await Promise.all(
        [...this.servers(deadlineAt).ws].map((server) => closeWs(server, waitMs, this.options.clock)),
      );
      return closed.reduce((a, b) => a + b, 0);
    };
    socketIo.prepare = prepare;
    ws.prepare = prepare;
    this.drain.registerRealtime('socket.io', socketIo);
    this.drain.registerRealtime('ws', ws);
  }

  /** One search per run (keyed by its deadline), shared by both closers and their preparation. */
  private found: { deadlineAt: number; servers: RealtimeServers } | null = null;

  private servers(deadlineAt: number): RealtimeServers {
    if (this.found?.deadlineAt === deadlineAt) {
      return this.found.servers;
    }
    const servers = this.search();
    this.found = { deadlineAt, servers };
    return servers;
  }

  private search(): RealtimeServers {
    const wrappers = [...this.discovery.getProviders(), ...this.discovery.getControllers()];
    return findRealtimeServers(wrappers.map((wrapper) => wrapper.instance as unknown));
  }

  private waitMs(deadlineAt: number): number {
    return Math.max(50, Math.min(REALTIME_CLOSE_WAIT_MS, deadlineAt - this.options.clock.now()));
  }
}
