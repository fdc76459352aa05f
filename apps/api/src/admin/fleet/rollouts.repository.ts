import { Injectable } from '@nestjs/common';

import type {
  RollingDrain,
  RollingDrainMode,
  RollingDrainStatus,
  RollingDrainStep,
} from '@drainboard/contracts';

import type { Prisma } from '../../generated/prisma/client.js';
import { PrismaService } from '../../shared/database/prisma.service.js';

type RolloutRow = Prisma.FleetRolloutGetPayload<object>;

function toRollingDrain(row: RolloutRow): RollingDrain {
  return {
    id: row.id,
    coordinatorId: row.coordinatorId,
    mode: row.mode as RollingDrainMode,
    deadlineMs: row.deadlineMs,
    status: row.status as RollingDrainStatus,
    steps: row.steps as unknown as RollingDrainStep[],
    message: row.message,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt ? row.finishedAt.toISOString() : null,
  };
}

/** Reads and writes rolling drains (`fleet_rollouts`). */
@Injectable()
export class RolloutsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Stores `rollout` unless one is running (decided under a fleet-wide advisory lock, so two POSTs on two
   * instances cannot both start one). A running rollout whose coordinator is gone (lost or stopped) is closed
   * as `interrupted` first. Returns the running one that blocked it, or null when `rollout` was stored.
   */
  async startUnlessRunning(rollout: RollingDrain): Promise<RollingDrain | null> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext('drainboard.rollout'))::text`;
      await tx.$executeRaw`
        UPDATE fleet_rollouts r SET status = 'interrupted', finished_at = now(),
          message = 'its coordinator ' || r.coordinator_id || ' is gone'
        FROM instances i WHERE r.status = 'running' AND i.id = r.coordinator_id AND i.state IN ('lost', 'stopped')`;
      const running = await tx.fleetRollout.findFirst({ where: { status: 'running' } });
      if (running) {
        return toRollingDrain(running);
      }
      await tx.fleetRollout.create({ data: this.columns(rollout) });
      return null;
    });
  }

  /** Writes the rollout's progress. */
  async save(rollout: RollingDrain): Promise<void> {
    await this.prisma.fleetRollout.update({ where: { id: rollout.id }, data: this.columns(rollout) });
  }

  /** The running rollout, else the most recent one, else null. */
  async current(): Promise<RollingDrain | null> {
    const row =
      (await this.prisma.fleetRollout.findFirst({ where: { status: 'running' } })) ??
      (await this.prisma.fleetRollout.findFirst({ orderBy: { startedAt: 'desc' } }));
    return row ? toRollingDrain(row) : null;
  }

  private columns(rollout: RollingDrain): Prisma.FleetRolloutCreateInput {
    return {
      id: rollout.id,
      coordinatorId: rollout.coordinatorId,
      mode: rollout.mode,
      deadlineMs: rollout.deadlineMs,
      status: rollout.status,
      instances: rollout.steps.map((step) => step.instanceId),
      steps: rollout.steps as unknown as Prisma.InputJsonValue,
      message: rollout.message,
      startedAt: new Date(rollout.startedAt),
      finishedAt: rollout.finishedAt ? new Date(rollout.finishedAt) : null,
    };
  }
}
