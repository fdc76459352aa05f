import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { type INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { type DrainExit, DrainService, enableDrainShutdownHooks } from '@drainboard/drain';

import { AdminModule } from '../admin/admin.module.js';
import { closeAdminApp } from '../admin/close-admin-app.js';
import { configureAdminApp } from '../admin/configure-admin-app.js';
import { announceInstance } from '../admin/instances/announce.js';
import { expressRouteCatalog } from '../admin/metrics/express-route-catalog.js';
import { RunRecorder } from '../admin/runs/run-recorder.service.js';
import { errorMessage } from '../shared/common/error-message.js';
import type { AppConfig } from '../shared/config/app-config.js';
import { type OpenDatabase, openDatabase } from '../shared/database/open-database.js';
import { appLogger, rootLogger } from '../shared/logging/logging.js';
import { attachRequestLog } from '../shared/logging/request-log.js';
import { TrafficModule } from '../traffic/traffic.module.js';
import { banner, type BoundPorts, listeningLine } from './banner.js';
import { BootSignals } from './boot-signals.js';
import { type Closed, Closers } from './closers.js';
import { acquireDataDirLock } from './data-dir-lock.js';

/** Longest the final clean-up (admin app, database) may take after a stop run before the process exits anyway. */
export const FINAL_CLOSE_TIMEOUT_MS = 5000;

const logger = new Logger('Drainboard');

function boundPort(app: INestApplication): number {
  return (app.getHttpServer() as { address(): AddressInfo }).address().port;
}

/** A closer's line in the exit's stage log, e.g. `admin app closed in 21 ms (last work 6 ms (...), close 15 ms)`. */
function describeClosed({ name, ms, detail, skipped }: Closed): string {
  return skipped ? `${name} skipped (forced)` : `${name} closed in ${ms} ms${detail ? ` (${detail})` : ''}`;
}

function closeAll(closers: Closers, forced = false): Promise<Closed[]> {
  return closers.closeAll({ forced }, (name, error) =>
    logger.error(`closing the ${name} failed: ${errorMessage(error)}`),
  );
}

/**
 * What the drain library's `exit` does: closes what the process opened, last opened first (`Closers`: the admin
 * app, whose hooks write the instance's stop and the exit stage's end; the database, which stops embedded
 * Postgres; the DATA_DIR lock), logs where that time went, and exits. A forced exit (third signal, the run cut
 * short) skips the admin app; a second call exits at once. A run that neither Postgres nor the spool could take
 * makes the exit code 1 whatever the run's outcome.
 */
function finalExit(closers: Closers): DrainExit {
  let exiting = false;
  return async (requested, { forced }) => {
    const exitCode = (): number => (requested === 0 && closers.lost() ? 1 : requested);
    if (exiting) {
      process.exit(exitCode());
    }
    exiting = true;
    setTimeout(() => {
      const code = exitCode();
      logger.error(`clean-up took over ${FINAL_CLOSE_TIMEOUT_MS} ms; exiting with code ${code} anyway`);
      process.exit(code);
    }, FINAL_CLOSE_TIMEOUT_MS).unref();
    // The stage line of the clean-up after the exit stage: where the time between the run and the exit goes.
    const closed = await closeAll(closers, forced);
    const code = exitCode();
    logger.log(`exit clean-up: ${closed.map(describeClosed).join(', ')}; exiting with code ${code}`);
    process.exit(code);
  };
}

/**
 * Starts the process: takes the DATA_DIR, opens the database, creates the traffic app (drain library, signal
 * handling), the admin app, then the listeners (admin first, so the console is up before traffic arrives).
 * Prints the banner and the listening line.
 *
 * Signals during boot (see `BootSignals`, installed by main.ts before anything loads): before the database is
 * ready, one stops the boot, stops whatever was starting, and rejects with `BootInterruptedError`; after, they
 * are handed to the drain library once the API is up, so the stop is recorded.
 */
export async function boot(config: AppConfig, signals = new BootSignals()): Promise<BoundPorts> {
  const closers = new Closers();
  signals.whenForced((signal, step) => {
    process.stderr.write(
      `Drainboard: ${signal} received a third time while ${step}: exiting before the stop could run, so nothing was recorded\n`,
    );
    void closeAll(closers, true).finally(() => process.exit(1));
  });
  try {
    signals.throwIfInterrupted();
  } catch (error) {
    signals.dispose();
    throw error;
  }
  signals.step('taking the data directory');
  const lock = await acquireDataDirLock(config.dataDir, { instanceId: config.instanceId }).catch(
    (error: unknown) => {
      signals.dispose();
      throw error;
    },
  );
  closers.add({ name: 'data directory lock', close: () => lock.release() });
  let db: OpenDatabase;
  try {
    db = await openDatabase(config, {
      signal: signals.abortSignal,
      onStep: (step) => signals.step(step),
      onNotice: (line) => logger.warn(line),
    });
  } catch (error) {
    signals.dispose();
    await closeAll(closers);
    if (signals.abortSignal.aborted) {
      signals.throwIfInterrupted();
    }
    throw error;
  }
  closers.add({ name: 'database', close: () => db.close() });
  try {
    signals.markDatabaseReady();
    signals.step('starting the API');
    const ports = await startApps(config, db, closers);
    signals.release();
    return ports;
  } catch (error) {
    signals.dispose();
    await closeAll(closers);
    throw error;
  }
}

/** The traffic listener's accept queue (Node's default is 511). */
const TRAFFIC_LISTEN_BACKLOG = 4096;
type ListenWithBacklog = (port: number, host: string, backlog: number) => Promise<unknown>;

async function startApps(config: AppConfig, db: OpenDatabase, closers: Closers): Promise<BoundPorts> {
  // abortOnError false: a failing module init throws here instead of aborting the process.
  const options = { logger: appLogger(config), abortOnError: false };
  const traffic = await NestFactory.create(
    TrafficModule.register({ config, exit: finalExit(closers) }),
    options,
  );
  // Each traffic request logged once with its request id, 404s included (Node's HTTP diagnostics channels: no
  // middleware and nothing per request but its record).
  attachRequestLog(traffic.getHttpServer() as Server, rootLogger(config));
  const drain = traffic.get(DrainService);
  // The admin app parses JSON bodies itself (configureAdminApp), so Nest's default parsers stay off.
  const trafficRoutes = expressRouteCatalog(traffic);
  const admin = await NestFactory.create(
    AdminModule.register({ drain, config, databaseUrl: db.url, trafficRoutes }),
    {
      ...options,
      bodyParser: false,
    },
  );
  const recorder = admin.get(RunRecorder, { strict: false });
  closers.add({
    name: 'admin app',
    close: () => closeAdminApp(admin),
    skipWhenForced: true,
    lost: () => recorder.lostRuns() > 0,
  });
  configureAdminApp(admin, config);
  await admin.listen(config.adminPort, config.host);
  // A deeper accept queue than Node's 511 (the kernel caps it at net.core.somaxconn): a burst of new connections
  // that overflows the queue leaves clients believing they are connected, and the kernel resets them when the
  // listener closes; what the queue holds, the drain accepts and serves (close-listener).
  // Nest passes its arguments through to Node's server.listen(port, host, backlog); its typings only name the first two.
  const listen = traffic.listen.bind(traffic) as unknown as ListenWithBacklog;
  await listen(config.port, config.host, TRAFFIC_LISTEN_BACKLOG);
  // The drain library takes the signals only now that the run recorder is up: a stop is always recorded.
  enableDrainShutdownHooks(traffic);
  const ports = { traffic: boundPort(traffic), admin: boundPort(admin) };
  await announceInstance(admin, ports);
  // Production logs are JSON lines: the banner becomes one record; the listening line stays as is (scripts
  // and orchestration wait for it).
  if (config.nodeEnv === 'production') {
    logger.log({ msg: 'started', ports, instance: config.instanceId });
  } else {
    process.stdout.write(`${banner(config, ports)}\n`);
  }
  process.stdout.write(`${listeningLine(ports)}\n`);
  return ports;
}
