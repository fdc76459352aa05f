import type {
  DrainPreview,
  DrainRequestBody,
  DrainRun,
  DrainRunKind,
  DrainRunOutcome,
  FleetCommand,
  FleetCommandBody,
  FleetCommandResponse,
  FleetInstancesResponse,
  InstanceStateResponse,
  RollingDrain,
  RollingDrainBody,
  RunsPage,
} from '@drainboard/contracts';

import { ApiError, errorFromResponse, retryAfterSeconds, UNREACHABLE_MESSAGE } from './api-error.js';

type Method = 'GET' | 'POST' | 'DELETE';

/**
 * The console's only `fetch` caller: the admin API on the same origin, with the bearer token.
 * Every failure is an `ApiError` (`unreachable`, `unauthorized` or `rejected`).
 */
export class ApiClient {
  constructor(
    private readonly token: string,
    private readonly baseUrl = '',
  ) {}

  /** `GET /admin/state`. */
  getState(): Promise<InstanceStateResponse> {
    return this.request('GET', '/admin/state');
  }

  /** `POST /admin/drain` (202 with the run). */
  drain(body: DrainRequestBody): Promise<DrainRun> {
    return this.request('POST', '/admin/drain', body);
  }

  /** `POST /admin/resume`. */
  resume(): Promise<unknown> {
    return this.request('POST', '/admin/resume');
  }

  /** `POST /admin/stop` (202 with the run; the process then exits). */
  stop(body: DrainRequestBody): Promise<DrainRun> {
    return this.request('POST', '/admin/stop', body);
  }

  /**
   * `GET /admin/runs?limit&cursor&kind&outcome&instance`, newest first, filtered by the API over the whole
   * history; `cursor` is the previous page's `nextCursor`, sent with the same filters.
   */
  listRuns(
    page: {
      limit?: number;
      cursor?: string | null;
      kind?: DrainRunKind;
      outcome?: DrainRunOutcome;
      instance?: string;
    } = {},
  ): Promise<RunsPage> {
    const query = new URLSearchParams();
    if (page.limit !== undefined) {
      query.set('limit', String(page.limit));
    }
    if (page.cursor) {
      query.set('cursor', page.cursor);
    }
    if (page.kind) {
      query.set('kind', page.kind);
    }
    if (page.outcome) {
      query.set('outcome', page.outcome);
    }
    if (page.instance) {
      query.set('instance', page.instance);
    }
    const suffix = query.size > 0 ? `?${query.toString()}` : '';
    return this.request('GET', `/admin/runs${suffix}`);
  }

  /** `GET /admin/runs/:id`. */
  getRun(id: string): Promise<DrainRun> {
    return this.request('GET', `/admin/runs/${encodeURIComponent(id)}`);
  }

  /** `GET /admin/drain/preview?deadlineMs=`: a dry run (default deadline: what is left of the current run). */
  previewDrain(deadlineMs?: number): Promise<DrainPreview> {
    const suffix = deadlineMs === undefined ? '' : `?deadlineMs=${deadlineMs}`;
    return this.request('GET', `/admin/drain/preview${suffix}`);
  }

  /** `GET /admin/instances`: the fleet registry. */
  listInstances(): Promise<FleetInstancesResponse> {
    return this.request('GET', '/admin/instances');
  }

  /** `POST /admin/instances/:id/drain|resume|stop`, through whichever instance serves this console. */
  sendFleetCommand(
    id: string,
    command: FleetCommand,
    body: FleetCommandBody = {},
  ): Promise<FleetCommandResponse> {
    return this.request('POST', `/admin/instances/${encodeURIComponent(id)}/${command}`, body);
  }

  /** `GET /admin/fleet/rolling-drain`: the running rolling drain, else the last one. */
  getRollingDrain(): Promise<RollingDrain> {
    return this.request('GET', '/admin/fleet/rolling-drain');
  }

  /** `POST /admin/fleet/rolling-drain`. */
  startRollingDrain(body: RollingDrainBody): Promise<RollingDrain> {
    return this.request('POST', '/admin/fleet/rolling-drain', body);
  }

  /** `DELETE /admin/fleet/rolling-drain`. */
  cancelRollingDrain(): Promise<RollingDrain> {
    return this.request('DELETE', '/admin/fleet/rolling-drain');
  }

  /** `GET /health/ready` (no token needed): whether the load balancer would route here, and the database. */
  async readiness(): Promise<Readiness> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/health/ready`, { headers: { accept: 'application/json' } });
    } catch {
      throw new ApiError('unreachable', UNREACHABLE_MESSAGE);
    }
    const body = parseJson(await response.text().catch(() => ''));
    return readinessFrom(response.status, body);
  }

  private async request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.token}`,
      accept: 'application/json',
    };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError('unreachable', UNREACHABLE_MESSAGE);
    }
    const text = await response.text().catch(() => '');
    const parsed = parseJson(text);
    if (!response.ok) {
      throw errorFromResponse(
        response.status,
        parsed,
        retryAfterSeconds(response.headers.get('retry-after')),
      );
    }
    return parsed as T;
  }
}

function parseJson(text: string): unknown {
  if (text === '') {
    return null;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** `GET /health/ready` as the console shows it. */
export interface Readiness {
  ready: boolean;
  /** Each terminus indicator (e.g. `drain`, `database`) and whether it is up. */
  checks: Record<string, boolean>;
}

function readinessFrom(status: number, body: unknown): Readiness {
  const checks: Record<string, boolean> = {};
  if (typeof body === 'object' && body !== null) {
    const details = (body as { details?: Record<string, { status?: string }> }).details ?? {};
    for (const [name, value] of Object.entries(details)) {
      checks[name] = value?.status === 'up';
    }
  }
  return { ready: status === 200, checks };
}
