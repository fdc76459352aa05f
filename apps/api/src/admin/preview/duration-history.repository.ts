import { Injectable } from '@nestjs/common';

import { unstorableText } from '../../shared/common/storable-text.js';
import { PrismaService } from '../../shared/database/prisma.service.js';
import { quantile } from './quantile.js';
import type { UnsavedRoute } from './route-durations.js';
import {
  HISTORY_MAX_AGE_MS,
  MAX_STORED_ROUTE_LENGTH,
  MAX_STORED_ROUTES,
  type RouteDurationRow,
} from './stored-route.js';

/** Reads and writes `route_durations`: the recent durations of each route, kept across restarts. */
@Injectable()
export class DurationHistoryRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The `limit` most recently updated rows younger than the maximum age, most recent first. */
  async recent(now: Date, limit: number): Promise<RouteDurationRow[]> {
    return this.prisma.routeDuration.findMany({
      where: { updatedAt: { gt: new Date(now.getTime() - HISTORY_MAX_AGE_MS) } },
      orderBy: { updatedAt: 'desc' },
      take: limit,
      select: { route: true, updatedAt: true, durationsMs: true },
    });
  }

  /**
   * Stores each route's window (one row per route, replaced; its request count grows by what finished since the
   * last save) and prunes rows older than the maximum age and beyond MAX_STORED_ROUTES, in one transaction.
   * Routes Postgres cannot store as text, or too long to be worth it, are left out. Returns the routes written.
   */
  async save(instanceId: string, routes: readonly UnsavedRoute[], now: Date): Promise<number> {
    const storable = routes.filter(
      (route) =>
        route.durations.length > 0 &&
        route.route.length <= MAX_STORED_ROUTE_LENGTH &&
        unstorableText(route.route) === null,
    );
    const writes = storable.map((route) => {
      const durationsMs = route.durations.map((ms) => Math.round(ms));
      const sorted = [...durationsMs].sort((a, b) => a - b);
      const summary = {
        instanceId,
        updatedAt: now,
        medianMs: quantile(sorted, 0.5) ?? 0,
        p90Ms: quantile(sorted, 0.9) ?? 0,
        maxMs: sorted.at(-1) ?? 0,
        durationsMs,
      };
      return this.prisma.routeDuration.upsert({
        where: { route: route.route },
        create: { route: route.route, requestCount: BigInt(route.finished), ...summary },
        update: { requestCount: { increment: BigInt(route.finished) }, ...summary },
      });
    });
    await this.prisma.$transaction([
      ...writes,
      this.prisma.routeDuration.deleteMany({
        where: { updatedAt: { lt: new Date(now.getTime() - HISTORY_MAX_AGE_MS) } },
      }),
      this.prisma.$executeRaw`DELETE FROM "route_durations" WHERE "route" IN (
        SELECT "route" FROM "route_durations" ORDER BY "updated_at" DESC, "route" OFFSET ${MAX_STORED_ROUTES})`,
    ]);
    return storable.length;
  }
}
