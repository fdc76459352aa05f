import { Injectable } from '@nestjs/common';
import {
  type DrainRun,
  RUNS_PAGE_DEFAULT_LIMIT,
  RUNS_PAGE_MAX_LIMIT,
  type RunsPage,
} from '@drainboard/contracts';
import { toDrainRun } from './run-mapper.js';
import { type InterruptedRun, RunsRepository } from './runs.repository.js';

/** Query of `RunsService.list`. */
export interface RunsQuery {
  /** 1..100, default 20. */
  limit?: number;
  /** Only runs started strictly before this ISO-8601 instant (the previous page's `nextBefore`). */
  before?: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The run history of the admin API, read from Postgres in the contracts' `DrainRun` shape. */
@Injectable()
export class RunsService {
  constructor(private readonly repository: RunsRepository) {}

  /** Newest first; `nextBefore` is the last run's `startedAt` when more runs may follow, else null. */
  async list(query: RunsQuery = {}): Promise<RunsPage> {
    const limit = Math.min(
      Math.max(Math.trunc(query.limit ?? RUNS_PAGE_DEFAULT_LIMIT), 1),
      RUNS_PAGE_MAX_LIMIT,
    );
    const before = query.before ? new Date(query.before) : null;
    if (before && Number.isNaN(before.getTime()))
      throw new RangeError(`before is not a date: ${query.before}`);
    const rows = await this.repository.list(limit + 1, before);
    const runs = rows.slice(0, limit).map(toDrainRun);
    const last = runs.at(-1);
    return { runs, nextBefore: rows.length > limit && last ? last.startedAt : null };
  }

  /** One run with its stages (in drain order) and aborted requests; null when unknown. */
  async get(id: string): Promise<DrainRun | null> {
    if (!UUID.test(id)) return null;
    const row = await this.repository.get(id);
    return row ? toDrainRun(row) : null;
  }

  /** Closes the runs left `running` by instances that are gone as `interrupted` (see the repository). */
  closeRunsOfGoneInstances(detectedBy: string): Promise<InterruptedRun[]> {
    return this.repository.closeRunsOfGoneInstances(detectedBy);
  }
}
