import { Injectable } from '@nestjs/common';
import type { AbortedRequest, DrainRun, DrainStage, DrainStageRecord } from '@drainboard/contracts';
import { DRAIN_STAGES } from '@drainboard/contracts';
import { PrismaService } from '../database/prisma.service.js';
import type { Prisma } from '../generated/prisma/client.js';
import { type RunRow, runColumns, stageColumns } from './run-mapper.js';

/** A run closed as `interrupted` because its instance is gone. */
export interface InterruptedRun {
  runId: string;
  instanceId: string;
  lastSeenAt: Date;
  stagesReached: string[];
}

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

  /** Adds one request cut off at the deadline. */
  async addAbortedRequest(runId: string, request: AbortedRequest): Promise<void> {
    await this.prisma.abortedRequest.create({ data: { runId, ...request } });
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
    await this.prisma.$transaction([
      this.prisma.$executeRaw`
        INSERT INTO instances (id, host, pid, version, started_at, last_seen_at)
        VALUES (${run.instanceId}, 'unknown', 0, 'unknown', ${startedAt}, ${startedAt})
        ON CONFLICT (id) DO NOTHING`,
      this.prisma.$executeRaw`
        INSERT INTO drain_runs (id, instance_id, kind, trigger_source, trigger, reason, started_at, finished_at,
          outcome, in_flight_at_start, aborted_count, deadline_ms)
        VALUES (${run.id}::uuid, ${run.instanceId}, ${run.kind}, ${run.trigger.source}, ${trigger}::jsonb,
          ${run.reason}, ${startedAt}, ${finishedAt}, ${run.outcome}, ${run.inFlightAtStart},
          ${run.abortedCount}, ${run.deadlineMs})
        ON CONFLICT (id) DO UPDATE SET instance_id = EXCLUDED.instance_id, kind = EXCLUDED.kind,
          trigger_source = EXCLUDED.trigger_source, trigger = EXCLUDED.trigger, reason = EXCLUDED.reason,
          started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at, outcome = EXCLUDED.outcome,
          in_flight_at_start = EXCLUDED.in_flight_at_start, aborted_count = EXCLUDED.aborted_count,
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
        INSERT INTO aborted_requests (run_id, method, route, age_ms, bytes_sent)
        SELECT ${run.id}::uuid, a.method, a.route, a."ageMs", a."bytesSent"
        FROM jsonb_to_recordset(${aborted}::jsonb) AS a(method text, route text, "ageMs" float8, "bytesSent" int)`,
    ]);
  }

  /**
   * Closes as `interrupted` every run still `running` whose instance is gone (`lost` or `stopped` in the fleet
   * registry): the run's `finishedAt` becomes the instance's last heartbeat (the last moment it was seen alive),
   * its stages that were still running become `interrupted` with `details.interrupted` saying when it was last
   * seen and who noticed. Stages it never reached stay absent. Idempotent; returns the runs it closed.
   */
  async closeRunsOfGoneInstances(detectedBy: string): Promise<InterruptedRun[]> {
    return this.prisma.$queryRaw<InterruptedRun[]>`
      WITH closed AS (
        UPDATE drain_runs r SET outcome = 'interrupted', finished_at = i.last_seen_at
        FROM instances i
        WHERE r.instance_id = i.id AND r.outcome = 'running' AND i.state IN ('lost', 'stopped')
        RETURNING r.id, r.instance_id, i.last_seen_at
      ), stages AS (
        UPDATE drain_stages s SET outcome = 'interrupted',
          details = s.details || jsonb_build_object('interrupted', jsonb_build_object(
            'lastSeenAt', to_jsonb(c.last_seen_at), 'detectedAt', to_jsonb(now()), 'detectedBy', ${detectedBy}::text))
        FROM closed c WHERE s.run_id = c.id AND s.outcome = 'running'
        RETURNING s.run_id, s.name
      )
      SELECT c.id AS "runId", c.instance_id AS "instanceId", c.last_seen_at AS "lastSeenAt",
        COALESCE((SELECT array_agg(d.name ORDER BY d."order") FROM drain_stages d WHERE d.run_id = c.id), '{}')
          AS "stagesReached"
      FROM closed c`;
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
