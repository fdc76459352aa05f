import { Injectable } from '@nestjs/common';

import {
  type DrainRun,
  type DrainRunKind,
  type DrainRunOutcome,
  RUNS_PAGE_DEFAULT_LIMIT,
  RUNS_PAGE_MAX_LIMIT,
  type RunsPage,
} from '@drainboard/contracts';

import { ApiError } from '../../shared/common/api-error.js';
import { toDrainRun } from './run-mapper.js';
import { type InterruptedRun, type RunFilters, RunsRepository } from './runs.repository.js';

/** Query of `RunsService.list`. */
export interface RunsQuery {
  /** 1..100, default 20. */
  limit?: number;
  /** The previous page's `nextCursor`: the runs after it in (startedAt, id) order. */
  cursor?: string | null;
  /** Only runs started strictly before this ISO-8601 instant (older clients; `cursor` is exact). */
  before?: string | null;
  /** Only runs of this kind. */
  kind?: DrainRunKind | null;
  /** Only runs with this outcome. */
  outcome?: DrainRunOutcome | null;
  /** Only runs of this instance id. */
  instance?: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A page position: the last run's start and id. */
interface Position {
  startedAt: Date;
  id: string | null;
}

/** `cursor` as base64url JSON `[startedAt, id]` (opaque to clients). */
export function encodeCursor(run: Pick<DrainRun, 'startedAt' | 'id'>): string {
  return Buffer.from(JSON.stringify([run.startedAt, run.id])).toString('base64url');
}

function invalidQuery(field: string, message: string): never {
  throw new ApiError('VALIDATION_FAILED', 'Request is invalid', [{ field, message }]);
}

function decodeCursor(cursor: string): Position {
  const invalid = (): never => invalidQuery('cursor', "cursor must be a previous page's nextCursor");
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return invalid();
  }
  if (!Array.isArray(value) || value.length !== 2) {
    return invalid();
  }
  const [startedAt, id] = value as unknown[];
  const date = typeof startedAt === 'string' ? new Date(startedAt) : null;
  if (!date || Number.isNaN(date.getTime()) || typeof id !== 'string' || !UUID.test(id)) {
    return invalid();
  }
  return { startedAt: date, id: id.toLowerCase() };
}

function position(query: RunsQuery): Position | null {
  if (query.cursor && query.before) {
    invalidQuery('cursor', 'cursor and before cannot be used together');
  }
  if (query.cursor) {
    return decodeCursor(query.cursor);
  }
  if (!query.before) {
    return null;
  }
  const before = new Date(query.before);
  if (Number.isNaN(before.getTime())) {
    invalidQuery('before', 'before must be an ISO 8601 date');
  }
  return { startedAt: before, id: null };
}

/** The run history of the admin API, read from Postgres in the contracts' `DrainRun` shape. */
@Injectable()
export class RunsService {
  constructor(private readonly repository: RunsRepository) {}

  /**
   * Newest first, only the runs matching every filter given; `nextCursor` (and `nextBefore`) point after the last
   * run when more matching runs follow, else null. A cursor is a position in the whole history, so the next page
   * is exact as long as the same filters are sent with it.
   */
  async list(query: RunsQuery = {}): Promise<RunsPage> {
    const limit = Math.min(
      Math.max(Math.trunc(query.limit ?? RUNS_PAGE_DEFAULT_LIMIT), 1),
      RUNS_PAGE_MAX_LIMIT,
    );
    const filters: RunFilters = {
      kind: query.kind ?? null,
      outcome: query.outcome ?? null,
      instanceId: query.instance ?? null,
    };
    const rows = await this.repository.list(limit + 1, position(query), filters);
    const runs = rows.slice(0, limit).map(toDrainRun);
    const last = rows.length > limit ? runs.at(-1) : undefined;
    return {
      runs,
      nextCursor: last ? encodeCursor(last) : null,
      nextBefore: last ? last.startedAt : null,
    };
  }

  /** One run with its stages (in drain order) and aborted requests; null when unknown. */
  async get(id: string): Promise<DrainRun | null> {
    if (!UUID.test(id)) {
      return null;
    }
    const row = await this.repository.get(id);
    return row ? toDrainRun(row) : null;
  }

  /** Closes the runs left `running` by instances that are gone as `interrupted` (see the repository). */
  closeRunsOfGoneInstances(detectedBy: string): Promise<InterruptedRun[]> {
    return this.repository.closeRunsOfGoneInstances(detectedBy);
  }
}
