import { Injectable } from '@nestjs/common';

import { PrismaService } from '../../shared/database/prisma.service.js';

/** Fleet-wide totals of the run history, by run kind (and outcome), as stored in Postgres. */
export interface RecordedRunTotals {
  /** Finished runs (`running` excluded). */
  runs: Array<{ kind: string; outcome: string; count: number }>;
  /** Runs that reached their deadline with work left: a stage ended `aborted`, or requests were cut off. */
  deadlineHits: Array<{ kind: string; count: number }>;
  /** Requests a run cut off at its deadline (`aborted`) or whose handler gave up (`gave-up`), by run kind. */
  cutRequests: Array<{ kind: string; result: string; count: number }>;
}

/** Reads the totals behind the `drainboard_recorded_*_total` metrics: three grouped counts, no rows. */
@Injectable()
export class RecordedRunsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async totals(): Promise<RecordedRunTotals> {
    const [runs, deadlineHits, cut] = await Promise.all([
      this.prisma.drainRun.groupBy({
        by: ['kind', 'outcome'],
        where: { outcome: { not: 'running' } },
        _count: { _all: true },
      }),
      this.prisma.drainRun.groupBy({
        by: ['kind'],
        where: {
          OR: [
            { stages: { some: { outcome: 'aborted' } } },
            { abortedRequests: { some: { kind: 'aborted' } } },
          ],
        },
        _count: { _all: true },
      }),
      this.prisma.$queryRaw<Array<{ kind: string; result: string; count: number }>>`
        SELECT r.kind AS kind, a.kind AS result, count(*)::int AS count
        FROM aborted_requests a JOIN drain_runs r ON r.id = a.run_id
        GROUP BY r.kind, a.kind`,
    ]);
    return {
      runs: runs.map((row) => ({ kind: row.kind, outcome: row.outcome, count: row._count._all })),
      deadlineHits: deadlineHits.map((row) => ({ kind: row.kind, count: row._count._all })),
      cutRequests: cut,
    };
  }
}
