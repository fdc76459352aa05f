import { Injectable } from '@nestjs/common';
import type { AbortedRequest, DrainRun, DrainStage, DrainStageRecord } from '@drainboard/contracts';
import { DRAIN_STAGES } from '@drainboard/contracts';
import { PrismaService } from '../database/prisma.service.js';
import type { Prisma } from '../generated/prisma/client.js';
import { type RunRow, runColumns, stageColumns } from './run-mapper.js';

const WITH_CHILDREN = { stages: true, abortedRequests: true } as const;

/** Bounds of the interactive transaction that writes a whole run. */
export const SAVE_RUN_TIMEOUT_MS = 4_000;

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
   * Writes the whole run in one transaction: its columns, every stage (upserted by name) and its aborted
   * requests (replaced). Writing the same run twice leaves the same rows.
   */
  async saveRun(run: DrainRun): Promise<void> {
    await this.prisma.$transaction(
      async (tx) => {
        await this.ensureInstance(tx, run);
        const columns = runColumns(run);
        await tx.drainRun.upsert({ where: { id: run.id }, create: columns, update: columns });
        for (const stage of run.stages) {
          const stageData = stageColumns(stage);
          await tx.drainStage.upsert({
            where: { runId_name: { runId: run.id, name: stage.name } },
            create: { runId: run.id, ...stageData },
            update: stageData,
          });
        }
        await tx.abortedRequest.deleteMany({ where: { runId: run.id } });
        await tx.abortedRequest.createMany({
          data: run.abortedRequests.map((a) => ({ runId: run.id, ...a })),
        });
      },
      { maxWait: SAVE_RUN_TIMEOUT_MS, timeout: SAVE_RUN_TIMEOUT_MS },
    );
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
