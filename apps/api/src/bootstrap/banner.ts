import type { AppConfig } from '../shared/config/app-config.js';
import { maskUrl } from '../shared/config/config-error.js';

/** Ports the two servers actually bound (they differ from the config when it asked for port 0). */
export interface BoundPorts {
  traffic: number;
  admin: number;
}

/** The machine-readable line tests and scripts wait for: `drainboard: listening traffic=<port> admin=<port>`. */
export function listeningLine(ports: BoundPorts): string {
  return `drainboard: listening traffic=${ports.traffic} admin=${ports.admin}`;
}

/** Host to show in URLs: a wildcard bind address is reachable as localhost. */
function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') {
    return 'localhost';
  }
  return host.includes(':') ? `[${host}]` : host;
}

function tokenLine(config: AppConfig): string {
  if (config.adminTokenGenerated) {
    const kept = config.adminTokenFile ? `kept in ${config.adminTokenFile}` : 'generated for this run';
    return `${config.adminToken}  (${kept}; set ADMIN_TOKEN to choose one)`;
  }
  return '(from ADMIN_TOKEN)';
}

function databaseLine(config: AppConfig): string {
  return config.databaseUrl === null
    ? `embedded Postgres under ${config.dataDir}`
    : maskUrl(config.databaseUrl);
}

/** The start-up banner: where everything is, the admin token (only when generated) and the database. */
export function banner(config: AppConfig, ports: BoundPorts): string {
  const host = displayHost(config.host);
  const admin = `http://${host}:${ports.admin}`;
  return [
    `Drainboard instance ${config.instanceId} (pid ${process.pid}, ${config.nodeEnv})`,
    `  traffic   http://${host}:${ports.traffic}/demo/fast`,
    `  admin     ${admin}/admin/state`,
    `  console   ${admin}/`,
    `  token     ${tokenLine(config)}`,
    `  database  ${databaseLine(config)}`,
    `  drain     deadline ${config.drainDeadlineMs} ms, load-balancer delay ${config.drainLbDelayMs} ms`,
  ].join('\n');
}
