import { Injectable } from '@nestjs/common';

import type { FleetInstanceState } from '@drainboard/contracts';

import { PrismaService } from '../../shared/database/prisma.service.js';

/** An API process as registered in the `instances` table. */
export interface InstanceRecord {
  id: string;
  host: string;
  pid: number;
  version: string;
  startedAt: Date;
}

/** A registry row with its heartbeat age by the database's clock. */
export interface InstanceRow extends InstanceRecord {
  trafficUrl: string | null;
  adminUrl: string | null;
  state: string;
  inFlight: number;
  openConnections: number;
  lastSeenAt: Date;
  stoppedAt: Date | null;
  lostAt: Date | null;
  ageMs: number;
}

/** What a heartbeat writes: the current state and load. */
export interface Beat {
  state: FleetInstanceState;
  inFlight: number;
  openConnections: number;
}

/** An instance the sweep declared lost. */
export interface LostInstance {
  id: string;
  fromState: string;
  lastSeenAt: Date;
}

/** What `countReady` needs of a Prisma client or transaction. */
type SqlClient = Pick<PrismaService, '$queryRaw'>;

/** Raised when the fleet lock could not be taken in time (another guarded command holds it). */
export class FleetLockTimeout extends Error {}

/** Most gone (stopped or lost) instances listed after the live ones. */
export const GONE_LISTED = 50;

/**
 * Reads and writes the fleet registry: `instances` and `instance_transitions`. Times that decide liveness
 * (`last_seen_at`, ages, the lost cut-off) use the database's clock, so clock skew between hosts cannot make an
 * instance look lost.
 */
@Injectable()
export class InstancesRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Registers (or re-registers, for a reused id) this process as `starting`. */
  async register(instance: InstanceRecord): Promise<void> {
    const { id, host, pid, version, startedAt } = instance;
    await this.prisma.$transaction([
      this.prisma.$executeRaw`
        INSERT INTO instances (id, host, pid, version, started_at, last_seen_at, state, traffic_url, admin_url,
          in_flight, open_connections, stopped_at, lost_at)
        VALUES (${id}, ${host}, ${pid}, ${version}, ${startedAt}, now(), 'starting', NULL, NULL, 0, 0, NULL, NULL)
        ON CONFLICT (id) DO UPDATE SET host = EXCLUDED.host, pid = EXCLUDED.pid, version = EXCLUDED.version,
          started_at = EXCLUDED.started_at, last_seen_at = now(), state = 'starting', traffic_url = NULL,
          admin_url = NULL, in_flight = 0, open_connections = 0, stopped_at = NULL, lost_at = NULL`,
      this.prisma.$executeRaw`
        INSERT INTO instance_transitions (instance_id, from_state, to_state, detail)
        VALUES (${id}, NULL, 'starting', ${`registered: pid ${pid} on ${host}, version ${version}`})`,
    ]);
  }

  /** Records where the instance listens. */
  async announce(id: string, trafficUrl: string, adminUrl: string): Promise<void> {
    await this.prisma.instance.updateMany({ where: { id }, data: { trafficUrl, adminUrl } });
  }

  /**
   * Heartbeat: refreshes `last_seen_at`, the state and the load. When the stored state differed (a transition
   * whose write failed, or a `lost` verdict on an instance that is alive after all) the change is recorded as a
   * transition. Returns the state stored before, or null when the row is gone.
   */
  async beat(
    id: string,
    beat: Beat,
    detail: string | null = null,
    runId: string | null = null,
  ): Promise<string | null> {
    const rows = await this.prisma.$queryRaw<{ previous: string }[]>`
      WITH prev AS (SELECT id, state FROM instances WHERE id = ${id} FOR UPDATE),
      updated AS (
        UPDATE instances i SET last_seen_at = now(), state = ${beat.state}, in_flight = ${beat.inFlight},
          open_connections = ${beat.openConnections}, lost_at = NULL
        FROM prev WHERE i.id = prev.id RETURNING i.id, prev.state AS previous
      ), logged AS (
        INSERT INTO instance_transitions (instance_id, from_state, to_state, detail, run_id)
        SELECT id, previous, ${beat.state}, ${detail}, ${runId}::uuid FROM updated WHERE previous <> ${beat.state}
      )
      SELECT previous FROM updated`;
    return rows[0]?.previous ?? null;
  }

  /** Marks the instance `stopped` (a clean exit), in one statement. */
  async markStopped(id: string): Promise<void> {
    await this.prisma.$executeRaw`
      WITH prev AS (SELECT id, state FROM instances WHERE id = ${id} FOR UPDATE),
      updated AS (
        UPDATE instances i SET state = 'stopped', stopped_at = now(), last_seen_at = now(), in_flight = 0,
          open_connections = 0
        FROM prev WHERE i.id = prev.id RETURNING i.id, prev.state AS previous
      )
      INSERT INTO instance_transitions (instance_id, from_state, to_state, detail)
      SELECT id, previous, 'stopped', 'process exit' FROM updated`;
  }

  /** Live instances by id, then the most recent gone ones, with their heartbeat age. */
  async list(): Promise<InstanceRow[]> {
    return this.prisma.$queryRaw<InstanceRow[]>`
      (SELECT id, host, pid, version, started_at AS "startedAt", traffic_url AS "trafficUrl", admin_url AS "adminUrl",
         state, in_flight AS "inFlight", open_connections AS "openConnections", last_seen_at AS "lastSeenAt",
         stopped_at AS "stoppedAt", lost_at AS "lostAt",
         (extract(epoch FROM now() - last_seen_at) * 1000)::float8 AS "ageMs", 0 AS grp, NULL::timestamptz AS gone_at
       FROM instances WHERE state NOT IN ('stopped', 'lost'))
      UNION ALL
      (SELECT id, host, pid, version, started_at, traffic_url, admin_url, state, in_flight, open_connections,
         last_seen_at, stopped_at, lost_at, (extract(epoch FROM now() - last_seen_at) * 1000)::float8, 1,
         COALESCE(stopped_at, lost_at, last_seen_at)
       FROM instances WHERE state IN ('stopped', 'lost')
       ORDER BY COALESCE(stopped_at, lost_at, last_seen_at) DESC LIMIT ${GONE_LISTED})
      ORDER BY grp, gone_at DESC NULLS FIRST, id`;
  }

  /** Instances `serving` with a heartbeat fresher than `timeoutMs`, other than `exceptId`. */
  async countReady(
    timeoutMs: number,
    exceptId: string | null,
    client: SqlClient = this.prisma,
  ): Promise<number> {
    const rows = await client.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM instances
      WHERE state = 'serving' AND last_seen_at > now() - ${timeoutMs} * interval '1 millisecond'
        AND id IS DISTINCT FROM ${exceptId}`;
    return rows[0]?.n ?? 0;
  }

  /**
   * Runs `work` holding the fleet-wide lock (a transaction-scoped advisory lock, waited for at most `lockWaitMs`)
   * in one transaction of at most `timeoutMs`, so two guarded commands sent at the same moment through different
   * instances are decided one after the other, each seeing the other's effect. `countReady` reads inside it.
   * @throws FleetLockTimeout when the lock could not be taken in time
   */
  async withFleetLock<T>(
    lockWaitMs: number,
    timeoutMs: number,
    work: (countReady: (heartbeatTimeoutMs: number, exceptId: string) => Promise<number>) => Promise<T>,
  ): Promise<T> {
    return this.prisma.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = ${Math.trunc(lockWaitMs)}`);
        await tx.$executeRawUnsafe(`SET LOCAL statement_timeout = ${Math.trunc(timeoutMs)}`);
        try {
          await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext('drainboard.fleet'))::text`;
        } catch (error) {
          throw new FleetLockTimeout(`another fleet command held the lock: ${(error as Error).message}`);
        }
        return work((heartbeatTimeoutMs, exceptId) => this.countReady(heartbeatTimeoutMs, exceptId, tx));
      },
      { maxWait: lockWaitMs, timeout: timeoutMs },
    );
  }

  /**
   * Declares `lost` every live instance whose last heartbeat is older than `timeoutMs`, and records the
   * transition. Nothing is declared while Postgres itself has been up for less than `timeoutMs` (a database
   * restart silences every heartbeat: that is not the instances' fault).
   */
  async sweepLost(timeoutMs: number, detectedBy: string): Promise<LostInstance[]> {
    return this.prisma.$queryRaw<LostInstance[]>`
      WITH gone AS (
        SELECT id, state FROM instances
        WHERE state NOT IN ('stopped', 'lost') AND last_seen_at < now() - ${timeoutMs} * interval '1 millisecond'
          AND pg_postmaster_start_time() < now() - ${timeoutMs} * interval '1 millisecond'
        FOR UPDATE SKIP LOCKED
      ), marked AS (
        UPDATE instances i SET state = 'lost', lost_at = now() FROM gone WHERE i.id = gone.id
        RETURNING i.id, gone.state AS from_state, i.last_seen_at
      ), logged AS (
        INSERT INTO instance_transitions (instance_id, from_state, to_state, detail)
        SELECT id, from_state, 'lost',
          'no heartbeat since ' || to_char(last_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
            || ' (timeout ' || ${timeoutMs}::int || ' ms), noticed by ' || ${detectedBy}::text
        FROM marked
      )
      SELECT id, from_state AS "fromState", last_seen_at AS "lastSeenAt" FROM marked`;
  }

  /** Live instances registered on `host` (other than `exceptId`) whose last heartbeat is older than `staleMs`. */
  async staleOnHost(host: string, exceptId: string, staleMs: number): Promise<{ id: string; pid: number }[]> {
    return this.prisma.$queryRaw<{ id: string; pid: number }[]>`
      SELECT id, pid FROM instances
      WHERE host = ${host} AND id <> ${exceptId} AND state NOT IN ('stopped', 'lost')
        AND last_seen_at < now() - ${staleMs} * interval '1 millisecond'`;
  }

  /** Declares one instance `lost` with the reason (no-op when it is already gone). */
  async markLost(id: string, detail: string): Promise<LostInstance | null> {
    const rows = await this.prisma.$queryRaw<LostInstance[]>`
      WITH gone AS (
        SELECT id, state FROM instances WHERE id = ${id} AND state NOT IN ('stopped', 'lost') FOR UPDATE
      ), marked AS (
        UPDATE instances i SET state = 'lost', lost_at = now() FROM gone WHERE i.id = gone.id
        RETURNING i.id, gone.state AS from_state, i.last_seen_at
      ), logged AS (
        INSERT INTO instance_transitions (instance_id, from_state, to_state, detail)
        SELECT id, from_state, 'lost', ${detail} FROM marked
      )
      SELECT id, from_state AS "fromState", last_seen_at AS "lastSeenAt" FROM marked`;
    return rows[0] ?? null;
  }

  /** The instance row, or null. */
  async find(id: string): Promise<InstanceRow | null> {
    const rows = await this.prisma.$queryRaw<InstanceRow[]>`
      SELECT id, host, pid, version, started_at AS "startedAt", traffic_url AS "trafficUrl", admin_url AS "adminUrl",
        state, in_flight AS "inFlight", open_connections AS "openConnections", last_seen_at AS "lastSeenAt",
        stopped_at AS "stoppedAt", lost_at AS "lostAt", (extract(epoch FROM now() - last_seen_at) * 1000)::float8 AS "ageMs"
      FROM instances WHERE id = ${id}`;
    return rows[0] ?? null;
  }
}
