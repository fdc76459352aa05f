// deploy/kubernetes parsed and checked against the API's own configuration code: the env the Deployment sets is
// a config the API accepts in production, the probes and Prometheus annotations point at the admin port, and
// terminationGracePeriodSeconds covers the longest stop the app can make with that env.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { parse, parseAllDocuments } from 'yaml';

import { CONFIG_VARIABLES, loadConfig } from '../src/shared/config/load-config.js';
import { longestStopMs, STOP_MARGIN_MS } from './support/stop-budget.js';

const DIR = resolve(__dirname, '../../../deploy/kubernetes');

interface Probe {
  httpGet: { path: string; port: string | number };
  periodSeconds?: number;
  failureThreshold?: number;
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  ports: Array<{ name: string; containerPort: number }>;
  env: Array<{ name: string; value?: string; valueFrom?: unknown }>;
  readinessProbe: Probe;
  livenessProbe: Probe;
  startupProbe?: Probe;
  resources: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext: {
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[] };
  };
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec: Record<string, unknown>;
}
interface PodSpec {
  terminationGracePeriodSeconds: number;
  securityContext: { runAsNonRoot?: boolean; runAsUser?: number };
  containers: Container[];
  volumes?: Array<{ name: string }>;
}

const manifests: Manifest[] = readdirSync(DIR)
  .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
  .flatMap((file) =>
    parseAllDocuments(readFileSync(join(DIR, file), 'utf8')).map((doc) => doc.toJS() as Manifest),
  );
const find = (kind: string, name?: string): Manifest => {
  const found = manifests.find((m) => m.kind === kind && (name === undefined || m.metadata.name === name));
  if (!found) {
    throw new Error(`deploy/kubernetes has no ${kind} ${name ?? ''}`);
  }
  return found;
};

const deployment = find('Deployment');
const template = deployment.spec.template as {
  metadata: { labels: Record<string, string>; annotations: Record<string, string> };
  spec: PodSpec;
};
const pod = template.spec;
const api = pod.containers[0]!;
/** The env the container gets; values from secrets and the downward API stand in as realistic values. */
const env = Object.fromEntries(
  api.env.map((entry) => [
    entry.name,
    entry.value ??
      {
        DATABASE_URL: 'postgres://drainboard:secret@postgres:5432/drainboard',
        ADMIN_TOKEN: 'k8s-test-token-0123456789',
        INSTANCE_ID: 'drainboard-api-7d9f-x2x1',
      }[entry.name] ??
      '',
  ]),
);
const config = loadConfig(env);
const portNumber = (port: string | number): number =>
  typeof port === 'number' ? port : api.ports.find((p) => p.name === port)!.containerPort;

describe('deploy/kubernetes', () => {
  it('lists every manifest in its kustomization', () => {
    const kustomization = parse(readFileSync(join(DIR, 'kustomization.yaml'), 'utf8')) as {
      resources: string[];
    };
    const files = readdirSync(DIR).filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());
    expect(manifests.map((m) => m.kind).sort()).toEqual([
      'Deployment',
      'PodDisruptionBudget',
      'Service',
      'Service',
    ]);
  });

  it('sets only variables the config module knows, and a config the API accepts in production', () => {
    expect(
      Object.keys(env).filter((name) => !(CONFIG_VARIABLES as readonly string[]).includes(name)),
    ).toEqual([]);
    expect(config.nodeEnv).toBe('production');
    expect(config.adminTokenGenerated).toBe(false);
    expect(
      api.env
        .filter((e) => e.valueFrom !== undefined)
        .map((e) => e.name)
        .sort(),
    ).toEqual(['ADMIN_TOKEN', 'DATABASE_URL', 'INSTANCE_ID']);
    expect(api.command).toEqual(['node', 'apps/api/dist/main.js']);
  });

  it('derives terminationGracePeriodSeconds from the deadline (LB delay included), the final steps and a margin', () => {
    const needed = longestStopMs(config) + STOP_MARGIN_MS;
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThanOrEqual(needed);
    // Derived, not padded: a stuck pod is not kept much longer than the app itself allows.
    expect(pod.terminationGracePeriodSeconds * 1000 - needed).toBeLessThan(5000);
    // Kubernetes' default (30 s) would not do: without the setting, SIGKILL would cut a slow drain.
    expect(longestStopMs(config)).toBeGreaterThan(30_000);
  });

  it('keeps serving after SIGTERM until the endpoint change and readiness have propagated', () => {
    const readiness = api.readinessProbe;
    const readinessReactionMs = (readiness.periodSeconds ?? 10) * (readiness.failureThreshold ?? 3) * 1000;
    expect(config.drainLbDelayMs).toBeGreaterThan(readinessReactionMs);
    expect(config.drainLbDelayMs).toBeGreaterThanOrEqual(5000);
    // What is left of the deadline for in-flight requests once the listener has closed.
    expect(config.drainDeadlineMs - config.drainLbDelayMs).toBeGreaterThanOrEqual(20_000);
  });

  it('probes readiness and liveness on the admin port, never the traffic port', () => {
    expect(portNumber(api.readinessProbe.httpGet.port)).toBe(config.adminPort);
    expect(api.readinessProbe.httpGet.path).toBe('/health/ready');
    expect(portNumber(api.livenessProbe.httpGet.port)).toBe(config.adminPort);
    expect(api.livenessProbe.httpGet.path).toBe('/health/live');
    expect(portNumber(api.startupProbe!.httpGet.port)).toBe(config.adminPort);
    expect(api.ports.map((p) => [p.name, p.containerPort])).toEqual([
      ['traffic', config.port],
      ['admin', config.adminPort],
    ]);
  });

  it('has Prometheus scrape /metrics on the admin port through pod annotations the scrape job reads', () => {
    const annotations = template.metadata.annotations;
    expect(annotations).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': String(config.adminPort),
      'prometheus.io/path': '/metrics',
    });
    const scrape = parse(readFileSync(join(DIR, 'prometheus-scrape.yml'), 'utf8')) as {
      scrape_configs: Array<{
        job_name: string;
        relabel_configs: Array<{ source_labels?: string[]; regex?: string }>;
      }>;
    };
    const job = scrape.scrape_configs[0]!;
    expect(job.job_name).toBe('drainboard');
    const sources = job.relabel_configs.flatMap((r) => r.source_labels ?? []);
    for (const annotation of Object.keys(annotations)) {
      expect(sources).toContain(`__meta_kubernetes_pod_annotation_${annotation.replace(/[./]/g, '_')}`);
    }
    const app = job.relabel_configs.find(
      (r) => r.source_labels?.[0] === '__meta_kubernetes_pod_label_app_kubernetes_io_name',
    );
    expect(app?.regex).toBe(template.metadata.labels['app.kubernetes.io/name']);
  });

  it('runs as a non-root user with a read-only root filesystem, writable volumes only where the app writes', () => {
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    expect(api.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(api.volumeMounts?.map((m) => m.mountPath).sort()).toEqual([config.dataDir, '/tmp'].sort());
    expect(api.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(api.resources.limits?.memory).toEqual(expect.any(String));
  });

  it('rolls one pod at a time without dropping below the replica count, and disrupts at most one pod', () => {
    const strategy = deployment.spec.strategy as {
      rollingUpdate: { maxSurge: number; maxUnavailable: number };
    };
    expect(strategy.rollingUpdate).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    const pdb = find('PodDisruptionBudget');
    expect(pdb.spec.maxUnavailable).toBe(1);
    expect(pdb.spec.selector).toEqual(deployment.spec.selector);
  });

  it('sends Service traffic to the traffic port of the pods, and admin to the admin port', () => {
    const selector = (deployment.spec.selector as { matchLabels: Record<string, string> }).matchLabels;
    const traffic = find('Service', 'drainboard-api');
    expect(traffic.spec.selector).toEqual(selector);
    expect(
      (traffic.spec.ports as Array<{ targetPort: string }>).map((p) => portNumber(p.targetPort)),
    ).toEqual([config.port]);
    const admin = find('Service', 'drainboard-admin');
    expect(admin.spec.selector).toEqual(selector);
    expect((admin.spec.ports as Array<{ targetPort: string }>).map((p) => portNumber(p.targetPort))).toEqual([
      config.adminPort,
    ]);
  });
});
