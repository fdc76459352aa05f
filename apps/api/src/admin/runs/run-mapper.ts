import {
  type DrainRun,
  type DrainRunKind,
  type DrainRunOutcome,
  type DrainStage,
  type DrainStageRecord,
  type DrainTrigger,
  type StageOutcome,
} from '@drainboard/contracts';

import type { Prisma } from '../../generated/prisma/client.js';

/** A run row with its stages and aborted requests, as `RunsRepository` reads it. */
export type RunRow = Prisma.DrainRunGetPayload<{ include: { stages: true; abortedRequests: true } }>;
type StageRow = RunRow['stages'][number];

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

function asObject(value: Prisma.JsonValue): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

/** A stage row in the contracts' shape. */
export function toStageRecord(row: StageRow): DrainStageRecord {
  return {
    name: row.name as DrainStage,
    order: row.order,
    startedAt: row.startedAt.toISOString(),
    endedAt: iso(row.endedAt),
    durationMs: row.durationMs,
    outcome: row.outcome as StageOutcome,
    details: asObject(row.details),
  };
}

/** A run row in the contracts' shape: stages in drain order, aborted requests in the order they were cut. */
export function toDrainRun(row: RunRow): DrainRun {
  const stages = [...row.stages].sort(
    (a, b) => a.order - b.order || a.startedAt.getTime() - b.startedAt.getTime(),
  );
  const aborted = [...row.abortedRequests].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    id: row.id,
    instanceId: row.instanceId,
    kind: row.kind as DrainRunKind,
    trigger: asObject(row.trigger) as unknown as DrainTrigger,
    reason: row.reason,
    startedAt: row.startedAt.toISOString(),
    finishedAt: iso(row.finishedAt),
    outcome: row.outcome as DrainRunOutcome,
    resumedAt: iso(row.resumedAt),
    inFlightAtStart: row.inFlightAtStart,
    abortedCount: row.abortedCount,
    deadlineMs: row.deadlineMs,
    stages: stages.map(toStageRecord),
    abortedRequests: aborted.map((a) => ({
      method: a.method,
      route: a.route,
      ageMs: a.ageMs,
      bytesSent: a.bytesSent,
      kind: a.kind === 'gave-up' ? 'gave-up' : 'aborted',
      ...(a.statusCode !== null ? { statusCode: a.statusCode } : {}),
    })),
    statusCodes: asObject(row.statusCodes) as Record<string, number>,
  };
}
