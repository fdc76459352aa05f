import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Subscription } from 'rxjs';

import type { DurationHistoryStatus } from '@drainboard/contracts';
import { DrainService } from '@drainboard/drain';

import { errorMessage } from '../../shared/common/error-message.js';
import { within } from '../../shared/common/within.js';
import { DurationHistoryRepository } from './duration-history.repository.js';
import { MAX_ROUTES, ROUTE_WINDOW, RouteDurations, type StoredRoute } from './route-durations.js';
import { parseStoredRoute } from './stored-route.js';

/** How often the routes that finished requests are stored. */
export const SAVE_INTERVAL_MS = 10_000;
/** Longest wait for the history at boot, and for a periodic save. */
export const HISTORY_IO_TIMEOUT_MS = 2_000;
/** Longest wait for the last save at shutdown (it delays the exit; the periodic saves already stored most). */
export const SHUTDOWN_SAVE_TIMEOUT_MS = 1_000;

/**
 * The recent durations of each route, from this process's finished requests and from the ones stored by earlier
 * processes (`route_durations`, loaded at boot, before the API listens), so a fresh process estimates finish
 * times before its own requests finish. The routes that finished requests are stored every SAVE_INTERVAL_MS,
 * when a drain or stop starts, and once more at shutdown; a database that does not answer only costs estimates.
 */
@Injectable()
export class DurationHistoryService implements OnApplicationBootstrap, BeforeApplicationShutdown, OnModuleDestroy {
  private readonly logger = new Logger('DurationHistory');
  readonly durations = new RouteDurations(ROUTE_WINDOW, MAX_ROUTES);
  private state: DurationHistoryStatus = { status: 'loading', routes: 0, skipped: 0, loadedAt: null };
  private subscription: Subscription | null = null;
  private stopRecording: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private saving: Promise<void> = Promise.resolve();
  private saveFailing = false;
  private loading: Promise<void> | null = null;

  constructor(
    private readonly drain: DrainService,
    private readonly repository: DurationHistoryRepository,
  ) {
    this.subscription = this.drain.runEvents$.subscribe((event) => {
      if (event.type === 'run-start') {
        void this.save();
      }
    });
    this.stopRecording = this.drain.onRequestEnd((ended) => this.durations.record(ended.route, ended.durationMs));
  }

  /** The history load, for whoever needs it done first (the boot's grace check). */
  loaded(): Promise<void> {
    this.loading ??= this.load();
    return this.loading;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.loaded();
    this.timer = setInterval(() => void this.save(), SAVE_INTERVAL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopTimer();
    await this.save(SHUTDOWN_SAVE_TIMEOUT_MS);
  }

  onModuleDestroy(): void {
    this.stopTimer();
    this.subscription?.unsubscribe();
    this.stopRecording?.();
  }

  status(): DurationHistoryStatus {
    return { ...this.state };
  }

  /** Stores the routes that finished requests since the last save (one at a time; bounded in time). */
  save(timeoutMs = HISTORY_IO_TIMEOUT_MS): Promise<void> {
    this.saving = this.saving.then(() => this.saveNow(timeoutMs));
    return this.saving;
  }

  private async load(): Promise<void> {
    const now = new Date();
    try {
      const rows = await within(
        this.repository.recent(now, MAX_ROUTES),
        HISTORY_IO_TIMEOUT_MS,
        `no answer within ${HISTORY_IO_TIMEOUT_MS} ms`,
      );
      const stored = rows
        .map((row) => parseStoredRoute(row, now.getTime(), ROUTE_WINDOW))
        .filter((route): route is StoredRoute => route !== null);
      // Least recently stored first: those are the first forgotten when live routes need the room.
      this.durations.seed(stored.reverse());
      this.state = {
        status: 'loaded',
        routes: stored.length,
        skipped: rows.length - stored.length,
        loadedAt: new Date().toISOString(),
      };
      const skipped = this.state.skipped > 0 ? ` (${this.state.skipped} malformed rows skipped)` : '';
      this.logger.log(`route durations loaded from history: ${stored.length} routes${skipped}`);
    } catch (error) {
      this.state = { status: 'unavailable', routes: 0, skipped: 0, loadedAt: null };
      this.logger.warn(
        `route durations could not be loaded (${errorMessage(error)}): estimates come from this process only`,
      );
    }
  }

  private async saveNow(timeoutMs: number): Promise<void> {
    const unsaved = this.durations.takeUnsaved();
    if (unsaved.length === 0) {
      return;
    }
    try {
      await within(
        this.repository.save(this.drain.instanceId, unsaved, new Date()),
        timeoutMs,
        `no answer within ${timeoutMs} ms`,
      );
      this.saveFailing = false;
    } catch (error) {
      this.durations.restore(unsaved);
      if (!this.saveFailing) {
        this.logger.warn(`route durations could not be stored (${errorMessage(error)}); retrying at the next save`);
      }
      this.saveFailing = true;
    }
  }

  private stopTimer(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }
}
