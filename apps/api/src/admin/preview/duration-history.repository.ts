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
   * last save) and prunes rows older than the maximum age and beyond MAX_STORED_ROUTES (the routes just saved are
   * the newest and stay; the others are kept most recently updated first), in one statement: atomic, and one
   * round trip, since the last save runs on the way to the exit. Routes Postgres cannot store as text, or too long
   * to be worth it, are left out. Returns the routes written.
   */
  async save(instanceId: string, routes: readonly UnsavedRoute[], now: Date): Promise<number> {
    const storable = routes
      .filter(
        (route) =>
          route.durations.length > 0 &&
          route.route.length <= MAX_STORED_ROUTE_LENGTH &&
          unstorableText(route.route) === null,
      )
      .map((route) => {
        const durationsMs = route.durations.map((ms) => Math.round(ms));
        const sorted = [...durationsMs].sort((a, b) => a - b);
        return {
          route: route.route,
          finished: route.finished,
          medianMs: quantile(sorted, 0.5) ?? 0,
          p90Ms: quantile(sorted, 0.9) ?? 0,
          maxMs: sorted.at(-1) ?? 0,
          durationsMs,
        };
      });
    const oldest = new Date(now.getTime() - HISTORY_MAX_AGE_MS);
    // Every part of the statement sees the table as it was before it: the prune leaves the saved routes alone and
    // keeps room for them among the MAX_STORED_ROUTES.
    await this.prisma.$executeRaw`
      WITH input AS (
        SELECT r.route, r.finished, r."medianMs", r."p90Ms", r."maxMs", r."durationsMs"
        FROM jsonb_to_recordset(${JSON.stringify(storable)}::jsonb) AS r(route text, finished bigint,
          "medianMs" int, "p90Ms" int, "maxMs" int, "durationsMs" jsonb)
      ), saved AS (
        INSERT INTO route_durations (route, instance_id, updated_at, request_count, median_ms, p90_ms, max_ms,
          durations_ms)
        SELECT route, ${instanceId}, ${now}, finished, "medianMs", "p90Ms", "maxMs", "durationsMs" FROM input
        ON CONFLICT (route) DO UPDATE SET instance_id = EXCLUDED.instance_id, updated_at = EXCLUDED.updated_at,
          request_count = route_durations.request_count + EXCLUDED.request_count, median_ms = EXCLUDED.median_ms,
          p90_ms = EXCLUDED.p90_ms, max_ms = EXCLUDED.max_ms, durations_ms = EXCLUDED.durations_ms
      ), others AS (
        SELECT route, updated_at FROM route_durations WHERE route NOT IN (SELECT route FROM input)
      )
      DELETE FROM route_durations WHERE route IN (
        SELECT route FROM others WHERE updated_at < ${oldest}
        UNION ALL
        SELECT route FROM (
          SELECT route FROM others ORDER BY updated_at DESC, route
          OFFSET GREATEST(${MAX_STORED_ROUTES}::int - (SELECT count(*) FROM input), 0)
        ) AS beyond
      )`;
    return storable.length;
  }
}
