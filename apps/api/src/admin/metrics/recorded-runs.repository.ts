import { Injectable } from '@nestjs/common';

import { PrismaService } from '../../shared/database/prisma.service.js';

/** Fleet-wide totals of the run history, by run kind (and outcome), as stored in Postgres. */
export interface RecordedRunTotals {
  /** Finished runs (`running` excluded). */
  runs: Array<{ kind: string; outcome: string; count: number }>;
  /** Runs that reached their deadline with work left: a stage ended `aborted`, or requests were cut off. */
  deadlineHits: Array<{ kind: string; count: number }>;
  /** Requests cut off at a deadline. */
  abortedRequests: Array<{ kind: string; count: number }>;
}

/** Reads the totals behind the `drainboard_recorded_*_total` metrics: three grouped counts, no rows. */
@Injectable()
export class RecordedRunsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async totals(): Promise<RecordedRunTotals> {
    const [runs, deadlineHits, aborted] = await Promise.all([
      this.prisma.drainRun.groupBy({
        by: ['kind', 'outcome'],
        where: { outcome: { not: 'running' } },
        _count: { _all: true },
      }),
      this.prisma.drainRun.groupBy({
        by: ['kind'],
        where: { OR: [{ stages: { some: { outcome: 'aborted' } } }, { abortedRequests: { some: {} } }] },
        _count: { _all: true },
      }),
      this.prisma.drainRun.groupBy({ by: ['kind'], _sum: { abortedCount: true } }),
    ]);
    return {
      runs: runs.map((row) => ({ kind: row.kind, outcome: row.outcome, count: row._count._all })),
      deadlineHits: deadlineHits.map((row) => ({ kind: row.kind, count: row._count._all })),
      abortedRequests: aborted.map((row) => ({ kind: row.kind, count: row._sum.abortedCount ?? 0 })),
    };
  }
}
