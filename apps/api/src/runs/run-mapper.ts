import {
  DRAIN_STAGES,
  type DrainRun,
  type DrainRunKind,
  type DrainRunOutcome,
  type DrainStage,
  type DrainStageRecord,
  type DrainTrigger,
  type StageOutcome,
} from '@drainboard/contracts';
import type { Prisma } from '../generated/prisma/client.js';

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

/** The run's columns (no stages nor aborted requests) for an insert or update. */
export function runColumns(
  run: DrainRun,
): Omit<Prisma.DrainRunUncheckedCreateInput, 'stages' | 'abortedRequests'> {
  return {
    id: run.id,
    instanceId: run.instanceId,
    kind: run.kind,
    triggerSource: run.trigger.source,
    trigger: run.trigger as unknown as Prisma.InputJsonObject,
    reason: run.reason,
    startedAt: new Date(run.startedAt),
    finishedAt: run.finishedAt ? new Date(run.finishedAt) : null,
    outcome: run.outcome,
    resumedAt: run.resumedAt ? new Date(run.resumedAt) : null,
    statusCodes: run.statusCodes ?? {},
    inFlightAtStart: run.inFlightAtStart,
    abortedCount: run.abortedCount,
    deadlineMs: run.deadlineMs,
  };
}

/** A stage's columns (without the run id) for an insert or update. */
export function stageColumns(stage: DrainStageRecord): Omit<Prisma.DrainStageUncheckedCreateInput, 'runId'> {
  const order = DRAIN_STAGES.indexOf(stage.name);
  return {
    name: stage.name,
    order: Number.isInteger(stage.order) ? stage.order : order,
    startedAt: new Date(stage.startedAt),
    endedAt: stage.endedAt ? new Date(stage.endedAt) : null,
    durationMs: stage.durationMs,
    outcome: stage.outcome,
    details: stage.details as Prisma.InputJsonObject,
  };
}
