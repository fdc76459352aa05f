import { Injectable } from '@nestjs/common';
import type { AbortedRequest, DrainRun, DrainStage, DrainStageRecord } from '@drainboard/contracts';
import { DRAIN_STAGES } from '@drainboard/contracts';
import { PrismaService } from '../database/prisma.service.js';
import type { Prisma } from '../generated/prisma/client.js';
import { type RunRow, runColumns, stageColumns } from './run-mapper.js';

const WITH_CHILDREN = { stages: true, abortedRequests: true } as const;

/** Reads and writes drain runs. The only place that touches the runs tables. */
@Injectable()
export class RunsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Writes (or overwrites) the run's own columns, creating a placeholder instance row if none exists. */
  async upsertRun(run: DrainRun): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await this.ensureInstance(tx, run);
      const columns = runColumns(run);
      await tx.drainRun.upsert({ where: { id: run.id }, create: columns, update: columns });
    });
  }

  /** Records a stage as running; never overwrites a stage already recorded. */
  async startStage(runId: string, name: DrainStage, at: string): Promise<void> {
    const create = {
      runId,
      name,
      order: DRAIN_STAGES.indexOf(name),
      startedAt: new Date(at),
      outcome: 'running',
    };
    await this.prisma.drainStage.upsert({ where: { runId_name: { runId, name } }, create, update: {} });
  }

  /** Writes a stage as it is now (keyed by run id + stage name). */
  async upsertStage(runId: string, stage: DrainStageRecord): Promise<void> {
    const columns = stageColumns(stage);
    await this.prisma.drainStage.upsert({
      where: { runId_name: { runId, name: stage.name } },
      create: { runId, ...columns },
      update: columns,
    });
  }

  /** Adds one request cut off at the deadline, or given up by its handler. */
  async addAbortedRequest(runId: string, request: AbortedRequest): Promise<void> {
    const { method, route, ageMs, bytesSent, kind = 'aborted', statusCode = null } = request;
    await this.prisma.abortedRequest.create({
      data: { runId, method, route, ageMs, bytesSent, kind, statusCode },
    });
  }

  /**
   * Writes the whole run in one transaction of five statements: its instance (placeholder if unknown), its
   * columns, every stage (upserted by name) and its aborted requests (replaced). Writing the same run twice
   * leaves the same rows. Plain SQL here: this runs in the persist stage, on the way to the exit.
   */
  async saveRun(run: DrainRun): Promise<void> {
    const startedAt = new Date(run.startedAt);
    const finishedAt = run.finishedAt ? new Date(run.finishedAt) : null;
    const stages = JSON.stringify(
      run.stages.map((stage) => ({ ...stage, order: DRAIN_STAGES.indexOf(stage.name) })),
    );
    const aborted = JSON.stringify(run.abortedRequests);
    const trigger = JSON.stringify(run.trigger);
    const resumedAt = run.resumedAt ? new Date(run.resumedAt) : null;
    const statusCodes = JSON.stringify(run.statusCodes ?? {});
    await this.prisma.$transaction([
      this.prisma.$executeRaw`
        INSERT INTO instances (id, host, pid, version, started_at, last_seen_at)
        VALUES (${run.instanceId}, 'unknown', 0, 'unknown', ${startedAt}, ${startedAt})
        ON CONFLICT (id) DO NOTHING`,
      this.prisma.$executeRaw`
        INSERT INTO drain_runs (id, instance_id, kind, trigger_source, trigger, reason, started_at, finished_at,
          outcome, resumed_at, status_codes, in_flight_at_start, aborted_count, deadline_ms)
        VALUES (${run.id}::uuid, ${run.instanceId}, ${run.kind}, ${run.trigger.source}, ${trigger}::jsonb,
          ${run.reason}, ${startedAt}, ${finishedAt}, ${run.outcome}, ${resumedAt}, ${statusCodes}::jsonb,
          ${run.inFlightAtStart}, ${run.abortedCount}, ${run.deadlineMs})
        ON CONFLICT (id) DO UPDATE SET instance_id = EXCLUDED.instance_id, kind = EXCLUDED.kind,
          trigger_source = EXCLUDED.trigger_source, trigger = EXCLUDED.trigger, reason = EXCLUDED.reason,
          started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at, outcome = EXCLUDED.outcome,
          resumed_at = EXCLUDED.resumed_at, status_codes = EXCLUDED.status_codes, in_flight_at_start = EXCLUDED.in_flight_at_start, aborted_count = EXCLUDED.aborted_count,
          deadline_ms = EXCLUDED.deadline_ms`,
      this.prisma.$executeRaw`
        INSERT INTO drain_stages (run_id, name, "order", started_at, ended_at, duration_ms, outcome, details)
        SELECT ${run.id}::uuid, s.name, s."order", s."startedAt", s."endedAt", s."durationMs", s.outcome,
          COALESCE(s.details, '{}'::jsonb)
        FROM jsonb_to_recordset(${stages}::jsonb) AS s(name text, "order" int, "startedAt" timestamptz,
          "endedAt" timestamptz, "durationMs" float8, outcome text, details jsonb)
        ON CONFLICT (run_id, name) DO UPDATE SET "order" = EXCLUDED."order", started_at = EXCLUDED.started_at,
          ended_at = EXCLUDED.ended_at, duration_ms = EXCLUDED.duration_ms, outcome = EXCLUDED.outcome,
          details = EXCLUDED.details`,
      this.prisma.$executeRaw`DELETE FROM aborted_requests WHERE run_id = ${run.id}::uuid`,
      this.prisma.$executeRaw`
        INSERT INTO aborted_requests (run_id, method, route, age_ms, bytes_sent, kind, status_code)
        SELECT ${run.id}::uuid, a.method, a.route, a."ageMs", a."bytesSent", COALESCE(a.kind, 'aborted'),
          a."statusCode"
        FROM jsonb_to_recordset(${aborted}::jsonb) AS a(method text, route text, "ageMs" float8, "bytesSent" int,
          kind text, "statusCode" int)`,
    ]);
  }

  /** Runs started before `before` (all when null), newest first, at most `take`. */
  async list(take: number, before: Date | null): Promise<RunRow[]> {
    return this.prisma.drainRun.findMany({
      where: before ? { startedAt: { lt: before } } : {},
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
      take,
      include: WITH_CHILDREN,
    });
  }

  /** One run with its stages and aborted requests, or null. */
  async get(id: string): Promise<RunRow | null> {
    return this.prisma.drainRun.findUnique({ where: { id }, include: WITH_CHILDREN });
  }

  // A run replayed from the spool may come from an instance whose registration never reached the database.
  private async ensureInstance(tx: Prisma.TransactionClient, run: DrainRun): Promise<void> {
    const startedAt = new Date(run.startedAt);
    await tx.instance.upsert({
      where: { id: run.instanceId },
      create: {
        id: run.instanceId,
        host: 'unknown',
        pid: 0,
        version: 'unknown',
        startedAt,
        lastSeenAt: startedAt,
      },
      update: {},
    });
  }
}
