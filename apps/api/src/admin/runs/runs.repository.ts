import { Injectable } from '@nestjs/common';

import type { DrainRun, DrainRunKind, DrainRunOutcome } from '@drainboard/contracts';
import { stageOrder } from '@drainboard/contracts';

import type { Prisma } from '../../generated/prisma/client.js';
import { toStorable } from '../../shared/common/storable-text.js';
import { PrismaService } from '../../shared/database/prisma.service.js';
import type { RunRow } from './run-mapper.js';

/** A run closed as `interrupted` because its instance is gone. */
export interface InterruptedRun {
  runId: string;
  instanceId: string;
  lastSeenAt: Date;
  stagesReached: string[];
}

/** Filters of `list`: null means any. */
export interface RunFilters {
  kind: DrainRunKind | null;
  outcome: DrainRunOutcome | null;
  instanceId: string | null;
}

const NO_FILTERS: RunFilters = { kind: null, outcome: null, instanceId: null };

const WITH_CHILDREN = { stages: true, abortedRequests: true } as const;

/** Reads and writes drain runs. The only place that touches the runs tables. */
@Injectable()
export class RunsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Writes the whole run in one statement of five parts: its instance (placeholder if unknown), its
   * columns, every stage (upserted by name) and its aborted requests (replaced). Writing the same run twice
   * leaves the same rows. This is the only way a run is written: as it happens, in the persist stage and at
   * replay, always the whole run. Text Postgres cannot store (NUL, unpaired surrogates) is replaced by U+FFFD,
   * so no run can fail on its content. Plain SQL here: this runs in the persist stage, on the way to the exit.
   */
  async saveRun(original: DrainRun): Promise<void> {
    const run = toStorable(original);
    const startedAt = new Date(run.startedAt);
    const finishedAt = run.finishedAt ? new Date(run.finishedAt) : null;
    const stages = JSON.stringify(run.stages.map((stage) => ({ ...stage, order: stageOrder(stage.name) })));
    const aborted = JSON.stringify(run.abortedRequests);
    const trigger = JSON.stringify(run.trigger);
    const resumedAt = run.resumedAt ? new Date(run.resumedAt) : null;
    const statusCodes = JSON.stringify(run.statusCodes ?? {});
    // One statement (data-modifying CTEs): atomic on its own and a single round trip, which matters on the way
    // to the exit. Every part sees the rows as they were before it: the DELETE only removes the old aborted rows.
    await this.prisma.$executeRaw`
      WITH instance AS (
        INSERT INTO instances (id, host, pid, version, started_at, last_seen_at)
        VALUES (${run.instanceId}, 'unknown', 0, 'unknown', ${startedAt}, ${startedAt})
        ON CONFLICT (id) DO NOTHING
      ), saved_run AS (
        INSERT INTO drain_runs (id, instance_id, kind, trigger_source, trigger, reason, started_at, finished_at,
          outcome, resumed_at, status_codes, in_flight_at_start, aborted_count, deadline_ms)
        VALUES (${run.id}::uuid, ${run.instanceId}, ${run.kind}, ${run.trigger.source}, ${trigger}::jsonb,
          ${run.reason}, ${startedAt}, ${finishedAt}, ${run.outcome}, ${resumedAt}, ${statusCodes}::jsonb,
          ${run.inFlightAtStart}, ${run.abortedCount}, ${run.deadlineMs})
        ON CONFLICT (id) DO UPDATE SET instance_id = EXCLUDED.instance_id, kind = EXCLUDED.kind,
          trigger_source = EXCLUDED.trigger_source, trigger = EXCLUDED.trigger, reason = EXCLUDED.reason,
          started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at, outcome = EXCLUDED.outcome,
          resumed_at = EXCLUDED.resumed_at, status_codes = EXCLUDED.status_codes, in_flight_at_start = EXCLUDED.in_flight_at_start, aborted_count = EXCLUDED.aborted_count,
          deadline_ms = EXCLUDED.deadline_ms
      ), saved_stages AS (
        INSERT INTO drain_stages (run_id, name, "order", started_at, ended_at, duration_ms, outcome, details)
        SELECT ${run.id}::uuid, s.name, s."order", s."startedAt", s."endedAt", s."durationMs", s.outcome,
          COALESCE(s.details, '{}'::jsonb)
        FROM jsonb_to_recordset(${stages}::jsonb) AS s(name text, "order" int, "startedAt" timestamptz,
          "endedAt" timestamptz, "durationMs" float8, outcome text, details jsonb)
        ON CONFLICT (run_id, name) DO UPDATE SET "order" = EXCLUDED."order", started_at = EXCLUDED.started_at,
          ended_at = EXCLUDED.ended_at, duration_ms = EXCLUDED.duration_ms, outcome = EXCLUDED.outcome,
          details = EXCLUDED.details
      ), old_aborted AS (
        DELETE FROM aborted_requests WHERE run_id = ${run.id}::uuid
      )
      INSERT INTO aborted_requests (run_id, method, route, age_ms, bytes_sent, kind, status_code)
      SELECT ${run.id}::uuid, a.method, a.route, a."ageMs", a."bytesSent", COALESCE(a.kind, 'aborted'),
        a."statusCode"
      FROM jsonb_to_recordset(${aborted}::jsonb) AS a(method text, route text, "ageMs" float8, "bytesSent" int,
        kind text, "statusCode" int)`;
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

  /**
   * Runs newest first (`startedAt` desc, then `id` desc), at most `take`, after `after`: the runs that come
   * after that position in this order (strictly older, or as old with a smaller id). With `after.id` null, only
   * runs strictly older than `after.startedAt`. Only the runs matching every non-null filter.
   */
  async list(
    take: number,
    after: { startedAt: Date; id: string | null } | null,
    filters: RunFilters = NO_FILTERS,
  ): Promise<RunRow[]> {
    const page: Prisma.DrainRunWhereInput = !after
      ? {}
      : after.id === null
        ? { startedAt: { lt: after.startedAt } }
        : {
            OR: [
              { startedAt: { lt: after.startedAt } },
              { startedAt: after.startedAt, id: { lt: after.id } },
            ],
          };
    const where: Prisma.DrainRunWhereInput = {
      AND: [
        page,
        filters.kind === null ? {} : { kind: filters.kind },
        filters.outcome === null ? {} : { outcome: filters.outcome },
        filters.instanceId === null ? {} : { instanceId: filters.instanceId },
      ],
    };
    return this.prisma.drainRun.findMany({
      where,
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
      take,
      include: WITH_CHILDREN,
    });
  }

  /** One run with its stages and aborted requests, or null. */
  async get(id: string): Promise<RunRow | null> {
    return this.prisma.drainRun.findUnique({ where: { id }, include: WITH_CHILDREN });
  }
}
